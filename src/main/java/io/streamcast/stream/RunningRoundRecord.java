package io.streamcast.stream;

import io.streamcast.training.TrainingSchedule;

/**
 * Which life of which instance ({@link InstanceLife}) started the round the trainer's progress holds as running, and
 * whether it was a first round, so that a later life of the trainer tells a round cut short while the process lived on
 * from one the process stopped in. Two counters beside the schedule's, in the same store and encoding (Kafka's
 * eight-byte longs): a store of an earlier release, without them, reads as holding no running round, and its rounds
 * that never ended count as before.
 */
final class RunningRoundRecord {

    static final String LIFE = "running.round.life";
    static final String FIRST = "running.round.first";

    private final TrainingSchedule.Progress progress;
    private final TrainingSchedule schedule;
    private final InstanceLife life;

    RunningRoundRecord(TrainingSchedule.Progress progress, TrainingSchedule schedule, InstanceLife life) {
        this.progress = progress;
        this.schedule = schedule;
        this.life = life;
    }

    /** Records that this life runs the round just started, without a champion ({@code first}) or with one. */
    void started(boolean first) {
        progress.put(FIRST, first ? 1 : 0);
        progress.put(LIFE, life.id());
    }

    /** Records that no round runs: the one on record ended, whatever its outcome. */
    void ended() {
        progress.put(LIFE, 0);
        progress.put(FIRST, 0);
    }

    /** Records the round on record as cut short with the process alive ({@link TrainingSchedule#roundCutShort}). */
    void cutShort() {
        schedule.roundCutShort(progress.get(FIRST) == 1);
        ended();
    }

    /**
     * Settles the round on record as a life of the trainer starts, running none yet: one this instance's life started
     * is recorded as cut short, as its task was revived without the process stopping; one another life started stays
     * counted as a round that never ended. Returns whether the round was this life's.
     */
    boolean settleAtStart() {
        long onRecord = progress.get(LIFE);
        if (onRecord == 0) {
            return false;
        }
        if (onRecord == life.id()) {
            cutShort();
            return true;
        }
        ended();
        return false;
    }
}

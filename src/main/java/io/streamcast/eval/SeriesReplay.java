package io.streamcast.eval;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.TrainerSettings;
import io.streamcast.predict.TrainingRound;
import io.streamcast.predict.TrainingSchedule;
import io.streamcast.predict.TrainingSet;

/**
 * Replays one key's series, in arrival order, as the stream would run it: every row through the same per-key step
 * the stream processor runs, and, when training is on, the trainer alongside: the training windows the step
 * asks for go into a training set like the trainer's, and a champion/challenger round runs on the trainer's
 * {@link TrainingSchedule}, on past rows only, and publishes under the trainer's versioning; a published candidate
 * forecasts from the next row on. Offline there is no wall clock, so the schedule's interval is taken as elapsed
 * and rounds follow the count of new windows alone. Rounds run synchronously, so a replay is deterministic.
 */
public final class SeriesReplay {

    /**
     * Sees the step's result after every applied row; the result object is reused, so copy what must be kept.
     */
    @FunctionalInterface
    public interface Listener {
        void onStep(int row, StepResult result);

        /** A row the stream would refuse: it changes nothing and gets no result. */
        default void onRefused(int row, Rejection reason) {
        }
    }

    private final PredictorSettings settings;
    private final TrainerSettings trainer;
    private int rounds;
    private int published;
    private final RefusedRows refused = new RefusedRows();

    /** @param trainer how to retrain, or null to replay with the fallback forecast only */
    public SeriesReplay(PredictorSettings settings, TrainerSettings trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    /**
     * Replays the rows in their order, as they would arrive. A row the stream would refuse (late beyond the
     * event-time policy, a non-finite value, another number of values) is refused as the stream refuses it: it
     * changes nothing, is counted in {@link #refused()} and reaches the listener's {@code onRefused}. Each row is
     * taken as produced at its own event time, so no row is ahead of its clock.
     *
     * @param times  event times in milliseconds, in arrival order
     * @param values one row of values per event
     * @param model  the model to start with, or null for the fallback
     */
    public void run(String key, long[] times, double[][] values, ForecastModel model, Listener listener) {
        KeyStep step = new KeyStep(settings);
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        TrainingSet trainingSet = trainer == null ? null : new TrainingSet(trainer.capacity(), trainer.perKeyCapacity());
        TrainingRound round = trainer == null ? null : new TrainingRound(settings.spec(), trainer);
        TrainingSchedule schedule = trainer == null ? null
                : TrainingSchedule.offline(trainer, TrainingSchedule.Progress.inMemory());
        long nextId = 0;
        ForecastModel current = model;
        for (int row = 0; row < times.length; row++) {
            Rejection rejection = step.check(state, times[row], times[row], values[row], values[row].length);
            if (rejection != null) {
                refused.add(rejection);
                listener.onRefused(row, rejection);
                continue;
            }
            step.apply(state, times[row], values[row], current, result);
            listener.onStep(row, result);
            if (trainingSet != null && result.trainingWindowDue()) {
                trainingSet.add(nextId++, step.trainingSample(key, state));
                schedule.windowArrived();
                if (schedule.due(times[row], trainingSet.size())) {
                    schedule.roundStarted(times[row]);
                    rounds++;
                    TrainingRound.Outcome outcome;
                    try {
                        outcome = round.run(trainingSet.windows(), current);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Replay interrupted", e);
                    }
                    if (outcome.verdict() == TrainingRound.Verdict.PUBLISH) {
                        current = new ForecastModel(key, schedule.publishVersion(current), times[row],
                                outcome.spec(), outcome.network(), outcome.report());
                        published++;
                    }
                }
            }
        }
    }

    /** Training rounds run by the last replays of this instance. */
    public int rounds() {
        return rounds;
    }

    /** Candidates published by the last replays of this instance. */
    public int published() {
        return published;
    }

    /** Rows refused by the replays of this instance, by reason. */
    public RefusedRows refused() {
        return refused;
    }
}

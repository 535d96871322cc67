package io.streamcast.eval;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.KeyLength;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepResult;
import io.streamcast.training.TrainerSettings;
import io.streamcast.training.TrainingRound;
import io.streamcast.training.TrainingSchedule;
import io.streamcast.training.TrainingSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one key's series, in arrival order, as the stream would run it: every row through the same per-key step
 * the stream processor runs, and, when training is on, the trainer alongside: the training windows the step
 * asks for go into a training set like the trainer's, and a champion/challenger round runs on the trainer's
 * {@link TrainingSchedule}, on past rows only, and publishes under the trainer's versioning; a published candidate
 * forecasts from the next row on. Offline there is no wall clock, so the schedule's interval is taken as elapsed
 * and rounds follow the count of new windows alone. Rounds run synchronously, so a replay is deterministic.
 */
public final class SeriesReplay {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesReplay.class);

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
    private final SharedTimestamps sharedTimestamps = new SharedTimestamps();

    /** @param trainer how to retrain, or null to replay with the fallback forecast only */
    public SeriesReplay(PredictorSettings settings, TrainerSettings trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    /**
     * Sees the step's result after every applied row of several keys; the result object is reused, so copy what
     * must be kept.
     */
    public interface KeysListener {
        void onStep(int key, int row, StepResult result);

        /** A row the stream would refuse: it changes nothing and gets no result. */
        default void onRefused(int key, int row, Rejection reason) {
        }
    }

    /**
     * One key's rows in arrival order.
     *
     * @param times  event times in milliseconds
     * @param values one row of values per event
     */
    public record KeySeries(String key, long[] times, double[][] values) {
        public KeySeries {
            if (times.length != values.length) {
                throw new IllegalArgumentException("key " + key + ": " + times.length + " times but "
                        + values.length + " rows of values");
            }
        }
    }

    /**
     * Replays the rows in their order, as they would arrive. A row the stream would refuse (late beyond the
     * event-time policy, a non-finite value, another number of values, any row of a key longer than the stream's
     * limit) is refused as the stream refuses it: it changes nothing, is counted in {@link #refused()} and reaches
     * the listener's {@code onRefused}. A row at the same time as its key's row applied before is applied, as the
     * stream applies it, and counted in {@link #sharedTimestamps()}. Each row is
     * taken as produced at its own event time, so no row is ahead of its clock.
     *
     * @param times  event times in milliseconds, in arrival order
     * @param values one row of values per event
     * @param model  the model to start with, or null for the fallback
     */
    public void run(String key, long[] times, double[][] values, ForecastModel model, Listener listener) {
        run(List.of(new KeySeries(key, times, values)), model, new KeysListener() {
            @Override
            public void onStep(int k, int row, StepResult result) {
                listener.onStep(row, result);
            }

            @Override
            public void onRefused(int k, int row, Rejection reason) {
                listener.onRefused(row, reason);
            }
        });
    }

    /**
     * Replays several keys as one stream that shares one model and one trainer, as the stream runs them: the keys'
     * rows are interleaved by event time (each key's rows keep their order; on equal times, the key listed first
     * goes first), every key has its own state, and all keys' training windows go into one training set, so one
     * round trains on all of them and what it publishes forecasts every key from its next row on. Rows are
     * handled as {@link #run(String, long[], double[][], ForecastModel, Listener)} handles them.
     */
    public void run(List<KeySeries> keys, ForecastModel model, KeysListener listener) {
        KeyStep step = new KeyStep(settings);
        KeyMemory[] states = new KeyMemory[keys.size()];
        for (int k = 0; k < states.length; k++) {
            states[k] = step.newMemory();
        }
        int[] next = new int[keys.size()];
        // the stream refuses every record of a key longer than its limit, before it reads the value
        boolean[] keyTooLong = new boolean[keys.size()];
        for (int k = 0; k < keyTooLong.length; k++) {
            keyTooLong[k] = keyRefusal(keys.get(k).key()) != null;
        }
        long[] lastApplied = new long[keys.size()];
        boolean[] applied = new boolean[keys.size()];
        StepResult result = step.newResult();
        TrainingSet trainingSet = trainer == null ? null
                : new TrainingSet(trainer.capacity(), trainer.perKeyCapacity());
        TrainingRound round = trainer == null ? null : new TrainingRound(settings.spec(), trainer);
        TrainingSchedule schedule = trainer == null ? null
                : TrainingSchedule.offline(trainer, TrainingSchedule.Progress.inMemory());
        String modelName = keys.size() == 1 ? keys.get(0).key() : "replay";
        long nextId = 0;
        ForecastModel current = model;
        for (int k = nextKey(keys, next); k >= 0; k = nextKey(keys, next)) {
            KeySeries series = keys.get(k);
            KeyMemory state = states[k];
            int row = next[k]++;
            long time = series.times()[row];
            double[] values = series.values()[row];
            Rejection rejection = keyTooLong[k] ? Rejection.KEY_TOO_LONG
                    : step.check(state, time, time, values, values.length);
            if (rejection != null) {
                refused.add(rejection);
                listener.onRefused(k, row, rejection);
                continue;
            }
            if (applied[k] && time == lastApplied[k]) {
                sharedTimestamps.add();
            }
            applied[k] = true;
            lastApplied[k] = time;
            step.apply(state, time, values, current, result);
            listener.onStep(k, row, result);
            if (trainingSet != null && result.trainingWindowDue()) {
                trainingSet.add(nextId++, step.trainingSample(series.key(), state));
                schedule.windowArrived();
                if (schedule.due(time, trainingSet.size())) {
                    schedule.roundStarted(time);
                    rounds++;
                    TrainingRound.Outcome outcome;
                    try {
                        outcome = round.run(trainingSet.windows(), current,
                                current == null ? 0 : schedule.challengerRoundStarted());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Replay interrupted", e);
                    }
                    if (current != null) {
                        schedule.challengerTried();
                    }
                    if (outcome.verdict() == TrainingRound.Verdict.PUBLISH) {
                        current = new ForecastModel(modelName, schedule.publishVersion(current), time,
                                outcome.spec(), outcome.network(), outcome.report());
                        published++;
                    }
                    LOG.info("Round {} at {} row {} ({} windows): {}, held-out loss {} against {}; candidates: {}",
                            rounds, series.key(), row, trainingSet.size(), outcome.verdict(),
                            outcome.candidateLoss(), outcome.referenceLoss(), outcome.candidates());
                }
            }
        }
    }

    /** The key whose next row arrives first, or -1 when every key's rows are done. */
    private static int nextKey(List<KeySeries> keys, int[] next) {
        int best = -1;
        long bestTime = Long.MAX_VALUE;
        for (int k = 0; k < next.length; k++) {
            long[] times = keys.get(k).times();
            if (next[k] < times.length && (best < 0 || times[next[k]] < bestTime)) {
                best = k;
                bestTime = times[next[k]];
            }
        }
        return best;
    }

    /** Training rounds run by the last replays of this instance. */
    public int rounds() {
        return rounds;
    }

    /** Candidates published by the last replays of this instance. */
    public int published() {
        return published;
    }

    /** Rows applied by the replays of this instance at the event time of their key's row applied before. */
    public SharedTimestamps sharedTimestamps() {
        return sharedTimestamps;
    }

    /**
     * Why the stream refuses every record of {@code key} ({@link Rejection#KEY_TOO_LONG}), in the words of its
     * dead letters, e.g. {@code the key is 600 bytes, more than 512}; null when it takes the key.
     */
    public static String keyRefusal(String key) {
        return KeyLength.refusal(key.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Rows refused by the replays of this instance, by reason. */
    public RefusedRows refused() {
        return refused;
    }
}

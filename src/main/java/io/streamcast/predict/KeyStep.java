package io.streamcast.predict;

import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.TrainingSample;
import io.streamcast.codec.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The per-key step: everything that happens to a key's state when one of its events arrives, free of Kafka so
 * that the stream processor and the offline evaluators give identical numbers for the same inputs.
 *
 * <p>An event is refused when it has the wrong number of values, a non-finite value, or an event time the
 * {@link EventTimePolicy} refuses; a late event it accepts is applied in arrival order, and the key keeps the
 * largest event time it has seen. For an accepted event, in order: re-warm the state if it was built by another model version (replay the
 * key's recent events through the new model from a zero state); score the event against the forecast made after
 * the previous event, in units of the key's standard deviation <em>before</em> this event (so a spike cannot
 * dampen its own score); update the key's scaler (on the values after the spec's transform); advance the network
 * one step and forecast the next {@code horizon} events as changes from the last scaled value, or, with no model
 * yet, forecast persistence (the last observed values) and flag the prediction as warming up.
 *
 * <p>Not thread-safe: one instance per stream thread. Allocates nothing per event, except once when a model
 * with a bigger state arrives.
 */
public final class KeyStep {

    /** Scaled inputs are clipped to this many standard deviations so that one wild value cannot saturate the cells. */
    static final float INPUT_CLIP = 10f;

    private final PredictorSettings settings;
    private final InputSpec spec;
    private final AnomalyScorer scorer;
    private final double[] scoredValues;
    private final float[] input;
    private final float[] output;
    private final float[] sampleRow;
    private float[] sampleValues = new float[0];
    private LstmModel workspaceOwner;
    private LstmModel.Workspace workspace;

    public KeyStep(PredictorSettings settings) {
        this.settings = settings;
        this.spec = settings.spec();
        this.scorer = new AnomalyScorer(settings.anomaly(), spec.forecastCount());
        this.scoredValues = new double[spec.forecastCount()];
        this.input = new float[spec.inputSize()];
        this.output = new float[spec.outputSize()];
        this.sampleRow = new float[spec.inputSize()];
    }

    public PredictorSettings settings() {
        return settings;
    }

    /** A fresh, empty key state sized for these settings. */
    public KeyMemory newMemory() {
        KeyMemory memory = new KeyMemory(spec, settings.historyLength(), scorer.stateSize());
        memory.reset();
        return memory;
    }

    public StepResult newResult() {
        return new StepResult(spec);
    }

    /**
     * Why this event must be refused, or null when it can be applied. Reads {@code state}, never changes it.
     *
     * @param referenceTime the larger of the record's timestamp and the wall clock, against which a far-future
     *                      event time is judged
     */
    public Rejection check(KeyMemory state, long eventTime, long referenceTime, double[] values, int count) {
        if (count != spec.valueDimension()) {
            return Rejection.WRONG_DIMENSION;
        }
        for (int j = 0; j < count; j++) {
            if (!Double.isFinite(values[j])) {
                return Rejection.NON_FINITE_VALUE;
            }
        }
        return settings.eventTimes().judge(state.eventCount > 0, state.lastEventTime, eventTime, referenceTime);
    }

    /**
     * Applies an event that {@link #check} accepted.
     *
     * @param model the model to forecast with, or null when none is available yet
     */
    public void apply(KeyMemory state, long eventTime, double[] values, ForecastModel model, StepResult result) {
        result.rewarmed = false;
        if (model != null && state.modelVersion != model.version()) {
            rewarm(state, model);
            result.rewarmed = true;
        }
        score(state, eventTime, values, result);

        state.eventCount++;
        for (int j = 0; j < spec.valueDimension(); j++) {
            Scaler.update(state.mean, state.variance, j, ValueTransforms.apply(spec.transform(), values[j]),
                    state.eventCount, spec.scalerDecay());
        }
        state.appendHistory(eventTime, values);
        state.lastEventTime = Math.max(state.lastEventTime, eventTime);

        if (model != null) {
            LstmModel network = model.network();
            encodeInput(state, state.historySize - 1, input);
            network.step(state.lstmState, input, output, workspaceFor(network));
            unscaleForecast(state, output);
        } else {
            for (int k = 0; k < spec.horizon(); k++) {
                for (int j = 0; j < spec.forecastCount(); j++) {
                    state.forecast[k * spec.forecastCount() + j] = values[spec.forecastIndex(j)];
                }
            }
        }
        state.hasForecast = true;

        System.arraycopy(values, 0, result.observed, 0, spec.valueDimension());
        System.arraycopy(state.forecast, 0, result.forecast, 0, state.forecast.length);
        result.modelVersion = model == null ? 0 : model.version();
        result.warmingUp = model == null || state.eventCount <= settings.warmupEvents();
        result.trainingWindowDue = settings.trainingSampleEvery() > 0
                && state.historySize == settings.historyLength()
                && state.eventCount % settings.trainingSampleEvery() == 0;
    }

    /**
     * Scores the event against the forecast made after the previous one; the anomaly scorer also sees the scored
     * values themselves, so a key is judged from its first event even before any forecast exists.
     */
    private void score(KeyMemory state, long eventTime, double[] values, StepResult result) {
        int f = spec.forecastCount();
        for (int j = 0; j < f; j++) {
            scoredValues[j] = values[spec.forecastIndex(j)];
        }
        if (!state.hasForecast) {
            result.residualCount = 0;
            result.rawScore = 0;
        } else {
            for (int j = 0; j < f; j++) {
                int index = spec.forecastIndex(j);
                double std = Scaler.std(state.mean, state.variance, index);
                result.residual[j] = (ValueTransforms.apply(spec.transform(), values[index])
                        - ValueTransforms.apply(spec.transform(), state.forecast[j])) / std;
            }
            result.residualCount = f;
            result.rawScore = AnomalyScorer.rawScore(result.residual, f);
        }
        result.likelihood = scorer.update(state.anomaly, eventTime, scoredValues, result.residual,
                result.residualCount);
        result.logLikelihood = AnomalyScorer.logLikelihood(result.likelihood);
        result.anomaly = scorer.alarm(state.anomaly, result.logLikelihood);
        result.alarmScore = scorer.alarmScore(result.logLikelihood, result.anomaly);
        state.lastRawScore = result.rawScore;
        state.lastLikelihood = result.likelihood;
    }

    /** Replays the key's recent events through {@code model} from a zero state. */
    private void rewarm(KeyMemory state, ForecastModel model) {
        LstmModel network = model.network();
        float[] lstm = state.lstmState(network.stateSize());
        Arrays.fill(lstm, 0, network.stateSize(), 0f);
        LstmModel.Workspace ws = workspaceFor(network);
        for (int i = 0; i < state.historySize; i++) {
            encodeInput(state, i, input);
            network.step(lstm, input, output, ws);
        }
        if (state.historySize > 0) {
            unscaleForecast(state, output);
            state.hasForecast = true;
        }
        state.modelVersion = model.version();
    }

    /**
     * The training window a key sends to the trainer: its history, oldest first, transformed, scaled by its
     * current scaler and clipped as the network's inputs are, so that the whole window shares one scale.
     */
    public TrainingSample trainingSample(String key, KeyMemory state) {
        return TrainingSampleCodec.decode(encodeTrainingSample(key.getBytes(StandardCharsets.UTF_8), state,
                new BinaryWriter()));
    }

    /**
     * Writes {@link #trainingSample}'s window in its stored form ({@link TrainingSampleCodec}) into {@code out}
     * without allocating, and returns the bytes as a new array.
     */
    public byte[] encodeTrainingSample(byte[] key, KeyMemory state, BinaryWriter out) {
        int v = spec.valueDimension();
        int n = state.historySize;
        if (sampleValues.length < n * v) {
            sampleValues = new float[n * v];
        }
        for (int i = 0; i < n; i++) {
            encodeInput(state, i, sampleRow);
            System.arraycopy(sampleRow, 0, sampleValues, i * v, v);
        }
        TrainingSampleCodec.write(out, key, key.length, state.historyTimes, n, sampleValues, v);
        return out.toByteArray();
    }

    /** The network's input for history row {@code row}: clipped z-scores, then calendar features. */
    private void encodeInput(KeyMemory state, int row, float[] target) {
        int v = spec.valueDimension();
        for (int j = 0; j < v; j++) {
            double z = Scaler.scale(state.mean, state.variance, j,
                    ValueTransforms.apply(spec.transform(), state.historyValues[row * v + j]));
            target[j] = Math.max(-INPUT_CLIP, Math.min(INPUT_CLIP, (float) z));
        }
        CalendarFeatures.encode(spec.calendarFeatures(), state.historyTimes[row], target, v);
    }

    /**
     * The network forecasts each value's change from the last input, in scaled units: adding it to that input
     * makes a network that has learnt nothing forecast persistence, the fallback, rather than the mean.
     */
    private void unscaleForecast(KeyMemory state, float[] changes) {
        int f = spec.forecastCount();
        for (int k = 0; k < spec.horizon(); k++) {
            for (int j = 0; j < f; j++) {
                int index = spec.forecastIndex(j);
                double z = input[index] + (double) changes[k * f + j];
                state.forecast[k * f + j] = ValueTransforms.invert(spec.transform(),
                        Scaler.unscale(state.mean, state.variance, index, z));
            }
        }
    }

    private LstmModel.Workspace workspaceFor(LstmModel network) {
        if (network != workspaceOwner) {
            workspace = network.newWorkspace();
            workspaceOwner = network;
        }
        return workspace;
    }
}

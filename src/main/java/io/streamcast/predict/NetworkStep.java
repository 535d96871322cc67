package io.streamcast.predict;

import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.SpreadHead;
import io.streamcast.schema.ValueTransform;
import java.util.Arrays;

/**
 * A key's events through its model's network: advances the key's network state by its newest event and writes the
 * model's forecast row from the outputs, or replays the key's history into a new model from a zero state (the
 * re-warm). The forecasts are each value's change from its last scaled input, unscaled with the key's scaling
 * statistics as they stood after that input, as the trainer scales its windows.
 *
 * <p>Not thread-safe: one instance per {@link KeyStep}. Allocates nothing per event, except once when a model with a
 * bigger network arrives.
 */
final class NetworkStep {

    private final InputSpec spec;
    /** The spreads of the model's newest forecast row, per step and forecast value. */
    private final double[] modelSpreads;
    private float[] input = new float[0];
    private float[] output = new float[0];
    /** The last {@code horizon} outputs of a re-warm replay, newest first. */
    private float[] replayOutputs = new float[0];
    private float[] replayLastInputs = new float[0];
    /**
     * The key's scaling statistics as they stood after each event of its history, per row the means and variances of
     * the raw values and of their signed logs ({@link Scaler#undoBack}), for a re-warm; and those of the present.
     */
    private final double[] historyScaling;
    private final double[] presentScaling;
    private LstmModel workspaceOwner;
    private LstmModel.Workspace workspace;

    NetworkStep(PredictorSettings settings) {
        this.spec = settings.spec();
        this.modelSpreads = new double[spec.forecastSize()];
        this.historyScaling = new double[settings.historyLength() * Scaler.PER_VALUE * spec.valueDimension()];
        this.presentScaling = new double[Scaler.PER_VALUE * spec.valueDimension()];
    }

    /**
     * Advances the key's network state by its newest event (the last of its history) and writes the model's newest
     * forecast row, which {@link KeyMemory#pushForecastRow} has made room for.
     */
    void step(KeyMemory state, ForecastModel model) {
        LstmModel network = model.network();
        prepareBuffers(model);
        presentScaling(state, presentScaling, 0);
        encodeInput(state, model.spec(), state.historySize - 1, input, presentScaling, 0);
        network.step(state.lstmState, input, output, workspaceFor(network));
        writeModelRow(state, model.spec(), output, input, presentScaling, 0);
    }

    /**
     * Replays the key's history through {@code model} from a zero state, which it leaves in the key's state. Each
     * event is scaled with the statistics as they stood after it, as when it arrived: the replay leaves the state the
     * model would have reached had it been in use over those events. The outputs after the last {@code horizon}
     * events are kept for {@link #writeReplayedRow}.
     */
    void replay(KeyMemory state, ForecastModel model) {
        LstmModel network = model.network();
        prepareBuffers(model);
        float[] lstm = state.lstmState(network.stateSize());
        Arrays.fill(lstm, 0, network.stateSize(), 0f);
        LstmModel.Workspace ws = workspaceFor(network);
        int out = network.outputSize();
        int in = network.inputSize();
        int horizon = spec.horizon();
        int width = Scaler.PER_VALUE * spec.valueDimension();
        if (state.historySize > 0) {
            presentScaling(state, historyScaling, (state.historySize - 1) * width);
        }
        Scaler.undoBack(historyScaling, state.historyValues, state.historySize, spec.valueDimension(),
                state.eventCount, spec.scalerDecay());
        for (int i = 0; i < state.historySize; i++) {
            encodeInput(state, model.spec(), i, input, historyScaling, i * width);
            network.step(lstm, input, output, ws);
            int back = state.historySize - 1 - i;
            if (back < horizon) {
                System.arraycopy(output, 0, replayOutputs, back * out, out);
                System.arraycopy(input, 0, replayLastInputs, back * in, in);
            }
        }
    }

    /**
     * Writes, as the key's newest forecast row, the model's forecasts made after the event {@code back} events before
     * the newest of the last {@link #replay}, unscaled with the statistics as they stood after that event.
     */
    void writeReplayedRow(KeyMemory state, ForecastModel model, int back) {
        LstmModel network = model.network();
        int out = network.outputSize();
        int in = network.inputSize();
        int width = Scaler.PER_VALUE * spec.valueDimension();
        System.arraycopy(replayOutputs, back * out, output, 0, out);
        System.arraycopy(replayLastInputs, back * in, input, 0, in);
        writeModelRow(state, model.spec(), output, input, historyScaling, (state.historySize - 1 - back) * width);
    }

    /** The spread the model gave the forecast at {@code slot} of the row last written; NaN without a spread head. */
    double spread(int slot) {
        return modelSpreads[slot];
    }

    /**
     * Writes the model's newest forecast row from the network's outputs: each value's change from its last scaled
     * input (adding it to that input makes a network that has learnt nothing forecast persistence, the fallback,
     * rather than the mean), unscaled; with a spread head, each forecast's spread.
     */
    private void writeModelRow(KeyMemory state, InputSpec modelSpec, float[] outputs, float[] lastInput,
                               double[] scaling, int at) {
        int f = spec.forecastCount();
        int size = spec.forecastSize();
        ValueTransform transform = modelSpec.transform();
        for (int k = 1; k <= spec.horizon(); k++) {
            for (int j = 0; j < f; j++) {
                int index = spec.forecastIndex(j);
                int slot = (k - 1) * f + j;
                int i = at + Scaler.offset(index, transform);
                double std = Scaler.std(scaling[i], scaling[i + 1]);
                double z = lastInput[index] + (double) outputs[slot];
                state.modelForecasts[state.at(0, k, j)] = KeyStep.withinMagnitude(ValueTransforms.invert(transform,
                        Scaler.unscale(scaling, i, z)));
                modelSpreads[slot] = modelSpec.spread()
                        ? Math.min(SpreadHead.standardDeviation(outputs[size + slot]) * std, KeyStep.MAX_MAGNITUDE)
                        : Double.NaN;
            }
        }
    }

    /** Writes the key's present scaling statistics at {@code at} of {@code scaling}, laid out as a history row. */
    private void presentScaling(KeyMemory state, double[] scaling, int at) {
        for (int j = 0; j < spec.valueDimension(); j++) {
            int raw = at + Scaler.offset(j, ValueTransform.NONE);
            int log = at + Scaler.offset(j, ValueTransform.SIGNED_LOG);
            scaling[raw] = state.mean[j];
            scaling[raw + 1] = state.variance[j];
            scaling[log] = state.logMean[j];
            scaling[log + 1] = state.logVariance[j];
        }
    }

    /**
     * The network's input for history row {@code row}: clipped z-scores under the statistics at {@code at} of
     * {@code scaling} (laid out as a history row), then calendar features.
     */
    private void encodeInput(KeyMemory state, InputSpec modelSpec, int row, float[] target, double[] scaling,
                             int at) {
        int v = spec.valueDimension();
        ValueTransform transform = modelSpec.transform();
        for (int j = 0; j < v; j++) {
            double x = ValueTransforms.apply(transform, state.historyValues[row * v + j]);
            double z = Scaler.scale(scaling, at + Scaler.offset(j, transform), x);
            target[j] = Math.max(-KeyStep.INPUT_CLIP, Math.min(KeyStep.INPUT_CLIP, (float) z));
        }
        CalendarFeatures.encode(modelSpec.calendarFeatures(), state.historyTimes[row], target, v);
    }

    private void prepareBuffers(ForecastModel model) {
        LstmModel network = model.network();
        if (input.length < network.inputSize() || output.length < network.outputSize()) {
            input = new float[Math.max(input.length, network.inputSize())];
            output = new float[Math.max(output.length, network.outputSize())];
        }
        int horizon = spec.horizon();
        if (replayOutputs.length < horizon * network.outputSize()
                || replayLastInputs.length < horizon * network.inputSize()) {
            replayOutputs = new float[horizon * network.outputSize()];
            replayLastInputs = new float[horizon * network.inputSize()];
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

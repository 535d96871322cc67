package io.streamcast.eval;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;

/**
 * Replays one series, in time order, through the same per-key step the stream processor runs, so offline
 * figures are the stream's figures for the same inputs.
 */
public final class SeriesReplay {

    /** Sees the step's result after every row; the result object is reused, so copy what must be kept. */
    @FunctionalInterface
    public interface Listener {
        void onStep(int row, StepResult result);
    }

    private final PredictorSettings settings;

    public SeriesReplay(PredictorSettings settings) {
        this.settings = settings;
    }

    /**
     * @param times  event times in milliseconds, not decreasing
     * @param values one row of values per event
     * @param model  the model to forecast with, or null for the fallback
     */
    public void run(long[] times, double[][] values, ForecastModel model, Listener listener) {
        KeyStep step = new KeyStep(settings);
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        for (int row = 0; row < times.length; row++) {
            if (step.check(state, times[row], values[row], values[row].length) != null) {
                throw new IllegalArgumentException("row " + row + " cannot be applied: "
                        + step.check(state, times[row], values[row], values[row].length).code());
            }
            step.apply(state, times[row], values[row], model, result);
            listener.onStep(row, result);
        }
    }
}

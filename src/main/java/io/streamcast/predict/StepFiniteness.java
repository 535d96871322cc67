package io.streamcast.predict;

import io.streamcast.stats.Finite;

/**
 * Whether an event's step left finite every number a healthy step leaves finite. A step on a state it wrote never
 * leaves one NaN or infinite: values are finite and within 1e18, inputs clipped, weights and forecasts bounded. A
 * stored state whose numbers are absurd but finite (scaling statistics of 1e300, which the codec cannot refuse, since
 * earlier releases' states legitimately hold up to 1e18) can: the statistics overflow, and a re-warm replays the
 * history into NaN network states and forecasts. Left, such a step sends its NaN forecast or score to users.
 *
 * <p>Not checked, as a healthy step leaves them NaN: the model's forecasts without a model, the intervals and
 * surprises before the key's errors or the model's spread are known (after a re-warm). Nor the history, whose
 * values are the events', refused unless finite, and checked as they are loaded.
 */
public final class StepFiniteness {

    private StepFiniteness() {
    }

    /**
     * What the step that filled {@code result} and left {@code state} made NaN or infinite, of what a healthy step
     * leaves finite; null when nothing. Reads a few small arrays and allocates nothing.
     */
    public static String nonFinite(KeyMemory state, StepResult result) {
        if (!Finite.all(result.forecast, 0, result.forecast.length)) {
            return "its issued forecasts";
        }
        if (!Finite.all(result.residual, 0, result.residualCount) || !Double.isFinite(result.rawScore)
                || !Double.isFinite(result.likelihood)) {
            return "its score";
        }
        if (!Finite.all(state.lstmState, 0, state.lstmStateSize)) {
            return "its network's state";
        }
        if (!Finite.all(state.forecasts, 0, state.forecastRows * state.slots())) {
            return "its stored forecasts";
        }
        if (!Scaler.allFinite(state.mean) || !Scaler.allFinite(state.variance) || !Scaler.allFinite(state.logMean)
                || !Scaler.allFinite(state.logVariance)) {
            return "its scaling statistics";
        }
        return null;
    }
}

package io.streamcast.lstm;

/**
 * One training sequence: {@code steps} input rows and the target rows the model should output after each of
 * them. Training starts every window from the zero state.
 *
 * @param inputs  {@code steps} rows of the model's input size, row after row; all finite
 * @param targets {@code steps} rows of targets, row after row, one per forecast output of the model (a model with a
 *                spread head has as many spread outputs again); NaN marks "no target at this step and output"
 *                (e.g. forecasts that reach past the end of the window), infinities are refused
 * @param steps   the number of steps, at least 1
 */
public record Window(float[] inputs, float[] targets, int steps) {

    public Window {
        if (steps < 1) {
            throw new IllegalArgumentException("a window needs at least one step, got " + steps);
        }
        if (inputs.length == 0 || inputs.length % steps != 0 || targets.length == 0 || targets.length % steps != 0) {
            throw new IllegalArgumentException("inputs (" + inputs.length + ") and targets (" + targets.length
                    + ") must both hold " + steps + " non-empty rows");
        }
        for (int n = 0; n < inputs.length; n++) {
            if (!Float.isFinite(inputs[n])) {
                throw new IllegalArgumentException("input " + n + " is not finite: " + inputs[n]);
            }
        }
        for (int n = 0; n < targets.length; n++) {
            if (Float.isInfinite(targets[n])) {
                throw new IllegalArgumentException("target " + n + " is infinite");
            }
        }
    }

    public int inputSize() {
        return inputs.length / steps;
    }

    /** Targets per step. */
    public int outputSize() {
        return targets.length / steps;
    }

    /** Number of targets that count in the loss: not NaN and not within the first {@code burnInSteps} steps. */
    public int targetCount(int burnInSteps) {
        int count = 0;
        for (int n = Math.min(burnInSteps, steps) * outputSize(); n < targets.length; n++) {
            if (!Float.isNaN(targets[n])) {
                count++;
            }
        }
        return count;
    }
}

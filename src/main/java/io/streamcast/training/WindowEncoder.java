package io.streamcast.training;

import io.streamcast.lstm.Window;
import io.streamcast.predict.CalendarFeatures;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyStep;
import io.streamcast.schema.ValueTransform;

/**
 * Turns a training sample into a model's training window: at every step the inputs the predictor would feed that
 * model (scaled values through the model's transform, then its calendar features), and as targets the changes of
 * the scaled forecast values over the next {@code horizon} events, each scaled as the step's own input was (what the
 * network forecasts, see {@link KeyStep}), NaN where they lie past the window's end.
 */
final class WindowEncoder {

    private final InputSpec spec;

    WindowEncoder(InputSpec spec) {
        this.spec = spec;
    }

    Window encode(SampleSeries sample) {
        int v = spec.valueDimension();
        int steps = sample.steps();
        int in = spec.inputSize();
        int out = spec.forecastSize();
        int f = spec.forecastCount();
        ValueTransform transform = spec.transform();
        float[] inputs = new float[steps * in];
        float[] targets = new float[steps * out];
        float[] row = new float[in];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < v; j++) {
                row[j] = sample.input(t, j, transform);
            }
            CalendarFeatures.encode(spec.calendarFeatures(), sample.time(t), row, v);
            System.arraycopy(row, 0, inputs, t * in, in);
            for (int k = 1; k <= spec.horizon(); k++) {
                for (int j = 0; j < f; j++) {
                    int index = spec.forecastIndex(j);
                    targets[t * out + (k - 1) * f + j] = t + k < steps
                            ? sample.scaled(t, t + k, index, transform) - sample.input(t, index, transform)
                            : Float.NaN;
                }
            }
        }
        return new Window(inputs, targets, steps);
    }
}

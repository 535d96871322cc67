package io.streamcast.predict;

import io.streamcast.lstm.Window;
import io.streamcast.schema.TrainingSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns a training sample into the network's training window: at every step the same inputs the predictor feeds
 * (scaled values, then calendar features), and as targets the changes of the scaled forecast values over the
 * next {@code horizon} events (what the network forecasts, see {@link KeyStep}), NaN where they lie past the
 * window's end.
 */
final class WindowEncoder {

    private final InputSpec spec;

    WindowEncoder(InputSpec spec) {
        this.spec = spec;
    }

    /** True when the sample has the spec's value dimension, consistent sizes and finite values. */
    boolean fits(TrainingSample sample) {
        int steps = sample.getTimes().remaining() / Long.BYTES;
        boolean shaped = sample.getValueDimension() == spec.valueDimension()
                && steps >= 2
                && sample.getTimes().remaining() == steps * Long.BYTES
                && sample.getValues().remaining() == steps * spec.valueDimension() * Float.BYTES;
        if (!shaped) {
            return false;
        }
        ByteBuffer values = sample.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < steps * spec.valueDimension(); i++) {
            if (!Float.isFinite(values.getFloat(values.position() + 4 * i))) {
                return false;
            }
        }
        return true;
    }

    Window encode(TrainingSample sample) {
        ByteBuffer times = sample.getTimes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = sample.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int v = spec.valueDimension();
        int steps = times.remaining() / Long.BYTES;
        int in = spec.inputSize();
        int out = spec.outputSize();
        int f = spec.forecastCount();
        float[] inputs = new float[steps * in];
        float[] targets = new float[steps * out];
        float[] row = new float[in];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < v; j++) {
                row[j] = value(values, t, j, v);
            }
            CalendarFeatures.encode(spec.calendarFeatures(), times.getLong(times.position() + 8 * t), row, v);
            System.arraycopy(row, 0, inputs, t * in, in);
            for (int k = 1; k <= spec.horizon(); k++) {
                for (int j = 0; j < f; j++) {
                    int index = spec.forecastIndex(j);
                    targets[t * out + (k - 1) * f + j] = t + k < steps
                            ? value(values, t + k, index, v) - value(values, t, index, v) : Float.NaN;
                }
            }
        }
        return new Window(inputs, targets, steps);
    }

    private static float value(ByteBuffer values, int step, int j, int v) {
        return values.getFloat(values.position() + 4 * (step * v + j));
    }
}

package io.streamcast.training;

import io.streamcast.predict.KeyStep;
import io.streamcast.predict.Scaler;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.predict.ValueTransforms;
import io.streamcast.schema.TrainingSample;
import io.streamcast.schema.ValueTransform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A training sample decoded for a training round: one key's recent events as received, with the key's scaling
 * statistics as they stood at each of them, so that each candidate model can read the same events through its own
 * transform. The key sends its statistics as they stood after its last event; the statistics after each earlier event
 * are found by undoing the running updates one event at a time ({@link Scaler#undoBack}). Each step is then scaled, and
 * clipped, as the predictor scaled it when that event arrived, and its forecasts are unscaled the same way.
 *
 * <p>Why: scaled with the statistics of the window's end, every step's input already held its own targets (the
 * later events of the window weigh about a quarter in those statistics at the default decay), a look-ahead the
 * predictor never has; a model could learn from it a pull towards the window's later level, and its judged
 * errors flattered it against persistence. The undoing is right (up to rounding) for a key with more than
 * {@code 1 / decay} events before the window, whose updates all weigh {@code decay}; a younger key's weighed more, so
 * its early steps keep part of the look-ahead.
 */
public final class SampleSeries {

    private final String key;
    private final long[] times;
    private final float[] raw;
    private final int valueDimension;
    /**
     * Per step, then per value: mean and variance of the raw values, then of their signed logs, as they stood after
     * that step's event.
     */
    private final double[] scaling;

    /** The window's earliest and latest event times ({@link #firstTime}, {@link #lastTime}). */
    private final long first;
    private final long last;

    private SampleSeries(String key, long[] times, float[] raw, int valueDimension, double[] scaling) {
        this.key = key;
        this.times = times;
        this.first = java.util.Arrays.stream(times).min().orElseThrow();
        this.last = java.util.Arrays.stream(times).max().orElseThrow();
        this.raw = raw;
        this.valueDimension = valueDimension;
        this.scaling = scaling;
    }

    /**
     * The sample decoded, or null when it cannot be used: another value dimension, fewer than two events,
     * inconsistent sizes, non-finite values or scaling statistics, a negative variance, or a window of an earlier
     * version that carries no raw values.
     */
    public static SampleSeries decode(TrainingSample sample, int valueDimension, double decay) {
        int v = valueDimension;
        ByteBuffer t = sample.getTimes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r = sample.getRawValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer s = sample.getScalers().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int steps = t.remaining() / Long.BYTES;
        boolean shaped = sample.getValueDimension() == v && steps >= 2 && t.remaining() == steps * Long.BYTES
                && TrainingSampleCodec.hasRawValues(sample);
        if (!shaped) {
            return null;
        }
        long[] times = new long[steps];
        for (int i = 0; i < steps; i++) {
            times[i] = t.getLong(t.position() + 8 * i);
        }
        float[] raw = new float[steps * v];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = r.getFloat(r.position() + 4 * i);
            if (!Float.isFinite(raw[i])) {
                return null;
            }
        }
        int width = Scaler.PER_VALUE * v;
        double[] scaling = new double[steps * width];
        int last = (steps - 1) * width;
        for (int i = 0; i < width; i++) {
            scaling[last + i] = s.getDouble(s.position() + 8 * i);
        }
        if (!varianceNonNegative(scaling, last, v)) {
            // no predictor sends one; its standard deviation, and every input scaled with it, would be NaN, and every
            // round that trained or judged on the window would fail while the window is kept
            return null;
        }
        Scaler.undoBack(scaling, raw, steps, v, Long.MAX_VALUE, decay);
        // not only the last row's statistics as sent: finite ones can overflow when undone back to the first (a mean
        // near the largest double, divided by the decay's complement), and every input of such a window would be NaN,
        // and so would the round that trained or judged on it, every round while the window is kept
        return Scaler.allFinite(scaling) ? new SampleSeries(sample.getKey(), times, raw, v, scaling) : null;
    }

    /** Whether each of the {@code v} values' two variances in the scaling row at {@code row} is 0 or more. */
    private static boolean varianceNonNegative(double[] scaling, int row, int v) {
        for (int j = 0; j < v; j++) {
            for (ValueTransform transform : ValueTransform.values()) {
                if (!(scaling[row + Scaler.offset(j, transform) + 1] >= 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    String key() {
        return key;
    }

    int steps() {
        return times.length;
    }

    long time(int step) {
        return times[step];
    }

    /**
     * The window's earliest event time. Not always its first row's: the predictor applies an event up to the
     * late-event grace late in arrival order, so a window's rows can step back in time.
     */
    long firstTime() {
        return first;
    }

    /** The window's latest event time; see {@link #firstTime}. */
    long lastTime() {
        return last;
    }

    /** Typical time between the window's events, in milliseconds. */
    double cadence() {
        return (double) (lastTime() - firstTime()) / (times.length - 1);
    }

    double raw(int step, int j) {
        return raw[step * valueDimension + j];
    }

    /** Value {@code j} at {@code step} as the predictor fed it to a model with {@code transform} then. */
    float input(int step, int j, ValueTransform transform) {
        return scaled(step, step, j, transform);
    }

    /**
     * Value {@code j} of step {@code of}, scaled and clipped with the statistics as they stood at step {@code at}:
     * how a forecast made at {@code at} sees it.
     */
    float scaled(int at, int of, int j, ValueTransform transform) {
        double z = Scaler.scale(scaling, index(at, j, transform), ValueTransforms.apply(transform, raw(of, j)));
        return Math.max(-KeyStep.INPUT_CLIP, Math.min(KeyStep.INPUT_CLIP, (float) z));
    }

    /** The raw value a scaled forecast {@code z} of value {@code j}, made at {@code step}, stands for. */
    double unscale(int step, double z, int j, ValueTransform transform) {
        return ValueTransforms.invert(transform, Scaler.unscale(scaling, index(step, j, transform), z));
    }

    /**
     * The key's standard deviation of value {@code j} under {@code transform} when it sent the window, floored as the
     * predictor does.
     */
    double std(int j, ValueTransform transform) {
        int i = index(times.length - 1, j, transform);
        return Scaler.std(scaling[i], scaling[i + 1]);
    }

    private int index(int step, int j, ValueTransform transform) {
        return step * Scaler.PER_VALUE * valueDimension + Scaler.offset(j, transform);
    }
}

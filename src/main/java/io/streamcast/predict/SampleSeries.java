package io.streamcast.predict;

import io.streamcast.schema.TrainingSample;
import io.streamcast.schema.ValueTransform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A training sample decoded for a training round: one key's recent events as received, with the key's scaling
 * statistics when it sent them, so that each candidate model can read the same events through its own transform.
 * Every input is scaled with those one set of statistics and clipped as the predictor clips it, so a window
 * is encoded for training exactly as the predictor would feed it.
 */
final class SampleSeries {

    private final String key;
    private final long[] times;
    private final float[] raw;
    private final int valueDimension;
    /** Per value: mean and variance of the raw values, then of their signed logs. */
    private final double[] scaling;

    private SampleSeries(String key, long[] times, float[] raw, int valueDimension, double[] scaling) {
        this.key = key;
        this.times = times;
        this.raw = raw;
        this.valueDimension = valueDimension;
        this.scaling = scaling;
    }

    /**
     * The sample decoded, or null when it cannot be used: another value dimension, fewer than two events,
     * inconsistent sizes, non-finite values, or a window of an earlier version that carries no raw values.
     */
    static SampleSeries decode(TrainingSample sample, int valueDimension) {
        int v = valueDimension;
        ByteBuffer t = sample.getTimes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r = sample.getRawValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer s = sample.getScalers().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int steps = t.remaining() / Long.BYTES;
        boolean shaped = sample.getValueDimension() == v && steps >= 2 && t.remaining() == steps * Long.BYTES
                && r.remaining() == steps * v * Float.BYTES && s.remaining() == 4 * v * Double.BYTES;
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
        double[] scaling = new double[4 * v];
        for (int i = 0; i < scaling.length; i++) {
            scaling[i] = s.getDouble(s.position() + 8 * i);
            if (!Double.isFinite(scaling[i])) {
                return null;
            }
        }
        return new SampleSeries(sample.getKey(), times, raw, v, scaling);
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

    long firstTime() {
        return times[0];
    }

    long lastTime() {
        return times[times.length - 1];
    }

    /** Typical time between the window's events, in milliseconds. */
    double cadence() {
        return (double) (lastTime() - firstTime()) / (times.length - 1);
    }

    double raw(int step, int j) {
        return raw[step * valueDimension + j];
    }

    /** Value {@code j} at {@code step} as the predictor feeds it to a model with {@code transform}. */
    float input(int step, int j, ValueTransform transform) {
        double z = (ValueTransforms.apply(transform, raw(step, j)) - mean(j, transform)) / std(j, transform);
        return Math.max(-KeyStep.INPUT_CLIP, Math.min(KeyStep.INPUT_CLIP, (float) z));
    }

    /** The raw value a scaled forecast {@code z} of value {@code j} stands for under {@code transform}. */
    double unscale(double z, int j, ValueTransform transform) {
        return ValueTransforms.invert(transform, mean(j, transform) + z * std(j, transform));
    }

    /** The key's standard deviation of value {@code j} under {@code transform}, floored as the predictor does. */
    double std(int j, ValueTransform transform) {
        int at = 4 * j + (transform == ValueTransform.SIGNED_LOG ? 2 : 0);
        return Scaler.std(scaling[at], scaling[at + 1]);
    }

    private double mean(int j, ValueTransform transform) {
        return scaling[4 * j + (transform == ValueTransform.SIGNED_LOG ? 2 : 0)];
    }
}

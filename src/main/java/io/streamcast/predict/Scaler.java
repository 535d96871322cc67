package io.streamcast.predict;

import io.streamcast.schema.ValueTransform;
import io.streamcast.stats.Finite;
import io.streamcast.stats.RunningMoments;

/**
 * Per-key, per-value exponentially weighted mean and variance, so keys of very different magnitudes feed one
 * model with comparable z-scores. The weight of a new event is {@code max(1/n, decay)}: the first
 * {@code 1/decay} events are averaged equally, later ones forget old events at rate {@code decay}
 * ({@link RunningMoments}, which this class also knows how to undo).
 */
public final class Scaler {

    /** Smallest standard deviation relative to the mean's magnitude, so a flat series scales finitely. */
    private static final double RELATIVE_FLOOR = 1e-6;
    private static final double ABSOLUTE_FLOOR = 1e-9;

    /**
     * How much an undo may amplify the rounding of the values it undoes (each divides by one less the update's
     * weight) before the statistics further back are left as they are: at the defaults (decay 0.005, 64 events) the
     * amplification is 1.4; a long history at a large decay would turn float rounding into nonsense, and overflow.
     */
    static final double MAX_UNDO_AMPLIFICATION = 1000;

    private Scaler() {
    }

    /**
     * Statistics per value in a scaling row ({@link #undoBack}): mean and variance of the raw values, then of their
     * signed logs.
     */
    public static final int PER_VALUE = 4;

    /** Where value {@code j}'s mean under {@code transform} lies in a scaling row; its variance follows it. */
    public static int offset(int j, ValueTransform transform) {
        return PER_VALUE * j + (transform == ValueTransform.SIGNED_LOG ? 2 : 0);
    }

    /** {@code x} (already transformed) in units of the mean and variance at {@code i} of {@code scaling}. */
    public static double scale(double[] scaling, int i, double x) {
        return (x - scaling[i]) / std(scaling[i], scaling[i + 1]);
    }

    /** The transformed value that {@code z} stands for under the mean and variance at {@code i} of {@code scaling}. */
    public static double unscale(double[] scaling, int i, double z) {
        return scaling[i] + z * std(scaling[i], scaling[i + 1]);
    }

    /** Folds {@code value} into the {@code count}-th observation of value {@code j}. */
    static void update(double[] mean, double[] variance, int j, double value, long count, double decay) {
        double weight = RunningMoments.weight(count, decay);
        variance[j] = RunningMoments.nextVariance(mean[j], variance[j], value, weight);
        mean[j] = RunningMoments.nextMean(mean[j], value, weight);
    }

    /**
     * The statistics as they stood after each of {@code rows} events, from those after the last: {@code scaling} holds
     * per row, per value, the mean and variance of the raw values and then of their signed logs ({@code 4 * v}
     * doubles a row), the last row filled in; the others are written by undoing {@link #update} event by event with
     * the events' {@code values} ({@code v} per row; single precision, so an undo is exact up to that rounding). The
     * last event was the key's {@code lastCount}-th, so each update's weight is known; {@code Long.MAX_VALUE} when the
     * count is not known, which takes every weight as {@code decay}: right for updates after the first
     * {@code 1 / decay} events. An update of weight 1 (a key's first event) cannot be undone; from there, or once the
     * undoing has amplified rounding by {@link #MAX_UNDO_AMPLIFICATION}, earlier rows keep the statistics of the row
     * after them.
     */
    public static void undoBack(double[] scaling, float[] values, int rows, int v, long lastCount, double decay) {
        int width = PER_VALUE * v;
        double amplification = 1;
        for (int row = rows - 1; row > 0; row--) {
            double weight = RunningMoments.weight(lastCount - (rows - 1 - row), decay);
            amplification /= 1 - weight;
            int after = row * width;
            if (weight >= 1 || !(amplification <= MAX_UNDO_AMPLIFICATION)) {
                for (int earlier = row - 1; earlier >= 0; earlier--) {
                    System.arraycopy(scaling, after, scaling, earlier * width, width);
                }
                return;
            }
            for (int j = 0; j < v; j++) {
                double x = values[row * v + j];
                int raw = offset(j, ValueTransform.NONE);
                int log = offset(j, ValueTransform.SIGNED_LOG);
                undo(scaling, after + raw, after - width + raw, x, weight);
                undo(scaling, after + log, after - width + log, ValueTransforms.apply(ValueTransform.SIGNED_LOG, x),
                        weight);
            }
        }
    }

    /**
     * Writes at {@code before} the mean and variance that folding {@code x} in with {@code weight} (below 1) turned
     * into those at {@code after}.
     */
    static void undo(double[] scaling, int after, int before, double x, double weight) {
        double mean = (scaling[after] - weight * x) / (1 - weight);
        double delta = x - mean;
        scaling[before] = mean;
        scaling[before + 1] = Math.max(0, scaling[after + 1] / (1 - weight) - weight * delta * delta);
    }

    /** Whether none of {@code variances} is negative (or NaN). */
    static boolean allNonNegative(double[] variances) {
        for (double variance : variances) {
            if (!(variance >= 0)) {
                return false;
            }
        }
        return true;
    }

    public static double std(double[] mean, double[] variance, int j) {
        return std(mean[j], variance[j]);
    }

    /** Whether every one of {@code statistics} is finite: statistics that are not would scale every input to NaN. */
    public static boolean allFinite(double[] statistics) {
        return Finite.all(statistics, 0, statistics.length);
    }

    /** The standard deviation of a value with this mean and variance, floored. */
    public static double std(double mean, double variance) {
        double floor = Math.max(RELATIVE_FLOOR * Math.abs(mean), ABSOLUTE_FLOOR);
        return Math.max(Math.sqrt(variance), floor);
    }
}

package io.streamcast.predict;

/**
 * Per-key, per-value exponentially weighted mean and variance, so keys of very different magnitudes feed one
 * model with comparable z-scores. The weight of a new event is {@code max(1/n, decay)}: the first
 * {@code 1/decay} events are averaged equally, later ones forget old events at rate {@code decay}.
 */
final class Scaler {

    /** Smallest standard deviation relative to the mean's magnitude, so a flat series scales finitely. */
    private static final double RELATIVE_FLOOR = 1e-6;
    private static final double ABSOLUTE_FLOOR = 1e-9;

    private Scaler() {
    }

    /** Folds {@code value} into the {@code count}-th observation of value {@code j}. */
    static void update(double[] mean, double[] variance, int j, double value, long count, double decay) {
        double weight = Math.max(1.0 / count, decay);
        double delta = value - mean[j];
        mean[j] += weight * delta;
        variance[j] = (1 - weight) * (variance[j] + weight * delta * delta);
    }

    static double std(double[] mean, double[] variance, int j) {
        return std(mean[j], variance[j]);
    }

    /** The standard deviation of a value with this mean and variance, floored. */
    static double std(double mean, double variance) {
        double floor = Math.max(RELATIVE_FLOOR * Math.abs(mean), ABSOLUTE_FLOOR);
        return Math.max(Math.sqrt(variance), floor);
    }

    static double scale(double[] mean, double[] variance, int j, double value) {
        return (value - mean[j]) / std(mean, variance, j);
    }

    static double unscale(double[] mean, double[] variance, int j, double z) {
        return mean[j] + z * std(mean, variance, j);
    }
}

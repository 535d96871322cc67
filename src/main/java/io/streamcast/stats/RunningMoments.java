package io.streamcast.stats;

/**
 * The one recurrence behind every running mean and variance Streamcast keeps per key (the scaler's, the forecast
 * errors', the anomaly scorer's long runs): the {@code n}-th value is folded in with weight {@code max(1/n, floor)},
 * so the first {@code 1/floor} values are averaged equally and later ones forget old values at rate {@code floor}.
 * The variance is the population variance of the values so weighted.
 */
public final class RunningMoments {

    private RunningMoments() {
    }

    /** The weight of the {@code count}-th value (counting from 1) when no weight falls below {@code floor}. */
    public static double weight(long count, double floor) {
        return Math.max(1.0 / count, floor);
    }

    /** The mean after folding {@code value} in with {@code weight}. */
    public static double nextMean(double mean, double value, double weight) {
        return mean + weight * (value - mean);
    }

    /** The variance after folding {@code value} in with {@code weight}, about {@code mean} as it was before. */
    public static double nextVariance(double mean, double variance, double value, double weight) {
        double deviation = value - mean;
        return (1 - weight) * (variance + weight * deviation * deviation);
    }
}

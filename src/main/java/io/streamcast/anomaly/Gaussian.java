package io.streamcast.anomaly;

/** Normal-distribution tail probabilities, accurate to a relative 1.2e-7 far into the tails. */
public final class Gaussian {

    private Gaussian() {
    }

    /** Complementary error function, by the Chebyshev-fitted exponential form (fractional error below 1.2e-7). */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double value = t * Math.exp(poly);
        return x >= 0 ? value : 2.0 - value;
    }

    /** Probability that a standard normal variable exceeds {@code z}. */
    public static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2.0));
    }
}

package io.streamcast.predict;

/** The standard normal quantile function, for the few quantiles an application uses (not for hot paths). */
final class NormalQuantile {

    private NormalQuantile() {
    }

    /**
     * The {@code p}-quantile of the standard normal distribution, by bisection on its CDF ({@link
     * io.streamcast.anomaly.Gaussian}, relative error below 1.2e-7).
     */
    static double of(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        double low = -40;
        double high = 40;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (low + high);
            if (cdf(mid) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }

    private static double cdf(double x) {
        return 1 - io.streamcast.anomaly.Gaussian.upperTail(x);
    }
}

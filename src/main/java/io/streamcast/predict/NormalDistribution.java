package io.streamcast.predict;

/** Facts of the normal distribution that sizing intervals and judging forecasters and candidate models rest on. */
public final class NormalDistribution {

    /**
     * How many standard errors a mean improvement must exceed to count as more than chance (a one-sided 2.3 % by
     * chance for normal errors): the bar for a key's forecaster to replace another and for a candidate model to be
     * published.
     */
    public static final double CLEAR_STANDARD_ERRORS = 2.0;

    /**
     * A normal distribution's mean absolute deviation in standard deviations, sqrt(2 / pi): the standard deviation
     * of normal errors is their mean magnitude over this.
     */
    static final double MEAN_ABSOLUTE_DEVIATION_PER_SIGMA = Math.sqrt(2 / Math.PI);

    private NormalDistribution() {
    }

    /**
     * The {@code p}-quantile of the standard normal distribution, by bisection on its CDF ({@link
     * io.streamcast.anomaly.Gaussian}, relative error below 1.2e-7); for the few quantiles an application uses, not
     * for hot paths.
     */
    static double quantile(double p) {
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

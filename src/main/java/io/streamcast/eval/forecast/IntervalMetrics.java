package io.streamcast.eval.forecast;

/**
 * How good prediction intervals at a nominal coverage {@code c} were over the points that had one: the share of
 * actual values inside [lower, upper] (coverage), the mean width, and the mean pinball loss of the two bounds as
 * the {@code (1 - c) / 2} and {@code (1 + c) / 2} quantiles (the average of the two losses; lower is better, and
 * unlike coverage alone it also rewards narrow intervals).
 *
 * @param points points with an interval; the metrics are NaN when there are none
 */
public record IntervalMetrics(int points, double coverage, double meanWidth, double meanPinball) {

    /** Metrics of the intervals [lower, upper] around {@code actual}; a point whose bounds are NaN has none. */
    public static IntervalMetrics of(double[] actual, double[] lower, double[] upper, double nominal) {
        if (actual.length != lower.length || actual.length != upper.length) {
            throw new IllegalArgumentException("need equally many actual values and bounds");
        }
        double low = (1 - nominal) / 2;
        double high = (1 + nominal) / 2;
        int points = 0;
        int covered = 0;
        double width = 0;
        double pinball = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(lower[i]) || Double.isNaN(upper[i])) {
                continue;
            }
            points++;
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                covered++;
            }
            width += upper[i] - lower[i];
            pinball += (pinball(actual[i], lower[i], low) + pinball(actual[i], upper[i], high)) / 2;
        }
        return points == 0 ? new IntervalMetrics(0, Double.NaN, Double.NaN, Double.NaN)
                : new IntervalMetrics(points, (double) covered / points, width / points, pinball / points);
    }

    /** The pinball (quantile) loss of {@code quantile} as the {@code tau}-quantile of {@code actual}. */
    static double pinball(double actual, double quantile, double tau) {
        double error = actual - quantile;
        return error >= 0 ? tau * error : (tau - 1) * error;
    }
}

package io.streamcast.eval.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        return of(actual, lower, upper, nominal, null);
    }

    /**
     * Metrics of several methods' intervals, each over the same points: those where every method has an interval.
     * Each method's first intervals come at a different point (a reference's once it knows enough of its own past
     * errors, the model's once the stream issues one), and the first points of a series are often the hardest to
     * cover; scored each over its own points, the methods' coverages would answer different questions.
     *
     * @param lowers per method, the lower bound of each point, NaN where it has no interval
     * @param uppers per method, the upper bounds likewise
     * @return per method, in the order given, the metrics over the shared points
     */
    public static List<IntervalMetrics> onSharedPoints(double[] actual, List<double[]> lowers, List<double[]> uppers,
                                                       double nominal) {
        if (lowers.size() != uppers.size()) {
            throw new IllegalArgumentException("need as many upper bounds as lower bounds");
        }
        boolean[] shared = new boolean[actual.length];
        Arrays.fill(shared, true);
        for (int m = 0; m < lowers.size(); m++) {
            if (lowers.get(m).length != actual.length || uppers.get(m).length != actual.length) {
                throw new IllegalArgumentException("need equally many actual values and bounds");
            }
            for (int i = 0; i < actual.length; i++) {
                shared[i] &= !Double.isNaN(lowers.get(m)[i]) && !Double.isNaN(uppers.get(m)[i]);
            }
        }
        List<IntervalMetrics> metrics = new ArrayList<>();
        for (int m = 0; m < lowers.size(); m++) {
            metrics.add(of(actual, lowers.get(m), uppers.get(m), nominal, shared));
        }
        return metrics;
    }

    /** Metrics over the points {@code only} marks (all when null) that have an interval. */
    private static IntervalMetrics of(double[] actual, double[] lower, double[] upper, double nominal,
                                      boolean[] only) {
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
            if (only != null && !only[i] || Double.isNaN(lower[i]) || Double.isNaN(upper[i])) {
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

package io.streamcast.eval.forecast;

import java.util.Arrays;

/**
 * Prediction intervals for a reference forecast that has none of its own (persistence, seasonal naive), made as
 * a forecaster could make them at the time: the forecast plus the empirical {@code (1 - c) / 2} and
 * {@code (1 + c) / 2} quantiles of that method's errors on the last {@link #WINDOW} rows whose value was known
 * when the forecast was made (split conformal prediction over a trailing window). No interval before
 * {@link #MIN_ERRORS} errors are known.
 */
final class PastErrorIntervals {

    /** Most recent errors the quantiles are taken from. */
    static final int WINDOW = 1000;
    static final int MIN_ERRORS = 10;
    private static final double RANK_TOLERANCE = 1e-9;

    private PastErrorIntervals() {
    }

    /**
     * @param values    every row's actual value
     * @param forecasts every row's forecast by the method, NaN where it has none (e.g. a refused row)
     * @param scored    the rows to make intervals for, increasing
     * @param origins   for each scored row, the row after which its forecast was made, increasing
     * @return {lower, upper} per scored row, NaN where too few errors were known
     */
    static double[][] of(double[] values, double[] forecasts, int[] scored, int[] origins, double nominal) {
        double[] window = new double[WINDOW];
        double[] sorted = new double[WINDOW];
        int known = 0;
        int nextRow = 0;
        double[] lower = new double[scored.length];
        double[] upper = new double[scored.length];
        for (int s = 0; s < scored.length; s++) {
            for (; nextRow <= origins[s]; nextRow++) {
                if (!Double.isNaN(forecasts[nextRow])) {
                    window[known++ % WINDOW] = values[nextRow] - forecasts[nextRow];
                }
            }
            int n = Math.min(known, WINDOW);
            if (n < MIN_ERRORS) {
                lower[s] = Double.NaN;
                upper[s] = Double.NaN;
                continue;
            }
            System.arraycopy(window, 0, sorted, 0, n);
            Arrays.sort(sorted, 0, n);
            int i = scored[s];
            lower[s] = forecasts[i] + sorted[lowerRank((1 - nominal) / 2, n)];
            upper[s] = forecasts[i] + sorted[upperRank((1 + nominal) / 2, n)];
        }
        return new double[][] {lower, upper};
    }

    /**
     * Index, among {@code n} sorted errors, of the lower bound's: the floor(tau (n + 1))-th smallest, below which a new
     * exchangeable error falls with probability at most tau (the smallest where that rank is below 1). The upper
     * bound's rank is rounded up ({@link #upperRank}); rounding this one up too left up to 1 / (n + 1) more below it
     * than nominal. The tolerance keeps a whole rank such as 0.1 x 20, computed as 1.9999999999999996, whole.
     */
    private static int lowerRank(double tau, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.floor(tau * (n + 1) + RANK_TOLERANCE) - 1));
    }

    /** Index of the upper bound's error: the ceil(tau (n + 1))-th smallest (the largest where that is beyond n). */
    private static int upperRank(double tau, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(tau * (n + 1) - RANK_TOLERANCE) - 1));
    }
}

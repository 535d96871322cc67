package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PastErrorIntervalsTest {

    private static final double NaN = Double.NaN;

    /**
     * Rows 0..18 have errors (value - forecast) 5, -3, 12, 0, 7, -8, 2, 9, -1, 4, 15, -6, 3, 10, -2, 6, 1, -4, 8;
     * sorted: -8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15. With n = 19 errors, the 0.1 and 0.9
     * quantiles of an 80 % interval are the values at ranks 0.1 (n + 1) = 2 and 0.9 (n + 1) = 18: -6 and 12. Row 19
     * is forecast 50 after row 18: [50 - 6, 50 + 12]. Row 20 forecast 40 after row 18 too (two steps ahead): the same
     * errors, [34, 52].
     */
    @Test
    void shouldBoundAForecastByTheQuantilesOfTheErrorsKnownAtItsOrigin() {
        double[] errors = {5, -3, 12, 0, 7, -8, 2, 9, -1, 4, 15, -6, 3, 10, -2, 6, 1, -4, 8};
        double[] forecasts = new double[21];
        double[] values = new double[21];
        for (int i = 0; i < errors.length; i++) {
            forecasts[i] = 100 + i;
            values[i] = forecasts[i] + errors[i];
        }
        forecasts[19] = 50;
        forecasts[20] = 40;
        // The values of rows 19 and 20 were not known at their origin: an error of theirs would widen the interval.
        values[19] = 1000;
        values[20] = -1000;

        double[][] bounds = PastErrorIntervals.of(values, forecasts, new int[] {19, 20}, new int[] {18, 18}, 0.8);

        assertThat(bounds[0]).containsExactly(44, 34);
        assertThat(bounds[1]).containsExactly(62, 52);
    }

    /**
     * Errors 3, 1, 4, 10, 5 (rows 0..4), none for row 5 (no forecast), 9, 2, 6, 8, 7 (rows 6..10). Row 10's forecast,
     * made after row 9, knows 9 errors: no interval. Row 11's, after row 10, knows 10: at 98 % the 0.01 and 0.99
     * quantiles of 10 errors lie beyond them, so the interval spans the smallest and largest, [20 + 1, 20 + 10].
     */
    @Test
    void shouldMakeNoIntervalBeforeTenErrorsAreKnownAndNeverReachBeyondTheErrorsKnown() {
        double[] errors = {3, 1, 4, 10, 5, NaN, 9, 2, 6, 8, 7};
        double[] forecasts = new double[12];
        double[] values = new double[12];
        for (int i = 0; i < errors.length; i++) {
            forecasts[i] = i == 5 ? NaN : 30;
            values[i] = 30 + (i == 5 ? 0 : errors[i]);
        }
        forecasts[11] = 20;

        double[][] bounds = PastErrorIntervals.of(values, forecasts, new int[] {10, 11}, new int[] {9, 10}, 0.98);

        assertThat(bounds[0][0]).isNaN();
        assertThat(bounds[1][0]).isNaN();
        assertThat(bounds[0][1]).isEqualTo(21);
        assertThat(bounds[1][1]).isEqualTo(30);
    }

    /**
     * Errors 1..10 (rows 0..9), an 80 % interval for row 10, forecast 0 after row 9. Split conformal takes, of n = 10
     * errors, the floor(0.1 (n + 1)) = floor(1.1) = 1st smallest as the lower bound and the ceil(0.9 (n + 1)) =
     * ceil(9.9) = 10th as the upper: a new error falls below the 1st of 11 exchangeable errors with probability 1/11
     * and above the 10th with 1/11, so the interval covers at least 9/11 &gt;= 80 %. [0 + 1, 0 + 10]. Rounding the
     * lower rank up as well (the 2nd smallest) would leave 2/11 below it, covering 8/11 &lt; 80 %.
     */
    @Test
    void shouldRoundTheLowerQuantilesRankDownAndTheUpperOnesUpSoNeitherTailIsNarrowerThanNominal() {
        double[] forecasts = new double[11];
        double[] values = new double[11];
        for (int i = 0; i < 10; i++) {
            values[i] = i + 1;
        }

        double[][] bounds = PastErrorIntervals.of(values, forecasts, new int[] {10}, new int[] {9}, 0.8);

        assertThat(bounds[0]).containsExactly(1);
        assertThat(bounds[1]).containsExactly(10);
    }

    /**
     * 300 errors of 1000 (rows 0..299), then 1000 errors of 0 (rows 300..1299). The forecast after row 999 knows
     * 1000 errors, 700 of 0 and 300 of 1000: its 0.1 quantile (rank 0.1 * 1001 = 100.1) is 0 and its 0.9 quantile
     * (rank 900.9) is 1000, so [7 + 0, 7 + 1000]. The forecast after row 1299 takes its quantiles from the last 1000
     * errors only, all 0, so its interval is the forecast itself (over all 1300 errors, its 0.9 quantile would be
     * 1000).
     */
    @Test
    void shouldTakeTheQuantilesFromTheLastThousandErrorsOnly() {
        int n = 1301;
        double[] forecasts = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            forecasts[i] = 7;
            values[i] = i < 300 ? 1007 : 7;
        }

        double[][] bounds = PastErrorIntervals.of(values, forecasts, new int[] {1000, 1300}, new int[] {999, 1299},
                0.8);

        assertThat(bounds[0]).containsExactly(7, 7);
        assertThat(bounds[1]).containsExactly(1007, 7);
    }
}

package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalMetricsTest {

    private static final double NaN = Double.NaN;

    /**
     * At 80 %, the bounds are scored as the 0.1 and 0.9 quantiles; the pinball loss of a bound q as the
     * tau-quantile of y is tau (y - q) when y &gt;= q, else (1 - tau) (q - y).
     *
     * <pre>
     *   y   [lower, upper]  inside  width  lower's loss      upper's loss      mean
     *   10  [8, 14]         yes     6      0.1 * 2 = 0.2     0.1 * 4 = 0.4     0.3
     *   20  [21, 25]        no      4      0.9 * 1 = 0.9     0.1 * 5 = 0.5     0.7
     *   30  [24, 28]        no      4      0.1 * 6 = 0.6     0.9 * 2 = 1.8     1.2
     *   5   [5, 9]          yes     4      0                 0.1 * 4 = 0.4     0.2
     *   9   [3, 9]          yes     6      0.1 * 6 = 0.6     0                 0.3
     * </pre>
     * and two points without an interval. Coverage 3/5, mean width 24/5 = 4.8, mean pinball 2.7/5 = 0.54.
     */
    @Test
    void shouldScoreCoverageWidthAndPinballOfThePointsWithAnIntervalCountingItsBoundsAsInside() {
        IntervalMetrics m = IntervalMetrics.of(
                new double[] {10, 20, 100, 30, 5, 9, 100},
                new double[] {8, 21, NaN, 24, 5, 3, 90},
                new double[] {14, 25, 110, 28, 9, 9, NaN},
                0.8);

        assertThat(m.points()).isEqualTo(5);
        assertThat(m.coverage()).isCloseTo(0.6, within(1e-12));
        assertThat(m.meanWidth()).isCloseTo(4.8, within(1e-12));
        assertThat(m.meanPinball()).isCloseTo(0.54, within(1e-12));
    }

    /**
     * At 50 %, the bounds are the 0.25 and 0.75 quantiles. y = 0 in [-2, 6]: lower's loss 0.25 * 2 = 0.5, upper's
     * 0.25 * 6 = 1.5, mean 1. y = 10 in [-2, 6]: lower's 0.25 * 12 = 3, upper's 0.75 * 4 = 3, mean 3. Mean of both 2.
     */
    @Test
    void shouldScoreTheBoundsAsTheQuantilesOfTheNominalCoverage() {
        IntervalMetrics m = IntervalMetrics.of(new double[] {0, 10}, new double[] {-2, -2}, new double[] {6, 6}, 0.5);

        assertThat(m.meanPinball()).isCloseTo(2.0, within(1e-12));
        assertThat(m.coverage()).isCloseTo(0.5, within(1e-12));
        assertThat(m.meanWidth()).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void shouldHaveNoMetricsWithoutAnyInterval() {
        IntervalMetrics m = IntervalMetrics.of(new double[] {1, 2}, new double[] {NaN, 0}, new double[] {3, NaN}, 0.8);

        assertThat(m.points()).isZero();
        assertThat(m.coverage()).isNaN();
        assertThat(m.meanWidth()).isNaN();
        assertThat(m.meanPinball()).isNaN();
    }
}

package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    /**
     * Two methods, four points: the first has no interval at point 0, the second none at point 3, so both are scored
     * on points 1 and 2 alone. First: [9, 11] around 10 (inside, width 2), [0, 1] around 20 (outside, width 1):
     * coverage 1/2, width 1.5. Second: [0, 30] and [0, 30] (both inside, width 30): coverage 1, width 30. Scored on
     * its own three points, the first would have covered 2 of 3 (its [19, 21] holds point 3's 20).
     */
    @Test
    void shouldScoreSeveralMethodsOnlyOnThePointsWhereEveryOneHasAnInterval() {
        double[] actual = {5, 10, 20, 20};
        List<IntervalMetrics> m = IntervalMetrics.onSharedPoints(actual,
                List.of(new double[] {NaN, 9, 0, 19}, new double[] {0, 0, 0, NaN}),
                List.of(new double[] {NaN, 11, 1, 21}, new double[] {30, 30, 30, NaN}), 0.8);

        assertThat(m).extracting(IntervalMetrics::points).containsExactly(2, 2);
        assertThat(m.get(0).coverage()).isEqualTo(0.5);
        assertThat(m.get(0).meanWidth()).isEqualTo(1.5);
        assertThat(m.get(1).coverage()).isEqualTo(1);
        assertThat(m.get(1).meanWidth()).isEqualTo(30);
    }
}

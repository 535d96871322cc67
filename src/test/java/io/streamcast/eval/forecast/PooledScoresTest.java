package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PooledScoresTest {

    private static final double NaN = Double.NaN;

    private static WalkForwardEvaluation.Scores scores(String method, double mape, double nrmse, double mae,
                                                       int intervalPoints, double coverage) {
        double unpooled = intervalPoints == 0 ? NaN : 1;
        return new WalkForwardEvaluation.Scores(method, new double[0], new double[0], new double[0],
                new ForecastMetrics(100, mape, nrmse, mae, mae),
                new IntervalMetrics(intervalPoints, coverage, unpooled, unpooled));
    }

    private static WalkForwardEvaluation.Result key(String name, WalkForwardEvaluation.Scores... methods) {
        return new WalkForwardEvaluation.Result(name, 1, 0, new long[0], new double[0], List.of(methods), 0.8, null);
    }

    /**
     * Two keys, each method's accuracy given:
     * <pre>
     *   key  method       MAPE  NRMSE  MAE  interval points  coverage
     *   a    streamcast   0.1   0.5    2    10               0.9
     *   a    persistence  0.2   1.0    4    0                -
     *   a    seasonal     0.5   2.0    8    0                -
     *   b    streamcast   0.3   0.7    3    30               0.7
     *   b    persistence  0.4   0.8    2    20               0.85
     *   b    seasonal     0.1   0.4    1    0                -
     * </pre>
     * Streamcast: mean MAPE (0.1 + 0.3) / 2 = 0.2, mean NRMSE 0.6, MASE the geometric mean of 2/4 and 3/2,
     * sqrt(0.75) = 0.8660254037844386, coverage over the 40 points (0.9 * 10 + 0.7 * 30) / 40 = 0.75. Persistence:
     * 0.3, 0.9, MASE 1; coverage over key b's 20 points alone, 0.85. Seasonal: 0.3, 1.2, MASE the geometric mean of
     * 8/4 and 1/2, sqrt(1) = 1 (twice as bad on one key, twice as good on the other: no better nor worse than
     * persistence, where the arithmetic mean would say 1.25, worse); no interval anywhere, so no coverage.
     */
    @Test
    void shouldAverageTheScaleFreeScoresOverTheKeysTheMaseGeometricallyAndPoolTheCoverageOverThePoints() {
        List<PooledScores> pooled = PooledScores.of(List.of(
                key("a", scores("streamcast", 0.1, 0.5, 2, 10, 0.9), scores("persistence", 0.2, 1.0, 4, 0, NaN),
                        scores("seasonal", 0.5, 2.0, 8, 0, NaN)),
                key("b", scores("streamcast", 0.3, 0.7, 3, 30, 0.7), scores("persistence", 0.4, 0.8, 2, 20, 0.85),
                        scores("seasonal", 0.1, 0.4, 1, 0, NaN))));

        assertThat(pooled).extracting(PooledScores::method).containsExactly("streamcast", "persistence", "seasonal");
        assertThat(pooled).extracting(PooledScores::keys).containsOnly(2);
        assertThat(pooled).allMatch(PooledScores::everyKeyScored);
        assertPooled(pooled.get(0), 0.2, 0.6, 0.8660254037844386, 0.75, 40);
        assertPooled(pooled.get(1), 0.3, 0.9, 1.0, 0.85, 20);
        assertPooled(pooled.get(2), 0.3, 1.2, 1.0, NaN, 0);
    }

    /**
     * A key where a scale-free score is undefined (all zero: MAPE divides by the values; NRMSE by their spread; MASE
     * by persistence's error, 0 when persistence was exact) is left out of that score's mean, and counted: key a
     * alone sets each mean.
     */
    @Test
    void shouldLeaveAKeyOutOfTheMeanOfAScoreThatIsUndefinedForIt() {
        List<PooledScores> pooled = PooledScores.of(List.of(
                key("a", scores("streamcast", 0.1, 0.5, 2, 10, 0.9), scores("persistence", 0.2, 1.0, 4, 0, NaN)),
                key("idle", scores("streamcast", NaN, NaN, 0.1, 0, NaN), scores("persistence", NaN, NaN, 0, 0, NaN))));

        PooledScores model = pooled.get(0);
        assertPooled(model, 0.1, 0.5, 0.5, 0.9, 10);
        assertThat(model.keys()).isEqualTo(2);
        assertThat(List.of(model.mapeKeys(), model.nrmseKeys(), model.maseKeys())).containsOnly(1);
        assertThat(model.everyKeyScored()).isFalse();
    }

    /**
     * A MASE of 0 (the method exact where persistence was not) has no logarithm, so a geometric mean cannot take it:
     * the key is left out of the MASE and counted, as a key where persistence was exact is. Key b alone sets it.
     */
    @Test
    void shouldLeaveAKeyWhoseMaseIsZeroOutOfTheGeometricMean() {
        List<PooledScores> pooled = PooledScores.of(List.of(
                key("exact", scores("streamcast", 0, 0, 0, 0, NaN), scores("persistence", 0.2, 1.0, 4, 0, NaN)),
                key("b", scores("streamcast", 0.3, 0.7, 3, 0, NaN), scores("persistence", 0.4, 0.8, 2, 0, NaN))));

        PooledScores model = pooled.get(0);
        assertThat(model.geoMeanMase()).isEqualTo(1.5);
        assertThat(model.maseKeys()).isEqualTo(1);
        assertThat(model.mapeKeys()).isEqualTo(2);
        assertThat(model.everyKeyScored()).isFalse();
    }

    private static void assertPooled(PooledScores scores, double mape, double nrmse, double mase, double coverage,
                                     int intervalPoints) {
        assertThat(scores.meanMape()).as(scores.method()).isCloseTo(mape, within(1e-12));
        assertThat(scores.meanNrmse()).as(scores.method()).isCloseTo(nrmse, within(1e-12));
        assertThat(scores.geoMeanMase()).as(scores.method()).isCloseTo(mase, within(1e-12));
        if (Double.isNaN(coverage)) {
            assertThat(scores.coverage()).as(scores.method()).isNaN();
        } else {
            assertThat(scores.coverage()).as(scores.method()).isCloseTo(coverage, within(1e-12));
        }
        assertThat(scores.intervalPoints()).as(scores.method()).isEqualTo(intervalPoints);
    }
}

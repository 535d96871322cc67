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
     * Streamcast: mean MAPE (0.1 + 0.3) / 2 = 0.2, mean NRMSE 0.6, mean MASE (2/4 + 3/2) / 2 = 1, coverage over the 40
     * points (0.9 * 10 + 0.7 * 30) / 40 = 0.75. Persistence: 0.3, 0.9, MASE 1; coverage over key b's 20 points alone,
     * 0.85. Seasonal: 0.3, 1.2, MASE (8/4 + 1/2) / 2 = 1.25; no interval anywhere, so no coverage.
     */
    @Test
    void shouldAverageTheScaleFreeScoresOverTheKeysAndPoolTheCoverageOverThePointsWithAnInterval() {
        List<PooledScores> pooled = PooledScores.of(List.of(
                key("a", scores("streamcast", 0.1, 0.5, 2, 10, 0.9), scores("persistence", 0.2, 1.0, 4, 0, NaN),
                        scores("seasonal", 0.5, 2.0, 8, 0, NaN)),
                key("b", scores("streamcast", 0.3, 0.7, 3, 30, 0.7), scores("persistence", 0.4, 0.8, 2, 20, 0.85),
                        scores("seasonal", 0.1, 0.4, 1, 0, NaN))));

        assertThat(pooled).extracting(PooledScores::method).containsExactly("streamcast", "persistence", "seasonal");
        assertThat(pooled).extracting(PooledScores::keys).containsOnly(2);
        PooledScores model = pooled.get(0);
        assertThat(model.meanMape()).isCloseTo(0.2, within(1e-12));
        assertThat(model.meanNrmse()).isCloseTo(0.6, within(1e-12));
        assertThat(model.meanMase()).isCloseTo(1.0, within(1e-12));
        assertThat(model.coverage()).isCloseTo(0.75, within(1e-12));
        assertThat(model.intervalPoints()).isEqualTo(40);
        PooledScores persistence = pooled.get(1);
        assertThat(persistence.meanMape()).isCloseTo(0.3, within(1e-12));
        assertThat(persistence.meanNrmse()).isCloseTo(0.9, within(1e-12));
        assertThat(persistence.meanMase()).isCloseTo(1.0, within(1e-12));
        assertThat(persistence.coverage()).isCloseTo(0.85, within(1e-12));
        assertThat(persistence.intervalPoints()).isEqualTo(20);
        PooledScores seasonal = pooled.get(2);
        assertThat(seasonal.meanMape()).isCloseTo(0.3, within(1e-12));
        assertThat(seasonal.meanNrmse()).isCloseTo(1.2, within(1e-12));
        assertThat(seasonal.meanMase()).isCloseTo(1.25, within(1e-12));
        assertThat(seasonal.coverage()).isNaN();
        assertThat(seasonal.intervalPoints()).isZero();
    }
}

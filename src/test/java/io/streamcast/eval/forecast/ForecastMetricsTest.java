package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastMetricsTest {

    @Test
    void shouldComputeTheMetricsAsDefined() {
        double[] actual = {10, 20, 30, 40};
        double[] forecast = {12, 18, 33, 40};

        ForecastMetrics m = ForecastMetrics.of(actual, forecast);

        // |errors| = 2, 2, 3, 0: sum 7 over sum|y| = 100.
        assertThat(m.mape()).isCloseTo(0.07, within(1e-12));
        assertThat(m.mae()).isCloseTo(1.75, within(1e-12));
        // squared errors 4 + 4 + 9 + 0 = 17; RMSE = sqrt(17/4).
        assertThat(m.rmse()).isCloseTo(Math.sqrt(4.25), within(1e-12));
        // y has mean 25 and population variance (225 + 25 + 25 + 225) / 4 = 125.
        assertThat(m.nrmse()).isCloseTo(Math.sqrt(4.25) / Math.sqrt(125), within(1e-12));
        assertThat(m.points()).isEqualTo(4);
    }

    @Test
    void shouldScaleTheErrorByTheReferencesErrorOnTheSamePoints() {
        double[] actual = {1, 2, 3};
        ForecastMetrics model = ForecastMetrics.of(actual, new double[] {1, 2, 4});
        ForecastMetrics persistence = ForecastMetrics.of(actual, new double[] {0, 1, 2});

        // MAE 1/3 against MAE 1.
        assertThat(model.maseAgainst(persistence)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(persistence.maseAgainst(persistence)).isEqualTo(1.0);
    }
}

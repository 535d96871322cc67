package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecasterSharesTest {

    @Test
    void shouldShareTheRowsByForecasterAndScoreTheModelOnlyWhereItForecast() {
        ForecasterShares shares = ForecasterShares.of(
                new String[] {"weekly", "model", "weekly", "model", "weekly"},
                new double[] {10, 20, 30, 40, 50},
                new double[] {11, 18, 33, 40, 50},
                new double[] {12, Double.NaN, 27, 44, Double.NaN},
                new double[] {8, 10, 20, 30, 45});

        assertThat(shares.issuedBy()).containsExactly(
                entry("weekly", 0.6), entry("model", 0.4));
        assertThat(shares.share("daily")).isZero();
        // the model forecast rows 0, 2 and 3 (values 10, 30, 40): it missed by 2, 3 and 4, the issued forecasts by 1, 3
        // and 0, persistence by 2, 10 and 10
        assertThat(shares.modelRows()).isEqualTo(3);
        assertThat(shares.model().mae()).isCloseTo(3, within(1e-12));
        assertThat(shares.model().mape()).isCloseTo(9.0 / 80, within(1e-12));
        assertThat(shares.modelMase()).isCloseTo(9.0 / 22, within(1e-12));
        assertThat(shares.issuedMase()).isCloseTo(4.0 / 22, within(1e-12));
    }

    @Test
    void shouldHaveNoModelScoresWithoutAModelForecast() {
        ForecasterShares shares = ForecasterShares.of(new String[] {"persistence", "daily"}, new double[] {1, 2},
                new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}, new double[] {0, 1});

        assertThat(shares.modelRows()).isZero();
        assertThat(shares.model()).isNull();
        assertThat(shares.issuedMase()).isNaN();
        assertThat(shares.issuedBy()).containsExactly(
                entry("daily", 0.5),
                entry("persistence", 0.5));
    }

    @Test
    void shouldGiveEachForecasterItsShareOfTheScoredRows() {
        // 3 of 4 rows from the model, 1 from persistence
        ForecasterShares shares = ForecasterShares.of(new String[] {"model", "persistence", "model", "model"},
                new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4},
                new double[] {0, 1, 2, 3});

        assertThat(shares.share("model")).isEqualTo(0.75);
        assertThat(shares.share("persistence")).isEqualTo(0.25);
    }
}

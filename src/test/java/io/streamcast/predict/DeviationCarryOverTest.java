package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeviationCarryOverTest {

    /** Two forecast values; the second's record starts at index 3. */
    private final float[] lag = new float[6];

    DeviationCarryOverTest() {
        DeviationCarryOver.forget(lag, 0);
        DeviationCarryOver.forget(lag, 1);
    }

    @Test
    void shouldCarryOverHalfOfADeviationThatHalvesEveryEvent() {
        // each lagged product is half the square before it, whatever the weights: the ratio of the sums is 1/2
        for (double deviation = 8; deviation >= 0.125; deviation /= 2) {
            DeviationCarryOver.fold(lag, 1, deviation);
        }

        assertThat(DeviationCarryOver.carryOver(lag, 1)).isEqualTo(0.5);
        assertThat(DeviationCarryOver.carryOver(lag, 0)).as("the other value has no record").isZero();
    }

    @Test
    void shouldKeepTheCarryOverBetweenZeroAndOne() {
        for (int i = 0; i < 10; i++) {
            DeviationCarryOver.fold(lag, 0, i % 2 == 0 ? 1 : -1);
            DeviationCarryOver.fold(lag, 1, Math.pow(2, i));
        }

        assertThat(DeviationCarryOver.carryOver(lag, 0)).as("deviations that flip sign every event").isZero();
        assertThat(DeviationCarryOver.carryOver(lag, 1)).as("deviations that double every event").isEqualTo(1);
    }

    @Test
    void shouldNotPairADeviationWithOneThatWasMissing() {
        DeviationCarryOver.fold(lag, 0, 4);
        DeviationCarryOver.fold(lag, 0, Double.NaN);
        DeviationCarryOver.fold(lag, 0, -4);

        // 4 then -4 would make a product of -16; with the missing one between them there is no pair yet
        assertThat(lag[1]).isZero();
        assertThat(lag[2]).isZero();
        DeviationCarryOver.fold(lag, 0, -2);
        assertThat(DeviationCarryOver.carryOver(lag, 0)).isEqualTo(0.5);
    }

    /**
     * Deviations of 2e18, as far as a value may lie from an hour's mean, hold their squares' weighted sum near 100
     * times 4e36, past the largest float: the sums restart rather than stay infinite, and the carry-over of deviations
     * that last (here all alike) is 1. A record stored infinite by a release before is restarted the same way.
     */
    @Test
    void shouldRestartSumsThatOutgrowSinglePrecision() {
        for (int i = 0; i < 200; i++) {
            DeviationCarryOver.fold(lag, 0, 2e18);
        }

        assertThat(lag[1]).isFinite();
        assertThat(lag[2]).isFinite();
        assertThat(DeviationCarryOver.carryOver(lag, 0)).isEqualTo(1);

        lag[3] = 1f;
        lag[4] = Float.POSITIVE_INFINITY;
        lag[5] = Float.POSITIVE_INFINITY;
        DeviationCarryOver.fold(lag, 1, 1);
        assertThat(lag[4]).isEqualTo(1f);
        assertThat(lag[5]).isEqualTo(1f);
        DeviationCarryOver.fold(lag, 1, 0.5);
        // (0.99 * 1 + 0.5 * 1) / (0.99 * 1 + 1 * 1)
        assertThat(DeviationCarryOver.carryOver(lag, 1)).isCloseTo(1.49 / 1.99, within(1e-6));
    }
}

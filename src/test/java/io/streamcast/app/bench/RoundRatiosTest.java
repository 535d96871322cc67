package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundRatiosTest {

    private static StreamBenchResult rate(double eventsPerSecond) {
        return new StreamBenchResult("x", eventsPerSecond, new double[3], 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    @Test
    void shouldDivideEachRoundsRateByThePassthroughsOfTheSameRound() {
        RoundRatios ratios = new RoundRatios(3);
        ratios.record(1, 0, rate(100));
        ratios.record(1, 1, rate(50));
        ratios.record(2, 1, rate(90));
        ratios.record(2, 0, rate(300));
        ratios.record(3, 0, rate(200));
        ratios.record(3, 1, rate(240));

        assertThat(ratios.ratios(1)).containsExactly(0.5, 0.3, 1.2);
        assertThat(ratios.describe(1)).isEqualTo("0.50, 0.30, 1.20 (median 0.50)");
        assertThat(ratios.ratios(2)).as("an instance that did not run").isEmpty();
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoOfAnEvenCount() {
        assertThat(RoundRatios.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(RoundRatios.median(new double[] {7})).isEqualTo(7);
    }
}

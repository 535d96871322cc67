package io.streamcast.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RunningMomentsTest {

    @Test
    void equalWeightsGiveThePlainMeanAndPopulationVariance() {
        double mean = 0;
        double variance = 0;
        double[] values = {1, 2, 6};
        for (int n = 1; n <= values.length; n++) {
            double weight = RunningMoments.weight(n, 0.01);
            variance = RunningMoments.nextVariance(mean, variance, values[n - 1], weight);
            mean = RunningMoments.nextMean(mean, values[n - 1], weight);
        }
        // the mean of 1, 2 and 6 is 3; their squared deviations 4, 1 and 9 average 14/3
        assertThat(mean).isCloseTo(3.0, within(1e-12));
        assertThat(variance).isCloseTo(14.0 / 3, within(1e-12));
    }

    @Test
    void theWeightStopsFallingAtTheFloor() {
        assertThat(RunningMoments.weight(1, 0.1)).isEqualTo(1.0);
        assertThat(RunningMoments.weight(5, 0.1)).isEqualTo(0.2);
        assertThat(RunningMoments.weight(10, 0.1)).isEqualTo(0.1);
        assertThat(RunningMoments.weight(1_000, 0.1)).isEqualTo(0.1);
    }

    @Test
    void aFlooredWeightMovesTheMeanThatShareOfTheWayAndWeighsTheNewDeviationIn() {
        // mean 10, variance 4, value 20 at weight 0.1: mean 11; variance 0.9 * (4 + 0.1 * 100) = 12.6
        assertThat(RunningMoments.nextMean(10, 20, 0.1)).isCloseTo(11.0, within(1e-12));
        assertThat(RunningMoments.nextVariance(10, 4, 20, 0.1)).isCloseTo(12.6, within(1e-12));
    }
}

package io.streamcast.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // mean of 1, 2, 6 is 3; squared deviations 4, 1, 9 average 14/3
        assertEquals(3.0, mean, 1e-12);
        assertEquals(14.0 / 3, variance, 1e-12);
    }

    @Test
    void theWeightStopsFallingAtTheFloor() {
        assertEquals(1.0, RunningMoments.weight(1, 0.1));
        assertEquals(0.2, RunningMoments.weight(5, 0.1));
        assertEquals(0.1, RunningMoments.weight(10, 0.1));
        assertEquals(0.1, RunningMoments.weight(1_000, 0.1));
    }

    @Test
    void aFlooredWeightMovesTheMeanThatShareOfTheWayAndShrinksTheVariance() {
        // mean 10, variance 4, value 20 at weight 0.1: mean 11; variance 0.9 * (4 + 0.1 * 100) = 12.6
        assertEquals(11.0, RunningMoments.nextMean(10, 20, 0.1), 1e-12);
        assertEquals(12.6, RunningMoments.nextVariance(10, 4, 20, 0.1), 1e-12);
    }
}

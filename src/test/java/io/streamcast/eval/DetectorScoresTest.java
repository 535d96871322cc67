package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorScoresTest {

    @Test
    void shouldHoldEventsInARefractoryPeriodJustBelowTheThresholdAndSkipRowsWithoutAScore() {
        double below = Math.nextDown(0.5);
        double[] scores = {0.9, 0.8, Double.NaN, Double.NaN, 0.7, 0.6, 0.1, 0.55};

        double[] alarms = DetectorScores.alarmScores(scores, 0.5, 2);

        // Row 0 alarms and quiets the next two events: rows 1 and 4 (rows 2 and 3 are no events); row 5 alarms.
        assertThat(alarms).containsExactly(0.9, below, 0, 0, below, 0.6, 0.1, below);
    }

    @Test
    void shouldRaiseEveryEventAtOrAboveTheThresholdWithoutARefractoryPeriod() {
        assertThat(DetectorScores.alarmScores(new double[] {0.5, 0.7, 0.2}, 0.5, 0))
                .containsExactly(0.5, 0.7, 0.2);
    }
}

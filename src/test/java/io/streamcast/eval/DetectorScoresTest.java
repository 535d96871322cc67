package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AlarmRule;
import org.junit.jupiter.api.Test;

class DetectorScoresTest {

    @Test
    void shouldHoldEventsInARefractoryPeriodJustBelowTheThresholdAndSkipRowsWithoutAScore() {
        double below = Math.nextDown(0.5);
        double[] scores = {0.9, 0.8, Double.NaN, Double.NaN, 0.7, 0.6, 0.1, 0.55};

        double[] alarms = DetectorScores.alarmScores(scores, new AlarmRule(0.5, 2, 0));

        // Row 0 alarms and quiets the next two events: rows 1 and 4 (rows 2 and 3 are no events); row 5 alarms.
        assertThat(alarms).containsExactly(0.9, below, 0, 0, below, 0.6, 0.1, below);
    }

    @Test
    void shouldRaiseEveryEventAtOrAboveTheThresholdWithoutARefractoryPeriod() {
        assertThat(DetectorScores.alarmScores(new double[] {0.5, 0.7, 0.2}, AlarmRule.everyEvent(0.5)))
                .containsExactly(0.5, 0.7, 0.2);
    }

    @Test
    void shouldLetAnEventEscalateTheAnomalyThatStartedTheRefractoryPeriod() {
        double below = Math.nextDown(0.5);
        // As ratios R to a record (s = 1 - 1/R): R = 2, 3.33, 5, 6.67, 8.33, 2.5, and after the period 2.5 again.
        double[] scores = {0.5, 0.7, 0.8, 0.85, 0.88, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6};

        double[] alarms = DetectorScores.alarmScores(scores, new AlarmRule(0.5, 10, 2));

        // Row 0 starts a period of 10 events at R 2. Row 1 is not past twice that (3.33 < 4); row 2 is (5 > 4), so it
        // is an anomaly and starts a new period at R 5, which rows 3 and 4 do not double (6.67, 8.33 < 10). Row 13 is
        // the first after row 2's period.
        assertThat(alarms).containsExactly(0.5, below, 0.8, below, below, below, below, below, below, below, below,
                below, below, 0.6, below, below, below, below);
    }
}

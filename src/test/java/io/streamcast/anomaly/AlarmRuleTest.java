package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlarmRuleTest {

    private final AlarmRule rule = new AlarmRule(0.5, 10, 2);

    /** NAB's scorer counts a detection where the score reaches the threshold: so must the stream. */
    @Test
    void shouldFireAtTheThresholdItselfAndNotAHairBelowIt() {
        assertThat(rule.fires(0.5, 0, AlarmRule.NEVER, 0)).isTrue();
        assertThat(rule.fires(Math.nextDown(0.5), 0, AlarmRule.NEVER, 0)).isFalse();
    }

    /**
     * Inside the refractory period after an anomaly that scored 0.5 (twice its record, R' = 2), a later event fires
     * only by breaking its record more than twice as far: 0.75 is R = 4, exactly twice, and does not; 0.76 is R =
     * 4.17.
     * After the period's last event, any score that reaches the threshold fires.
     */
    @Test
    void shouldEscalateWithinTheRefractoryPeriodOnlyBeyondTheEscalationFactor() {
        long quietUntil = rule.quietUntil(0);
        assertThat(quietUntil).isEqualTo(10);
        assertThat(rule.fires(0.75, 5, quietUntil, 0.5)).isFalse();
        assertThat(rule.fires(0.76, 5, quietUntil, 0.5)).isTrue();
        assertThat(rule.fires(0.5, 10, quietUntil, 0.5)).as("the period's last event").isFalse();
        assertThat(rule.fires(0.5, 11, quietUntil, 0.5)).isTrue();
        assertThat(rule.anomalyBefore(quietUntil)).isZero();
        AlarmRule every = AlarmRule.everyEvent(0.5);
        assertThat(every.fires(0.5, 1, every.quietUntil(0), 0.99)).as("no refractory period: the next event").isTrue();
    }

    @Test
    void shouldRefuseANegativeRefractoryPeriodOrAnEscalationBelowOne() {
        assertThatThrownBy(() -> new AlarmRule(0.5, -1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refractory events");
        assertThatThrownBy(() -> new AlarmRule(0.5, 10, 0.99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("escalation");
        assertThat(new AlarmRule(0.5, 0, 1).fires(0.5, 0, AlarmRule.NEVER, 0)).as("an escalation of 1 is allowed")
                .isTrue();
        assertThat(new AlarmRule(0.5, 10, 0).fires(0.99, 5, 10, 0.5)).as("escalation off").isFalse();
    }
}

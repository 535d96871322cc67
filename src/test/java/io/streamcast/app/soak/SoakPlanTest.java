package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoakPlanTest {

    private static SoakPlan atRate(double eventsPerSecond) {
        return new SoakPlan(2, 20, 0, 10, 2_000, eventsPerSecond, false, 3, 1);
    }

    /**
     * 20,000 events at 1e-10 events/s take 6e6 centuries: the moments they and the kills were due overflowed the
     * pacing's nanoseconds, and the soak hung after its first events while saying it sent "at 0/s".
     */
    @Test
    void shouldRefuseARateWhoseEventsDoNotFitThePacingNamingTheOption() {
        assertThatThrownBy(() -> atRate(1e-10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--rate 1.0E-10 is too low");
        assertThatCode(() -> atRate(200)).doesNotThrowAnyException();
    }
}

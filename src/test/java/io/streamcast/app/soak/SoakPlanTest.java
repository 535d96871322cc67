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

    /**
     * 10 keys x 2,000,000,000 events at 200 events/s take 3 years to produce; the soak checks only at the end, so it
     * ran until stopped, with nothing to show. A production longer than a day is refused naming the options; a day is
     * taken (4 keys x 4,320,000 events at 200 events/s).
     */
    @Test
    void shouldRefuseAProductionLongerThanADayNamingTheOptions() {
        assertThatThrownBy(() -> new SoakPlan(2, 20, 0, 10, 2_000_000_000, 200, false, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--keys 10 x --events-per-key 2000000000 at --rate 200 take 27778 hours to produce; a soak"
                        + " produces for at most 24 hours (it checks only at the end, holding every event and"
                        + " prediction in memory): give fewer events or a higher rate");
        assertThatCode(() -> new SoakPlan(2, 20, 0, 4, 4_320_000, 200, false, 3, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new SoakPlan(2, 20, 0, 4, 4_320_001, 200, false, 3, 1))
                .hasMessageStartingWith("--keys 4 x --events-per-key 4320001 at --rate 200 take 25 hours");
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The rates whose events' moments fit the pacing's long of nanoseconds, 9.22e18 ns: one event's wait fits at
 * 1.09e-10 events/s and up, 20,000 events fit at 2.17e-6 events/s and up (20,000 × 1e9 / 9.22e18).
 */
class EventPaceTest {

    @Test
    void shouldRefuseARateWhoseWaitForTheNextEventDoesNotFitNamingTheOptionAndTheLowestRate() {
        assertThatThrownBy(() -> EventPace.requireFits("--rate", 1e-10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--rate 1.0E-10 is too low")
                .hasMessageContaining("292 years")
                .hasMessageContaining("give at least 1.1E-10 events/s");
        assertThatCode(() -> EventPace.requireFits("--rate", 1.1e-10, 0)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseARateAtWhichAllTheEventsDoNotFit() {
        assertThatThrownBy(() -> EventPace.requireFits("--rate", 2.1e-6, 20_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20000 events take longer")
                .hasMessageContaining("give at least 0.0000022 events/s");
        assertThatCode(() -> EventPace.requireFits("--rate", 2.2e-6, 20_000)).doesNotThrowAnyException();
    }

    @Test
    void shouldLeaveAnUnpacedStreamToItsCommand() {
        assertThatCode(() -> EventPace.requireFits("--rate", 0, 20_000)).doesNotThrowAnyException();
    }
}

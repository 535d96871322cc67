package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bench's options, as {@code bench} passes them on from its command line. */
class StreamBenchOptionsTest {

    private static StreamBenchOptions withLatencyRate(double rate) {
        return new StreamBenchOptions(1_000, 10, 32, 1, true, false, null, "mock://bench-options-test", 10, rate, 42,
                1);
    }

    /**
     * {@code --latency-rate NaN} passed a check that it was not at most 0: the paced phase sent no event and reported
     * a latency of 0 ms; {@code --latency-rate Infinity} had the paced producer send without end.
     */
    @Test
    void shouldRefuseALatencyRateThatIsNotAPositiveFiniteNumber() {
        assertThatThrownBy(() -> withLatencyRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency rate");
        assertThatThrownBy(() -> withLatencyRate(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency rate");
        assertThatThrownBy(() -> withLatencyRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> withLatencyRate(2_000)).doesNotThrowAnyException();
    }

    /** {@code --latency-rate 1e-10} for 10 s sent no event, and the bench reported a latency of 0 ms. */
    @Test
    void shouldRefuseALatencyRateThatSendsNoEventInTheLatencyPhaseNamingBothOptions() {
        assertThatThrownBy(() -> withLatencyRate(1e-10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--latency-rate 1.0E-10 sends no event in --latency-seconds 10: give at least 0.1"
                        + " events/s, or --latency-seconds 0 to skip the latency");
        assertThatCode(() -> withLatencyRate(0.1)).as("one event in 10 s").doesNotThrowAnyException();
        assertThatCode(() -> new StreamBenchOptions(1_000, 10, 32, 1, true, false, null, "mock://bench-options-test",
                0, 1e-10, 42, 1)).as("no latency phase").doesNotThrowAnyException();
    }
}

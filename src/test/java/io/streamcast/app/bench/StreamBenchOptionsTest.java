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
                .hasMessage("--latency-rate NaN: must be a positive, finite number of events per second");
        assertThatThrownBy(() -> withLatencyRate(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--latency-rate Infinity: must be");
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

    /** Each option is named with its value, where one message listed every bound ("need events >= keys >= 1, ..."). */
    @Test
    void shouldNameTheOptionAndTheValueThatAreOutOfBounds() {
        assertThatThrownBy(() -> options(1_000, 0, 32, 1, 10, 1)).hasMessage("--keys 0: must be at least 1");
        assertThatThrownBy(() -> options(10, 100, 32, 1, 10, 1))
                .hasMessage("--events 10: must be at least --keys (100)");
        assertThatThrownBy(() -> options(1_000, 10, 0, 1, 10, 1)).hasMessage("--hidden 0: must be at least 1");
        assertThatThrownBy(() -> options(1_000, 10, 32, 0, 10, 1)).hasMessage("--partitions 0: must be at least 1");
        assertThatThrownBy(() -> options(1_000, 10, 32, 1, -1, 1))
                .hasMessage("--latency-seconds -1: must be at least 0");
        assertThatThrownBy(() -> options(1_000, 10, 32, 1, 10, 0)).hasMessage("--repeats 0: must be at least 1");
        assertThatCode(() -> options(10, 10, 1, 1, 0, 1)).as("each at its bound").doesNotThrowAnyException();
    }

    private static StreamBenchOptions options(long events, int keys, int hidden, int partitions, int latencySeconds,
                                              int repeats) {
        return new StreamBenchOptions(events, keys, hidden, partitions, true, false, null, "mock://bench-options-test",
                latencySeconds, 2_000, 42, repeats);
    }
}

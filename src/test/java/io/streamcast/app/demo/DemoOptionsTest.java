package io.streamcast.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's opening line says how many events it sends and how fast, in words that read. */
class DemoOptionsTest {

    @Test
    void shouldSayHowManyEventsAndHowFast() {
        assertThat(options(40_000, 500).describe()).isEqualTo("20 keys, 40000 events at 500/s");
        assertThat(options(40_000, 0).describe()).isEqualTo("20 keys, 40000 events as fast as they are taken");
    }

    @Test
    void shouldSayThatADemoWithoutAnEventCountRunsUntilStopped() {
        assertThat(options(0, 500).describe()).isEqualTo("20 keys, 500 events/s until Ctrl-C");
        assertThat(options(0, 0).describe()).isEqualTo("20 keys, events as fast as they are taken until Ctrl-C");
    }

    private static DemoOptions options(long events, double rate) {
        return new DemoOptions(20, events, rate, 42, "mock://demo", 0);
    }
}

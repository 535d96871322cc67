package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessedRateTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldTimeTheEventsProcessedAfterTheFirstPollThatSawAny() {
        ProcessedRate rate = new ProcessedRate(1_000, 0);

        assertThat(rate.observe(20 * MS, 0)).isNaN();
        assertThat(rate.observe(40 * MS, 100)).isNaN();
        assertThat(rate.observe(540 * MS, 1_000)).isEqualTo(1_800.0);
    }

    /** {@code bench --events 20 --keys 10}: all 20 processed between two polls; the rate was NaN. */
    @Test
    void shouldTimeARunDoneBetweenTwoPollsFromTheLastPollThatSawNone() {
        ProcessedRate rate = new ProcessedRate(20, 0);

        assertThat(rate.observe(20 * MS, 0)).isNaN();
        assertThat(rate.observe(40 * MS, 0)).isNaN();
        assertThat(rate.observe(50 * MS, 20)).isEqualTo(2_000.0);
    }

    @Test
    void shouldTimeARunDoneBeforeTheFirstPollFromTheStart() {
        ProcessedRate rate = new ProcessedRate(20, 10 * MS);

        assertThat(rate.observe(20 * MS, 20)).isEqualTo(2_000.0);
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecondsForMillisecondsTest {

    /** 2026-12-05T20:00:00Z in milliseconds since 1970 (Python: datetime(2026,12,5,20,tzinfo=utc).timestamp()). */
    private static final long NOW = 1_796_500_800_000L;

    @Test
    void shouldTakeForSecondsOnlyTimesThatReadAsSecondsFallInTheYears2000To2099() {
        // now and 2014-04-01T00:00:00Z (replayed history) in seconds
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_796_500_800L)).isTrue();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_396_310_400L)).isTrue();
        // the first second of 2000 and the last of 2099; the first of 2100 and the last of 1999
        assertThat(SecondsForMilliseconds.readsAsSeconds(946_684_800L)).isTrue();
        assertThat(SecondsForMilliseconds.readsAsSeconds(4_102_444_799L)).isTrue();
        assertThat(SecondsForMilliseconds.readsAsSeconds(4_102_444_800L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(946_684_799L)).isFalse();
        // milliseconds, now and in 2014; the epoch and its first second in milliseconds; microseconds; before 1970
        assertThat(SecondsForMilliseconds.readsAsSeconds(NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_396_310_400_000L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(0L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_000L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_796_500_800_000_000L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(-1_796_500_800L)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(Long.MAX_VALUE)).isFalse();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWarnAtMostOnceAMinuteAndCountWhatItLeftUnlogged() {
        SecondsForMilliseconds seconds = new SecondsForMilliseconds();

        String first = seconds.warningFor(key("pump-7"), 1_796_500_800L, NOW);

        assertThat(first).contains("pump-7", "1796500800", "1970-01-21T19:01:40.800Z", "2026-12-05T20:00:00Z",
                "write milliseconds").doesNotContain("unlogged");
        assertThat(seconds.warningFor(key("pump-8"), 1_796_500_801L, NOW + 1_000)).isNull();
        assertThat(seconds.warningFor(key("pump-9"), 1_796_500_802L, NOW + 59_999)).isNull();
        assertThat(seconds.warningFor(key("pump-9"), NOW + 60_000, NOW + 60_000)).as("milliseconds").isNull();
        assertThat(seconds.warningFor(key("pump-9"), 1_796_500_860L, NOW + 60_000))
                .contains("pump-9", " 2 more such events since the last warning went unlogged.");
        assertThat(seconds.warningFor(key("pump-9"), 1_796_500_861L, NOW + 61_000)).isNull();
    }

    /** A wall clock stepped back (an NTP correction) after a warning does not keep the next one back. */
    @Test
    void shouldWarnAgainOnceTheClockHasSteppedBack() {
        SecondsForMilliseconds seconds = new SecondsForMilliseconds();
        assertThat(seconds.warningFor(key("pump-7"), 1_796_500_800L, NOW)).isNotNull();

        assertThat(seconds.warningFor(key("pump-7"), 1_796_500_801L, NOW - 3_600_000L)).isNotNull();
    }
}

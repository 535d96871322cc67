package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecondsForMillisecondsTest {

    /** 2026-12-05T20:00:00Z in milliseconds since 1970 (Python: datetime(2026,12,5,20,tzinfo=utc).timestamp()). */
    private static final long NOW = 1_796_500_800_000L;

    @Test
    void shouldTakeForSecondsOnlyATimeThatReadAsSecondsLiesNearTheClock() {
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_796_500_800L, NOW)).isTrue();
        // an hour earlier, in seconds
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_796_497_200L, NOW)).isTrue();
        // milliseconds, now and in 2014
        assertThat(SecondsForMilliseconds.readsAsSeconds(NOW, NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_396_000_000_000L, NOW)).isFalse();
        // 1970-01-01T00:00:01Z and the first second, as milliseconds; microseconds since 1970; before 1970
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_000L, NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(0L, NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_796_500_800_000_000L, NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(-1_796_500_800L, NOW)).isFalse();
        // seconds of 2005 (21 years back) are too far from the clock to be taken for seconds
        assertThat(SecondsForMilliseconds.readsAsSeconds(1_104_537_600L, NOW)).isFalse();
        assertThat(SecondsForMilliseconds.readsAsSeconds(Long.MAX_VALUE, NOW)).isFalse();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWarnAtMostOnceAMinuteAndCountWhatItLeftUnsaid() {
        SecondsForMilliseconds seconds = new SecondsForMilliseconds();

        String first = seconds.check(key("pump-7"), 1_796_500_800L, NOW);

        assertThat(first).contains("pump-7", "1796500800", "1970-01-21T19:01:40.800Z", "2026-12-05T20:00:00Z",
                "write milliseconds").doesNotContain("such events");
        assertThat(seconds.check(key("pump-8"), 1_796_500_801L, NOW + 1_000)).isNull();
        assertThat(seconds.check(key("pump-9"), 1_796_500_802L, NOW + 59_999)).isNull();
        assertThat(seconds.check(key("pump-9"), NOW + 60_000, NOW + 60_000)).as("milliseconds").isNull();
        assertThat(seconds.check(key("pump-9"), 1_796_500_860L, NOW + 60_000))
                .contains("pump-9", "(and 2 such events since the last warning)");
        assertThat(seconds.check(key("pump-9"), 1_796_500_861L, NOW + 61_000)).isNull();
    }
}

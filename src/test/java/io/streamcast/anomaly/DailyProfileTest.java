package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import org.junit.jupiter.api.Test;

class DailyProfileTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** Monday 5 January 1970. */
    private static final long MONDAY = 4 * DAY;
    private static final long SATURDAY = MONDAY + 5 * DAY;

    @Test
    void shouldKeepAWeekdaysHoursApartFromAWeekendDays() {
        assertThat(DailyProfile.isWeekend(0)).as("Thursday 1 January 1970").isFalse();
        assertThat(DailyProfile.isWeekend(MONDAY + 4 * DAY + 23 * HOUR)).as("a Friday's last hour").isFalse();
        assertThat(DailyProfile.isWeekend(SATURDAY)).isTrue();
        assertThat(DailyProfile.isWeekend(SATURDAY + DAY + 23 * HOUR)).as("a Sunday's last hour").isTrue();
        assertThat(DailyProfile.isWeekend(-DAY)).as("Wednesday 31 December 1969").isFalse();
        assertThat(DailyProfile.isWeekend(-5 * DAY)).as("Saturday 27 December 1969").isTrue();
        assertThat(DailyProfile.bin(MONDAY + 7 * HOUR)).isEqualTo(7);
        assertThat(DailyProfile.bin(SATURDAY + 7 * HOUR)).isEqualTo(DailyProfile.HOURS + 7);
    }

    /**
     * An earlier form kept one day's 24 bins for all seven. Its 07:00 bin, at 12 after 20 events, starts both the
     * weekdays' 07:00 and the weekends'; the weekends' counts as 3 events, so one Saturday event of 40 makes it
     * (3 x 12 + 40) / 4 = 19, while a weekday's 07:00 bin, which keeps its 20 events, is unchanged. Its 08:00 bin, with
     * one event (too few to say what is usual), starts the weekends' with that one.
     */
    @Test
    void shouldStartTheWeekendsBinsFromAnEarlierFormsOneDay() {
        float[] means = new float[DailyProfile.HOURS];
        byte[] counts = new byte[DailyProfile.HOURS];
        means[7] = 12;
        counts[7] = 20;
        means[8] = 5;
        counts[8] = 1;
        BinaryWriter out = new BinaryWriter();
        out.writeFloats(means, 0, means.length);
        out.writeBytes(counts, 0, counts.length);
        new RecentDeviations(10).write(out);

        DailyProfile profile = new DailyProfile(10);
        assertThat(profile.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()), true, false)).isTrue();

        assertThat(profile.usual(MONDAY + 7 * HOUR)).isEqualTo(12);
        assertThat(profile.usual(SATURDAY + 7 * HOUR)).isEqualTo(12);
        assertThat(profile.usual(SATURDAY + 8 * HOUR)).isNaN();
        profile.fold(40, SATURDAY + 7 * HOUR, 100, 2000, false);
        assertThat(profile.usual(SATURDAY + 7 * HOUR)).isCloseTo(19, within(1e-6));
        assertThat(profile.usual(MONDAY + DAY + 7 * HOUR)).isEqualTo(12);
        profile.fold(7, SATURDAY + 8 * HOUR, 100, 2000, false);
        profile.fold(9, SATURDAY + 8 * HOUR, 100, 2000, false);
        assertThat(profile.usual(SATURDAY + 8 * HOUR)).as("(5 + 7 + 9) / 3").isCloseTo(7, within(1e-6));
    }

    @Test
    void shouldReadWhatItWrote() {
        DailyProfile profile = new DailyProfile(10);
        for (int i = 0; i < 14 * 24; i++) {
            profile.fold(i % 24 + (i / 24 % 7 >= 5 ? 100 : 0), MONDAY + i * HOUR, 8, 2000, false);
        }
        BinaryWriter out = new BinaryWriter();
        profile.write(out);

        DailyProfile read = new DailyProfile(10);
        assertThat(read.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()), true, true)).isTrue();
        BinaryWriter again = new BinaryWriter();
        read.write(again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
        assertThat(read.usual(MONDAY + 3 * HOUR)).isEqualTo(3);
        assertThat(read.usual(SATURDAY + 3 * HOUR)).isEqualTo(103);
    }
}

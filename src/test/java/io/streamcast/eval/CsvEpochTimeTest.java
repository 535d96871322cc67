package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvEpochTimeTest {

    /** Each unit's first and last counts, the instants written out by hand (date -u -d @N). */
    @Test
    void shouldTellTheUnitByTheCountsSize() {
        assertThat(CsvEpochTime.parse("100000000")).as("the least count read: 10^8 s")
                .isEqualTo(Instant.parse("1973-03-03T09:46:40Z"));
        assertThat(CsvEpochTime.parse("99999999999")).as("seconds up to the year 5138")
                .isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
        assertThat(CsvEpochTime.parse("100000000000")).as("then milliseconds, from 1973")
                .isEqualTo(Instant.parse("1973-03-03T09:46:40Z"));
        assertThat(CsvEpochTime.parse("100000000000000")).as("microseconds from 10^14")
                .isEqualTo(Instant.parse("1973-03-03T09:46:40Z"));
        assertThat(CsvEpochTime.parse("100000000000000000")).as("nanoseconds from 10^17")
                .isEqualTo(Instant.parse("1973-03-03T09:46:40Z"));
        assertThat(CsvEpochTime.parse("1397114100.000001")).as("a fraction in the count's unit")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.000001Z"));
        assertThat(CsvEpochTime.parse("9300000000000000000")).as("nanoseconds beyond a long's nanoseconds")
                .isEqualTo(Instant.parse("2264-09-14T21:20:00Z"));
    }

    @Test
    void shouldReadNoCountFromWhatIsNone() {
        assertThat(CsvEpochTime.parse("20140410")).as("eight digits: a date, more likely").isNull();
        assertThat(CsvEpochTime.parse("-1397114100")).as("before 1970").isNull();
        assertThat(CsvEpochTime.parse("1397114100.")).as("a point without a fraction").isNull();
        assertThat(CsvEpochTime.parse("2014-04-10 07:15:00")).isNull();
        assertThat(CsvEpochTime.parse("10000000000000000000")).as("twenty digits").isNull();
    }
}

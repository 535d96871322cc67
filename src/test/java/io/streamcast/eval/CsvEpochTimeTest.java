package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvEpochTimeTest {

    /** Each unit told by its digits, the instants written out by hand or with date -u -d @N. */
    @Test
    void shouldTellTheUnitByTheCountsDigits() {
        assertThat(CsvEpochTime.parse("1397114100")).as("ten digits: seconds")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00Z"));
        assertThat(CsvEpochTime.parse("1397114100250")).as("thirteen: milliseconds")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.250Z"));
        assertThat(CsvEpochTime.parse("1397114100000001")).as("sixteen: microseconds")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.000001Z"));
        assertThat(CsvEpochTime.parse("1397114100000000001")).as("nineteen: nanoseconds")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.000000001Z"));
        assertThat(CsvEpochTime.parse("1397114100.000001")).as("a fraction in the count's unit")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.000001Z"));
        assertThat(CsvEpochTime.parse("1397114100250.5")).as("a fraction of a millisecond")
                .isEqualTo(Instant.parse("2014-04-10T07:15:00.2505Z"));
        assertThat(CsvEpochTime.parse("9999999999")).as("the last second read")
                .isEqualTo(Instant.parse("2286-11-20T17:46:39Z"));
    }

    /** Dates written without separators are no counts: read as counts they would land in another century. */
    @Test
    void shouldReadNoCountFromWhatIsNone() {
        assertThat(CsvEpochTime.parse("20140410")).as("yyyyMMdd").isNull();
        assertThat(CsvEpochTime.parse("201404100715")).as("yyyyMMddHHmm").isNull();
        assertThat(CsvEpochTime.parse("20140410071500")).as("yyyyMMddHHmmss").isNull();
        assertThat(CsvEpochTime.parse("946684800")).as("nine digits").isNull();
        assertThat(CsvEpochTime.parse("-1397114100")).as("before 1970").isNull();
        assertThat(CsvEpochTime.parse("1397114100.")).as("a point without a fraction").isNull();
        assertThat(CsvEpochTime.parse("2014-04-10 07:15:00")).isNull();
        assertThat(CsvEpochTime.parse("10000000000000000000")).as("twenty digits").isNull();
    }
}

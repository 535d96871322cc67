package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

    private static final long MONDAY = 1_767_571_200_000L; // 2026-01-05T00:00Z (date -u -d @1767571200)
    private static final long MINUTE = 60_000L;

    @TempDir
    Path dir;
    private int files;

    /** A new file of these lines. */
    private Path csv(String... lines) throws IOException {
        return Files.write(dir.resolve("series-" + files++ + ".csv"), List.of(lines));
    }

    @Test
    void shouldReadBothTimestampFormatsInFileOrderSkippingTheHeaderAndBlankLines() throws IOException {
        TimeSeriesCsv series = TimeSeriesCsv.read(csv(
                "timestamp,value",
                "2026-01-05 00:10:00, 3.5",
                "",
                "2026-01-05T00:05:00Z,-2",
                "  ",
                "2026-01-05 00:20:00,1e3"));

        assertThat(series.length()).isEqualTo(3);
        assertThat(series.times()).containsExactly(MONDAY + 10 * MINUTE, MONDAY + 5 * MINUTE, MONDAY + 20 * MINUTE);
        assertThat(series.values()).containsExactly(3.5, -2, 1000);
    }

    /**
     * Exports write a missing value as an empty field, NaN or null: each is read as NaN, which the replay refuses as a
     * non-finite value and counts, where an empty field or null stopped the run.
     */
    @Test
    void shouldReadAMissingValueAsNaN() throws IOException {
        TimeSeriesCsv series = TimeSeriesCsv.read(csv(
                "timestamp,value",
                "2026-01-05 00:00:00,1",
                "2026-01-05 00:01:00,",
                "2026-01-05 00:02:00, NaN",
                "2026-01-05 00:03:00,null",
                "2026-01-05 00:04:00,NULL",
                "2026-01-05 00:05:00,2"));

        assertThat(series.times()).containsExactly(MONDAY, MONDAY + MINUTE, MONDAY + 2 * MINUTE, MONDAY + 3 * MINUTE,
                MONDAY + 4 * MINUTE, MONDAY + 5 * MINUTE);
        assertThat(series.values()).containsExactly(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 2);

        Path keyed = csv("key,time,value", "a,2026-01-05 00:00:00,", "a,2026-01-05 00:01:00,null",
                "a,2026-01-05 00:02:00,3");
        assertThat(TimeSeriesCsv.readKeyed(keyed, "key").get("a").values()).containsExactly(Double.NaN, Double.NaN, 3);
    }

    @Test
    void shouldReadQuotedFieldsAndNameTheLineOfAQuoteLeftOpen() throws IOException {
        TimeSeriesCsv series = TimeSeriesCsv.read(csv("\"timestamp\",\"value\"", "\"2026-01-05 00:00:00\",\"1.5\"",
                "\"2026-01-05 00:01:00\", \"2\""));
        assertThat(series.times()).containsExactly(MONDAY, MONDAY + MINUTE);
        assertThat(series.values()).containsExactly(1.5, 2);

        Path keyed = csv("\"host\",\"time\",\"value\"", "\"a, rack 1\",\"2026-01-05 00:00:00\",\"3\"");
        assertThat(TimeSeriesCsv.readKeyed(keyed, "host").get("a, rack 1").values()).containsExactly(3);

        Path open = csv("timestamp,value", "2026-01-05 00:00:00,1", "\"2026-01-05 00:01:00,2");
        assertThatThrownBy(() -> TimeSeriesCsv.read(open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 3: ").hasMessageContaining("Missing closing quote");
    }

    /**
     * Exports write times with a T and no zone, with milliseconds after a space, with a Z after a space, or with the
     * offset (with a colon or without: +0200, +01) of a zone that changes it (02:30 at +02:00 and 01:45 at +01:00 are
     * 00:30 and 00:45 UTC: a clock put back an hour, the rows still in order). A date without a time is refused,
     * saying what to write.
     */
    @Test
    void shouldReadTheTimestampsExportsWriteAndRefuseADateWithoutATime() throws IOException {
        TimeSeriesCsv series = TimeSeriesCsv.read(csv(
                "timestamp,value",
                "2026-01-05T00:01:00,1",
                "2026-01-05 00:02:00.250,2",
                "2026-01-05 00:03:00Z,3",
                "2026-01-05T02:30:00+02:00,4",
                "2026-01-05T01:45:00+01:00,5",
                "2026-01-05T02:50:00+0200,6",
                "2026-01-05 01:55:00+01,7"));

        assertThat(series.times()).containsExactly(MONDAY + MINUTE, MONDAY + 2 * MINUTE + 250, MONDAY + 3 * MINUTE,
                MONDAY + 30 * MINUTE, MONDAY + 45 * MINUTE, MONDAY + 50 * MINUTE, MONDAY + 55 * MINUTE);

        Path date = csv("timestamp,value", "20260105,1");
        assertThatThrownBy(() -> TimeSeriesCsv.read(date)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 2: unreadable timestamp 20260105 (expected yyyy-MM-dd HH:mm:ss");
    }

    /**
     * Databases and monitoring systems export a time as a count since 1970: seconds (with a fraction or without),
     * milliseconds, microseconds or nanoseconds, each read as the time it counts.
     */
    @Test
    void shouldReadACountSince1970InTheUnitItsSizeTells() throws IOException {
        TimeSeriesCsv series = TimeSeriesCsv.read(csv(
                "timestamp,value",
                "1767571260,1",
                "1767571320.5,2",
                "1767571380250,3",
                "1767571440000000,4",
                "1767571500000000000,5"));

        assertThat(series.times()).containsExactly(MONDAY + MINUTE, MONDAY + 2 * MINUTE + 500,
                MONDAY + 3 * MINUTE + 250, MONDAY + 4 * MINUTE, MONDAY + 5 * MINUTE);
        assertThat(series.values()).containsExactly(1, 2, 3, 4, 5);
    }

    /**
     * An export with more columns, or its two in another order, names them: the time and value are taken from the
     * columns so named, where the first two columns were taken whatever they held. A wider header that names neither
     * is refused rather than read from its first two columns.
     */
    @Test
    void shouldTakeTheTimeAndValueFromTheColumnsSoNamed() throws IOException {
        TimeSeriesCsv wide = TimeSeriesCsv.read(csv("\uFEFFid,Timestamp,host, Value ,count",
                "7,2026-01-05 00:00:00,a,1.5,40", "8,2026-01-05 00:01:00,a,2,41"));
        assertThat(wide.times()).containsExactly(MONDAY, MONDAY + MINUTE);
        assertThat(wide.values()).containsExactly(1.5, 2);

        TimeSeriesCsv swapped = TimeSeriesCsv.read(csv("value,timestamp", "3,2026-01-05 00:00:00"));
        assertThat(swapped.times()).containsExactly(MONDAY);
        assertThat(swapped.values()).containsExactly(3);

        Path unnamed = csv("time,count,bytes", "2026-01-05 00:00:00,1,300");
        assertThatThrownBy(() -> TimeSeriesCsv.read(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 1: 3 columns [time, count, bytes], none of them named timestamp");

        Path keyed = csv("\uFEFFKey,time,value", "a,2026-01-05 00:00:00,3");
        assertThat(TimeSeriesCsv.readKeyed(keyed, "key").get("a").values()).containsExactly(3);
    }

    /** Files exported with semicolons or tabs are one column to a comma-separated reader: the refusal says so. */
    @Test
    void shouldSayThatColumnsAreSeparatedByCommasWhenAHeaderHoldsAnotherSeparator() throws IOException {
        Path semicolons = csv("timestamp;value", "2026-01-05 00:00:00;1");
        assertThatThrownBy(() -> TimeSeriesCsv.read(semicolons)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" line 1: 1 columns [timestamp;value], none of them named timestamp: name the"
                        + " timestamp and value columns, separated by commas (this header holds no comma but ';')");

        Path tabs = csv("timestamp\tvalue", "2026-01-05 00:00:00\t1");
        assertThatThrownBy(() -> TimeSeriesCsv.read(tabs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("separated by commas (this header holds no comma but tabs)");

        Path named = csv("time,count,bytes", "2026-01-05 00:00:00,1,2");
        assertThatThrownBy(() -> TimeSeriesCsv.read(named)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": name the timestamp and value columns");
    }

    /** A file without a header would lose its first row to it: it is refused, saying what to add. */
    @Test
    void shouldRefuseAFileWhoseFirstLineIsARow() throws IOException {
        Path headless = csv("2026-01-05 00:00:00,1", "2026-01-05 00:01:00,2");

        assertThatThrownBy(() -> TimeSeriesCsv.read(headless)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" line 1: 2026-01-05 00:00:00,1 is a row, not a header: add the header"
                        + " timestamp,value");
    }

    @Test
    void shouldNameTheFileLineOfAnUnreadableValueOrTimestamp() throws IOException {
        // line 1 is the header: the second row is line 3
        Path badValue = csv("timestamp,value", "2026-01-05 00:00:00,1", "2026-01-05 00:05:00,lots");
        assertThatThrownBy(() -> TimeSeriesCsv.read(badValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 3: not a number: lots (expected");

        Path badTime = csv("timestamp,value", "2026-01-05 00:00:00,1", "yesterday,2");
        assertThatThrownBy(() -> TimeSeriesCsv.read(badTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 3: unreadable timestamp yesterday (expected yyyy-MM-dd HH:mm:ss");

        Path noValue = csv("timestamp,value", "2026-01-05 00:00:00");
        assertThatThrownBy(() -> TimeSeriesCsv.read(noValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(" line 2: expected timestamp,value");
    }

    /**
     * A keyed file whose header names its timestamp and value columns is read by those names, in whatever order: by
     * position, {@code value,timestamp,host} took the values for times, and a file of epoch seconds whose values
     * were counts of ten digits would have swapped them without a word.
     */
    @Test
    void shouldReadAKeyedFilesTimestampAndValueColumnsByTheirNames() throws IOException {
        Path keyed = csv("value,timestamp,host", "1500000000,1767571200,a", "1500000300,1767571500,a");

        TimeSeriesCsv a = TimeSeriesCsv.readKeyed(keyed, "host").get("a");

        assertThat(a.times()).containsExactly(1_767_571_200_000L, 1_767_571_500_000L);
        assertThat(a.values()).containsExactly(1.5e9, 1.5000003e9);
    }

    /**
     * Blank lines are skipped but still lines of the file: the bad value below is on the file's fifth line (header,
     * a row, a blank line, a row of spaces, the bad row), as an editor numbers it.
     */
    @Test
    void shouldNameTheFilesOwnLineAfterBlankLines() throws IOException {
        Path badValue = csv("timestamp,value", "2026-01-05 00:00:00,1", "", "   ", "2026-01-05 00:05:00,lots");
        assertThatThrownBy(() -> TimeSeriesCsv.read(badValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 5: not a number: lots (expected");

        Path badTime = csv("timestamp,value", "", "2026-01-05 00:00:00,1", "", "yesterday,2");
        assertThatThrownBy(() -> TimeSeriesCsv.read(badTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 5: unreadable timestamp yesterday (expected yyyy-MM-dd HH:mm:ss");

        Path noValue = csv("timestamp,value", "", "", "2026-01-05 00:00:00");
        assertThatThrownBy(() -> TimeSeriesCsv.read(noValue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(" line 4: expected timestamp,value");

        Path keyed = csv("time,value,key", "", "2026-01-05 00:00:00,1,a", "", "2026-01-05 00:01:00,x,b");
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(keyed, "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 5: not a number: x (expected");
    }

    @Test
    void shouldSplitAKeyedFileIntoEachKeysSeriesInTheOrderTheKeysFirstAppear() throws IOException {
        Path file = csv(
                "airport,time,flights",
                "ORD,2026-01-05 00:00:00,12",
                "ATL,2026-01-05 00:00:00,30",
                "",
                "ORD,2026-01-05T01:00:00Z,15",
                "ATL,2026-01-05 01:00:00,31",
                "BOS,2026-01-05 02:00:00,4");

        Map<String, TimeSeriesCsv> series = TimeSeriesCsv.readKeyed(file, "airport");

        assertThat(series).containsOnlyKeys("ORD", "ATL", "BOS");
        assertThat(series.keySet()).containsExactly("ORD", "ATL", "BOS");
        assertThat(series.get("ORD").times()).containsExactly(MONDAY, MONDAY + 60 * MINUTE);
        assertThat(series.get("ORD").values()).containsExactly(12, 15);
        assertThat(series.get("ATL").values()).containsExactly(30, 31);
        assertThat(series.get("BOS").times()).containsExactly(MONDAY + 120 * MINUTE);
        assertThat(series.get("BOS").values()).containsExactly(4);
    }

    @Test
    void shouldTakeTheTimestampAndTheValueInTheirOrderAroundTheKeyColumn() throws IOException {
        Path middle = csv("time,key,value", "2026-01-05 00:00:00,a,1", "2026-01-05 00:01:00,a,2");
        Path last = csv("time,value,key", "2026-01-05 00:00:00,1,a", "2026-01-05 00:01:00,2,a");

        for (Path file : List.of(middle, last)) {
            TimeSeriesCsv a = TimeSeriesCsv.readKeyed(file, "key").get("a");
            assertThat(a.times()).as("%s", file).containsExactly(MONDAY, MONDAY + MINUTE);
            assertThat(a.values()).as("%s", file).containsExactly(1, 2);
        }
    }

    @Test
    void shouldRefuseAKeyedFileWithoutItsKeyColumnOrWithRowsOfAnotherWidth() throws IOException {
        Path noKey = csv("time,value,host", "2026-01-05 00:00:00,1,a");
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(noKey, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one of them key");
        Path fourColumns = csv("time,value,key,note", "2026-01-05 00:00:00,1,a,x");
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(fourColumns, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three columns");
        Path empty = csv();
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(empty, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        Path shortRow = csv("time,value,key", "2026-01-05 00:00:00,1,a", "2026-01-05 00:01:00,2");
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(shortRow, "key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(" line 3: expected three fields");
        Path badValue = csv("time,value,key", "2026-01-05 00:00:00,1,a", "2026-01-05 00:01:00,x,b");
        assertThatThrownBy(() -> TimeSeriesCsv.readKeyed(badValue, "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 3: not a number: x (expected");
    }

    /**
     * A row of more fields than its header has columns is refused naming its line: a value written with a thousands
     * separator or a decimal comma splits in two, and its first part was taken for the value (1 for 1,234.5).
     */
    @Test
    void shouldRefuseARowOfMoreFieldsThanTheHeaderNamingTheLine() throws IOException {
        Path thousands = csv("timestamp,value", "2026-01-05 00:00:00,1", "2026-01-05 00:01:00,1,234.5");
        assertThatThrownBy(() -> TimeSeriesCsv.read(thousands)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" line 3: 3 fields where the header has 2 columns")
                .hasMessageContaining("thousands separator or a decimal comma");
        Path widerHeader = csv("host,timestamp,value", "a,2026-01-05 00:00:00,19,76");
        assertThatThrownBy(() -> TimeSeriesCsv.read(widerHeader)).hasMessageContaining(" line 2: 4 fields");
        // quoted, the comma belongs to the field, which then is no number: refused as one
        Path quoted = csv("timestamp,value", "2026-01-05 00:00:00,\"1,234.5\"");
        assertThatThrownBy(() -> TimeSeriesCsv.read(quoted)).hasMessageContaining(" line 2: ");
    }

    /**
     * A value is a plain decimal: the forms Java's parser also reads ({@code 12f}, {@code 0x1p3}) are refused naming
     * the line, and infinity as pandas writes it ({@code inf}) is read, as {@code Infinity} was, for the replay to
     * refuse and count as the stream does.
     */
    @Test
    void shouldRefuseJavaLiteralFormsAndReadInfinityAsPandasWritesIt() throws IOException {
        for (String literal : List.of("12f", "12d", "0x1p3")) {
            Path file = csv("timestamp,value", "2026-01-05 00:00:00,1", "2026-01-05 00:05:00," + literal);
            assertThatThrownBy(() -> TimeSeriesCsv.read(file)).as(literal).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(" line 3: not a number: " + literal + " (expected");
        }

        TimeSeriesCsv infinite = TimeSeriesCsv.read(csv("timestamp,value", "2026-01-05 00:00:00,inf",
                "2026-01-05 00:05:00,-INF", "2026-01-05 00:10:00,Infinity", "2026-01-05 00:15:00,2"));

        assertThat(infinite.values()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 2);
    }

    /** A first-row field that the value column would refuse ({@code 2f}, a floor) is text, as keys are. */
    @Test
    void shouldTakeAFieldInAJavaLiteralFormForTextWhenTellingAColumnOfKeys() throws IOException {
        Path floors = csv("floor,timestamp,value", "2f,2026-01-05 00:00:00,1");
        Path counts = csv("count,timestamp,value", "12,2026-01-05 00:00:00,1");

        assertThat(TimeSeriesCsv.otherColumns(floors)).containsExactly(Map.entry("floor", true));
        assertThat(TimeSeriesCsv.otherColumns(counts)).containsExactly(Map.entry("count", false));
    }

    /** Words the value column reads as missing or infinite are no numbers of a column: {@code null} may be a key. */
    @Test
    void shouldTakeAMissingOrInfiniteWordForTextWhenTellingAColumnOfKeys() throws IOException {
        Path nulls = csv("host,timestamp,value", "null,2026-01-05 00:00:00,1");
        Path infinite = csv("host,timestamp,value", "inf,2026-01-05 00:00:00,1");

        assertThat(TimeSeriesCsv.otherColumns(nulls)).containsExactly(Map.entry("host", true));
        assertThat(TimeSeriesCsv.otherColumns(infinite)).containsExactly(Map.entry("host", true));
    }
}

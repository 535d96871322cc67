package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

    @TempDir
    Path tmp;

    @Test
    void shouldReadEveryFileWithItsCategoryRowsAndWindows() throws IOException {
        NabCorpus corpus = NabCorpus.load(NabTestCorpora.bundled());

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly(
                "artificialNoAnomaly/art_daily_no_noise.csv",
                "realAWSCloudwatch/grok_asg_anomaly.csv",
                "realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv",
                "realAdExchange/exchange-2_cpc_results.csv",
                "realAdExchange/exchange-4_cpc_results.csv");
        NabDataFile exchange = corpus.file("realAdExchange/exchange-2_cpc_results.csv").orElseThrow();
        assertThat(exchange.category()).isEqualTo("realAdExchange");
        assertThat(exchange.length()).isEqualTo(1624);
        // The realAdExchange files end their lines with CRLF.
        assertThat(exchange.timestamp(0)).isEqualTo(LocalDateTime.of(2011, 7, 1, 0, 0, 1));
        assertThat(exchange.value(0)).isEqualTo(0.0819647355164);
        assertThat(exchange.timestamp(1)).isEqualTo(LocalDateTime.of(2011, 7, 1, 1, 0, 1));
        assertThat(exchange.windows()).hasSize(1);
        assertThat(exchange.timestamp(exchange.windowStartRow(0))).isEqualTo(exchange.windows().get(0).start());
        assertThat(exchange.timestamp(exchange.windowEndRow(0))).isEqualTo(exchange.windows().get(0).end());
        assertThat(corpus.windowCount()).isEqualTo(9);
    }

    @Test
    void shouldLabelTheSameRowsAsNabsOwnResultFiles() throws IOException {
        Path root = NabTestCorpora.bundled();
        NabCorpus corpus = NabCorpus.load(root);

        for (NabDataFile file : corpus.files()) {
            Path reference = NabResultsLayout.resultFile(NabTestCorpora.referenceResults(root), "numenta", file);
            List<String> rows = Files.readAllLines(reference).subList(1, file.length() + 1);
            for (int i = 0; i < file.length(); i++) {
                String label = rows.get(i).substring(rows.get(i).lastIndexOf(',') + 1).strip();
                assertThat(file.label(i)).as("%s row %d", file.relativePath(), i).isEqualTo(Integer.parseInt(label));
            }
        }
    }

    @Test
    void shouldReadNabTimestampsWithOrWithoutFractions() {
        LocalDateTime expected = LocalDateTime.of(2014, 4, 10, 7, 15);

        assertThat(NabTimestamps.parse("2014-04-10 07:15:00")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00.000000")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10T07:15:00")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00.25")).isEqualTo(expected.plusNanos(250_000_000));
        assertThat(NabTimestamps.format(expected)).isEqualTo("2014-04-10 07:15:00");
        assertThat(NabTimestamps.format(expected.plusNanos(250_000_000))).isEqualTo("2014-04-10 07:15:00.250000");
        assertThatThrownBy(() -> NabTimestamps.parse("2014-13-10 07:15:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NabTimestamps.parse("10/04/2014 07:15"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A corpus cut down to a few files keeps NAB's whole labels file: the other files' labels are set aside. */
    @Test
    void shouldIgnoreTheLabelsOfAFileThatIsNotInTheDataAndSayWhich() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/b.csv\": [[\"2020-01-01 00:00:00.000000\", "
                + "\"2020-01-01 00:05:00.000000\"]]}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/a.csv");
        assertThat(corpus.ignoredLabels()).singleElement().asString().contains("labels cat/b.csv")
                .contains("not under");
        assertThat(corpus.unreadable()).isEmpty();
    }

    @Test
    void shouldLeaveOutADataFileWithoutLabelsAndReadTheOthers() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n");
        writeFile("data/cat/b.csv", "timestamp,value\n2020-01-01 00:00:00,1\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": []}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/a.csv");
        assertThat(corpus.unreadable()).singleElement().asString().contains("b.csv").contains("no entry");
    }

    /** A window past the file's last row, as when a file was cut after it was labelled. */
    @Test
    void shouldLeaveOutAFileWithAWindowOutsideItsRowsNamingTheWindowAndReadTheOthers() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile("data/cat/b.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/b.csv\": "
                + "[[\"2020-01-01 00:05:00.000000\", \"2020-01-02 00:00:00.000000\"]]}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/a.csv");
        assertThat(corpus.unreadable()).singleElement().asString().contains("cat/b.csv")
                .contains("2020-01-02 00:00:00").contains("not a timestamp of the file");
    }

    /**
     * A labels file that says null where a file's windows or a window's limit should be is refused naming the entry;
     * read, it stopped the run with a NullPointerException and its stack trace.
     */
    @Test
    void shouldRefuseLabelsWithNullForAFilesWindowsOrALimitNamingTheEntry() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": null}");

        assertThatThrownBy(() -> NabCorpus.load(tmp)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("cat/a.csv").hasMessageContaining("null").hasMessageContaining("[]");

        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [[\"2020-01-01 00:00:00.000000\", null]]}");

        assertThatThrownBy(() -> NabCorpus.load(tmp)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("a window of cat/a.csv is not [start, end]");
    }

    /**
     * A file labelled twice, as when two labellers' files are pasted together, is refused naming it: read as JSON
     * usually is, the last entry won, and a window of the first was dropped from the score without a word.
     */
    @Test
    void shouldRefuseLabelsThatNameAFileTwice() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [[\"2020-01-01 00:00:00.000000\", "
                + "\"2020-01-01 00:05:00.000000\"]],\n \"cat/a.csv\": []}");

        assertThatThrownBy(() -> NabCorpus.load(tmp)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("cat/a.csv").hasMessageContaining("line 2");
    }

    @Test
    void shouldRefuseACorpusOfWhichNoFileCanBeReadNamingEach() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE,
                "{\"cat/a.csv\": [[\"2020-01-01 00:00:00.000000\", \"2020-01-01 00:04:00.000000\"]]}");

        assertThatThrownBy(() -> NabCorpus.load(tmp)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("no data file").hasMessageContaining("2020-01-01 00:04:00")
                .hasMessageContaining("not a timestamp of the file");
    }

    /**
     * A named pipe in place of a data file is refused, naming it, before any file is replayed: read, it blocked until
     * something wrote to it, and the corpus hung without a word. A corpus scored without it would pass for the whole.
     */
    @Test
    void shouldRefuseANamedPipeInPlaceOfADataFile() throws IOException, InterruptedException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        Path pipe = tmp.resolve("data/cat/b.csv");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo made no pipe");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/b.csv\": []}");

        // bounded: unmended, the read blocks for good
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> NabCorpus.load(tmp))
                .isInstanceOf(FileSystemException.class)
                .hasMessage(pipe + ": not a regular file (a named pipe, a device or a socket)"));
    }

    private Path writeFile(String relative, String content) throws IOException {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /**
     * Exports write UTC as {@code Z} or {@code +00:00}, after a {@code T}, with milliseconds: the same instant as NAB's
     * zone-less form. Another offset, or a date without a time, is refused with what to write instead.
     */
    @Test
    void shouldReadATimestampInUtcAsExportsWriteItAndRefuseAnotherOffsetOrADateAlone() {
        LocalDateTime expected = LocalDateTime.of(2014, 4, 10, 7, 15);

        assertThat(NabTimestamps.parse("2014-04-10T07:15:00Z")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00Z")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10T07:15:00+00:00")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("2014-04-10T07:15:00.250Z")).isEqualTo(expected.plusNanos(250_000_000));
        assertThatThrownBy(() -> NabTimestamps.parse("2014-04-10T09:15:00+02:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("+02:00")
                .hasMessageContaining("not in UTC");
        assertThatThrownBy(() -> NabTimestamps.parse("20140410"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'20140410'")
                .hasMessageContaining("expected yyyy-MM-dd HH:mm:ss");
    }

    /** A count since 1970 as exports write it is the UTC time it counts (2014-04-10T07:15Z is 1397114100 s). */
    @Test
    void shouldReadACountOfSecondsOrMillisecondsSince1970AsTheUtcTimeItCounts() {
        LocalDateTime expected = LocalDateTime.of(2014, 4, 10, 7, 15);

        assertThat(NabTimestamps.parse("1397114100")).isEqualTo(expected);
        assertThat(NabTimestamps.parse("1397114100.25")).isEqualTo(expected.plusNanos(250_000_000));
        assertThat(NabTimestamps.parse("1397114100250")).isEqualTo(expected.plusNanos(250_000_000));
    }

    @Test
    void shouldKeepTheFractionOfATimestampThatIsNotWholeSeconds() {
        // Half a second, written as NAB writes label limits.
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00.500000"))
                .isEqualTo(LocalDateTime.of(2014, 4, 10, 7, 15, 0, 500_000_000));
    }

    @Test
    void shouldRefuseTimestampsWithAMisplacedSeparatorOrANonDigit() {
        // Each is 19 characters, the length of the plain form read without the general parser; the last has
        // neither a space nor a T between date and time.
        for (String text : List.of("2014/04-10 07:15:00", "2014-04/10 07:15:00", "2014-04-10 07.15:00",
                "2014-04-10 07:15.00", "201x-04-10 07:15:00", "2014-04-10 07:15:x0", "2014-04-10x07:15:00")) {
            assertThatThrownBy(() -> NabTimestamps.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
        }
    }

    @Test
    void shouldIgnoreFilesThatAreNotCsvSeriesInCategoryFolders() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile("data/cat/notes.txt", "not a series\n");
        writeFile("data/README.md", "not a category\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": []}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/a.csv");
    }

    /** A folder named like a data file, labelled or not, is no data file: it stopped the corpus with an IOException. */
    @Test
    void shouldSkipAFolderNamedLikeADataFileAndReadTheOthers() throws IOException {
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile("data/cat/x.csv/inside.csv", "timestamp,value\n2020-01-01 00:00:00,1\n");
        Files.createDirectories(tmp.resolve("data/cat/unlabelled.csv"));
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/x.csv\": []}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/a.csv");
        assertThat(corpus.unreadable()).isEmpty();
        assertThat(corpus.ignoredLabels()).singleElement().asString()
                .contains("labels cat/x.csv, which is a folder under " + tmp.resolve("data") + ", not a data file");
    }

    @Test
    void shouldNameTheFileLineOfAnUnreadableRowAndReadTheOtherFiles() throws IOException {
        // Line 1 is the header; the blank line 3 is skipped but still counted, so the bad value is on line 4.
        writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n\n2020-01-01 00:10:00,x\n");
        writeFile("data/cat/b.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/b.csv\": []}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).extracting(NabDataFile::relativePath).containsExactly("cat/b.csv");
        assertThat(corpus.file("cat/b.csv").orElseThrow().length()).isEqualTo(2);
        assertThat(corpus.unreadable()).singleElement().asString().contains("a.csv:4:");
    }

    @Test
    void shouldRefuseARowWithFewerFieldsThanTheHeaderNames() throws IOException {
        Path file = writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00\n");

        // The value is column 2 (index 1), and the row has one field.
        assertThatThrownBy(() -> NabCorpus.readDataFile(file, List.of())).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("a.csv:3:").hasMessageContaining("expected at least 2 fields but got 1");
    }

    /** Spreadsheets write a byte order mark first and name columns as they like; the header is still NAB's. */
    @Test
    void shouldReadAHeaderAfterAByteOrderMarkInAnyCaseWithSpaces() throws IOException {
        String rows = "2020-01-01 00:00:00,1.5\n2020-01-01 00:05:00,2\n";
        Path marked = writeFile("data/cat/marked.csv", "\uFEFFtimestamp,value\n" + rows);
        Path capitalised = writeFile("data/cat/capitalised.csv", "Timestamp, Value\n" + rows);
        Path upper = writeFile("data/cat/upper.csv", "\uFEFF TIMESTAMP ,VALUE\n" + rows);

        for (Path file : List.of(marked, capitalised, upper)) {
            NabDataFile read = NabCorpus.readDataFile(file, List.of());
            assertThat(read.length()).as("%s", file).isEqualTo(2);
            assertThat(read.timestamp(1)).as("%s", file).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 5));
            assertThat(read.values()).as("%s", file).containsExactly(1.5, 2);
        }
    }

    /** A missing value is read as NaN, a row the replay refuses as the stream would and counts. */
    @Test
    void shouldReadAnEmptyNaNOrNullValueAsNaN() throws IOException {
        Path file = writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,\n"
                + "2020-01-01 00:10:00,NaN\n2020-01-01 00:15:00, null\n2020-01-01 00:20:00,2e0\n");

        NabDataFile read = NabCorpus.readDataFile(file, List.of());

        assertThat(read.length()).isEqualTo(5);
        assertThat(read.timestamp(3)).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 15));
        assertThat(read.values()).containsExactly(1, Double.NaN, Double.NaN, Double.NaN, 2);
    }

    /**
     * A value is a plain decimal: {@code 12f}, which Java's parser took for 12, is refused naming its line; infinity as
     * pandas writes it ({@code -inf}), which stopped the file, is read as {@code Infinity} was, for the replay to
     * refuse as the stream does.
     */
    @Test
    void shouldRefuseJavaLiteralFormsAndReadInfinityAsPandasWritesIt() throws IOException {
        Path literal = writeFile("data/cat/literal.csv", "timestamp,value\n2020-01-01 00:00:00,1\n"
                + "2020-01-01 00:05:00,12f\n");
        Path infinite = writeFile("data/cat/infinite.csv", "timestamp,value\n2020-01-01 00:00:00,inf\n"
                + "2020-01-01 00:05:00,-Inf\n2020-01-01 00:10:00,Infinity\n");

        assertThatThrownBy(() -> NabCorpus.readDataFile(literal, List.of())).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("literal.csv:3: not a number: 12f (expected");
        assertThat(NabCorpus.readDataFile(infinite, List.of()).values()).containsExactly(Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Spreadsheets and databases quote fields, the header's too; a quote left open names its line. */
    @Test
    void shouldReadQuotedFieldsAndNameTheLineOfAQuoteLeftOpen() throws IOException {
        Path quoted = writeFile("data/cat/quoted.csv", "\"timestamp\",\"value\",\"note\"\n"
                + "\"2020-01-01 00:00:00\",\"1.5\",\"a, b\"\n\"2020-01-01 00:05:00\",\"2\",\"\"\n");
        Path open = writeFile("data/cat/open.csv", "timestamp,value\n2020-01-01 00:00:00,1\n\"2020-01-01 00:05:00,2\n");

        NabDataFile read = NabCorpus.readDataFile(quoted, List.of());

        assertThat(read.length()).isEqualTo(2);
        assertThat(read.timestamp(1)).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 5));
        assertThat(read.values()).containsExactly(1.5, 2);
        assertThatThrownBy(() -> NabCorpus.readDataFile(open, List.of())).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("open.csv:3: ").hasMessageContaining("Missing closing quote");
    }

    @Test
    void shouldCountTheRowsOfEveryFile() {
        NabCorpus corpus = new NabCorpus(List.of(SyntheticFiles.file("a.csv", 30), SyntheticFiles.file("b.csv", 40)));

        assertThat(corpus.rowCount()).isEqualTo(70);
    }


    /** A value with a decimal comma splits its row in three: the file is refused naming the line, not read as 19. */
    @Test
    void shouldRefuseARowOfMoreFieldsThanTheHeaderNamingTheLine() throws IOException {
        Path csv = writeFile("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,19,76\n");

        assertThatThrownBy(() -> NabCorpus.readDataFile(csv, List.of()))
                .isInstanceOf(NabFormatException.class)
                .hasMessageContaining("a.csv:3: 3 fields where the header has 2 columns");
    }

    /**
     * A file of several keys' rows (a key column beside the timestamp and the value) is read as one series: a note
     * names the columns not read, as eval forecast's does, where nothing was said.
     */
    @Test
    void shouldNoteTheColumnsOfAFileThatAreNotRead() throws IOException {
        writeFile("data/cat/a.csv", "host,timestamp,value\na,2020-01-01 00:00:00,1\nb,2020-01-01 00:00:00,2\n");
        writeFile("data/cat/b.csv", "timestamp,value\n2020-01-01 00:00:00,1\n");
        writeFile(NabCorpus.WINDOWS_FILE, "{\"cat/a.csv\": [], \"cat/b.csv\": []}");

        NabCorpus corpus = NabCorpus.load(tmp);

        assertThat(corpus.files()).hasSize(2);
        assertThat(corpus.unreadColumns()).singleElement().asString().contains("a.csv: columns host are not read");
    }
}

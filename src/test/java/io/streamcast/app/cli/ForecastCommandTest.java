package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval forecast} as a user runs it: on series of eight days, without training, so that each run is quick. */
class ForecastCommandTest {

    private static final int EIGHT_DAYS = 8 * 288;

    @TempDir
    Path dir;

    @Test
    void shouldForecastTheConfiguredHorizonWhenNoneIsGiven() throws IOException {
        Path config = Files.writeString(dir.resolve("h3.properties"), "training.enabled=false\nforecast.horizon=3\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("horizon 3").contains("forecast horizon=3 ")
                .contains(" of them, where every method has one");
    }

    /** A key is no path: {@code host/a} and {@code ../b} are drawn into the plot directory, under safe names. */
    @Test
    void shouldPlotKeysWithSlashesIntoThePlotDirectory() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path plots = dir.resolve("plots");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "host/a", "../b").toString(), "--key-column", "key", "--config", config.toString(), "--plot",
                plots.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        try (var written = Files.list(plots)) {
            assertThat(written.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("host_a.png",
                    "_._b.png");
        }
    }

    /**
     * Every key gets a plot of its own: {@code a/b} and {@code a_b} both became {@code a_b.png}, the second drawn over
     * the first, and a key longer than a file name can be stopped the command after the evaluation ("File name too
     * long"), losing its plots and pooled figures.
     */
    @Test
    void shouldPlotEveryKeyIntoAFileOfItsOwnWhoseNameTheFileSystemTakes() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path plots = dir.resolve("plots");
        String longKey = "k".repeat(300);

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "a/b", "a_b", longKey).toString(), "--key-column", "key", "--config", config.toString(), "--plot",
                plots.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 plots written to").contains("forecast keys=3 ");
        try (var written = Files.list(plots)) {
            List<String> names = written.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(3).contains("a_b.png").allMatch(name -> name.endsWith(".png")
                    && name.length() <= 255);
        }
    }

    @Test
    void shouldNameAPlotDirectoryThatDoesNotExist() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString(), "--plot", dir.resolve("no/such/plot.png").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("File error: " + dir.resolve("no/such")
                + ": the directory for --plot does not exist");
        assertThat(run.out()).as("said before the evaluation, not after it").isEmpty();
        Path file = dir.resolve("a.csv");
        CommandRun underAFile = run("eval", "forecast", "--csv", file.toString(), "--config", config.toString(),
                "--plot", file.resolve("plot.png").toString());
        assertThat(underAFile.exitCode()).isEqualTo(2);
        assertThat(underAFile.err().strip()).isEqualTo("File error: " + file + ": not a directory");
    }

    /**
     * One key's plot goes into the directory --plot names by a trailing '/' (made as several keys' is) or by being
     * one, as {@code <key>.png}: the first wrote a file named like a directory, the second failed after the evaluation.
     */
    @Test
    void shouldDrawOneKeysPlotIntoADirectoryNamedByATrailingSlashOrThatExists() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path plots = dir.resolve("plots");
        Path taken = Files.createDirectories(dir.resolve("taken"));

        CommandRun slash = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString(), "--plot", plots + "/");
        CommandRun existing = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "only").toString(), "--key-column", "key", "--config", config.toString(), "--plot", taken.toString());

        assertThat(slash.exitCode()).as(slash.err()).isZero();
        assertThat(plots.resolve("a.csv.png")).isRegularFile();
        assertThat(slash.out()).contains("plot written to " + plots.resolve("a.csv.png"));
        assertThat(existing.exitCode()).as(existing.err()).isZero();
        assertThat(taken.resolve("only.png")).isRegularFile();
    }

    /**
     * A file where the directory of several keys' plots should be is refused in one line before the evaluation, which
     * can take minutes: it was said after it.
     */
    @Test
    void shouldRefuseAFileForThePlotDirectoryBeforeTheEvaluation() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path taken = Files.writeString(dir.resolve("taken.png"), "a file\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "a", "b").toString(), "--key-column", "key", "--config", config.toString(), "--plot", taken.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("File error: " + taken + ": is a file, where a directory is needed");
        assertThat(run.out()).as("said before the evaluation, not after it").isEmpty();
    }

    /**
     * A plot location the permission bits forbid (a directory of mode 0555, a file of mode 0444) is refused before the
     * evaluation, which can take minutes: it was said after it. Root writes past the bits, so this case is not tried
     * as root; the next test tries one that refuses root too.
     */
    @Test
    void shouldRefuseAPlotLocationThePermissionBitsForbidBeforeTheEvaluation() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        String csv = fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "").toString();
        Path closed = Files.createDirectories(dir.resolve("closed"));
        Path kept = Files.writeString(dir.resolve("kept.png"), "an earlier plot\n");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(canWriteIn(closed), "the permission bits do not stop this user (root) from writing");

            CommandRun intoDirectory = run("eval", "forecast", "--csv", csv, "--config", config.toString(),
                    "--plot", closed.toString());
            CommandRun file = run("eval", "forecast", "--csv", csv, "--config", config.toString(), "--plot",
                    closed.resolve("plot.png").toString());
            CommandRun existing = run("eval", "forecast", "--csv", csv, "--config", config.toString(), "--plot",
                    kept.toString());

            assertThat(intoDirectory.exitCode()).isEqualTo(2);
            assertThat(intoDirectory.err().strip()).isEqualTo("File error: " + closed + ": permission denied");
            assertThat(intoDirectory.out()).as("said before the evaluation, not after it").isEmpty();
            assertThat(file.exitCode()).isEqualTo(2);
            assertThat(file.err().strip()).isEqualTo("File error: " + closed.resolve("plot.png")
                    + ": permission denied");
            assertThat(file.out()).as("said before the evaluation, not after it").isEmpty();
            assertThat(existing.exitCode()).isEqualTo(2);
            assertThat(existing.err().strip()).isEqualTo("File error: " + kept + ": permission denied");
            assertThat(existing.out()).as("said before the evaluation, not after it").isEmpty();
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * A location that refuses every user, root too (sysfs takes no new files): the plot file and the plot directory
     * are each refused before the evaluation, named as given.
     */
    @Test
    void shouldRefuseAPlotLocationThatRefusesEveryUserBeforeTheEvaluation() throws IOException {
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys) && !canWriteIn(sys), "no /sys that refuses new files");
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        String csv = fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "").toString();

        CommandRun file = run("eval", "forecast", "--csv", csv, "--config", config.toString(), "--plot",
                "/sys/plot.png");
        CommandRun intoDirectory = run("eval", "forecast", "--csv", csv, "--config", config.toString(), "--plot",
                "/sys/");

        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).startsWith("File error: /sys/plot.png: ").hasLineCount(1);
        assertThat(file.out()).as("said before the evaluation, not after it").isEmpty();
        assertThat(intoDirectory.exitCode()).isEqualTo(2);
        assertThat(intoDirectory.err()).startsWith("File error: /sys: ").hasLineCount(1);
        assertThat(intoDirectory.out()).as("said before the evaluation, not after it").isEmpty();
    }

    /** An empty --plot is a bad value of the option: it drew the plot into the working directory, unasked. */
    @Test
    void shouldRefuseAnEmptyPlotPathAsABadValueOfTheOption() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString(), "--plot", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--plot': '' is no path; give a PNG file or a"
                + " directory").contains("See 'streamcast eval forecast --help' for its options.");
        assertThat(run.out()).isEmpty();
    }

    /** Whether this user can make a file in {@code directory}: tried, since root writes past the permission bits. */
    private static boolean canWriteIn(Path directory) {
        try {
            Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A file of two keys' series read without --key-column is one series of interleaved rows, as the columns named
     * timestamp and value say; a note names the column left unread and the option that reads a series per key.
     */
    @Test
    void shouldNoteAColumnLeftUnreadAndTheOptionForSeriesPerKey() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        String csv = fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS, "a", "b").toString();

        CommandRun run = run("eval", "forecast", "--csv", csv, "--config", config.toString());

        assertThat(run.err()).contains("note: keyed.csv's columns key are not read; for one series per key of a"
                + " column, give --key-column key");
        assertThat(run("eval", "forecast", "--csv", csv, "--config", config.toString(), "--key-column", "key").err())
                .doesNotContain("note:");
        Path labelled = Files.writeString(dir.resolve("labelled.csv"), Files.readString(Path.of(csv))
                .replaceFirst("key,timestamp,value", "label,timestamp,value").replaceAll("(?m)^[ab],", "0,"));
        assertThat(run("eval", "forecast", "--csv", labelled.toString(), "--config", config.toString()).err())
                .as("a column of numbers is named, not suggested as the keys")
                .contains("note: labelled.csv's columns label are not read; for one series per key of a column,"
                        + " give --key-column NAME");
    }

    /** Each option out of its range is named alone, not among every option that could be. */
    @Test
    void shouldNameTheOneOptionOutOfItsRange() throws IOException {
        String csv = fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "").toString();

        assertThat(run("eval", "forecast", "--csv", csv, "--horizon", "0").err().strip())
                .isEqualTo("--horizon must be at least 1");
        assertThat(run("eval", "forecast", "--csv", csv, "--skip", "-1").err().strip())
                .isEqualTo("--skip must not be negative");
        assertThat(run("eval", "forecast", "--csv", csv, "--season-days", "1,0").err().strip())
                .isEqualTo("--season-days must be positive numbers of days");
    }

    /** A directory whose series sit in folders inside it holds none that --dir reads, and the refusal says why. */
    @Test
    void shouldSayThatTheFoldersInADirectoryAreNotRead() throws IOException {
        fiveMinuteSeries(Files.createDirectories(dir.resolve("inside")).resolve("a.csv"), EIGHT_DAYS, "");

        CommandRun run = run("eval", "forecast", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no series found in " + dir).contains("the folders in it are not");
    }

    /** A folder named like a series ({@code x.csv}) is not read, as no folder is; it was named as a series left out. */
    @Test
    void shouldSkipAFolderNamedLikeASeries() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path series = Files.createDirectories(dir.resolve("series"));
        fiveMinuteSeries(series.resolve("a.csv"), EIGHT_DAYS, "");
        fiveMinuteSeries(Files.createDirectories(series.resolve("x.csv")).resolve("b.csv"), EIGHT_DAYS, "");

        CommandRun run = run("eval", "forecast", "--dir", series.toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(series + ": 1 key, 2304 rows");
        assertThat(run.err()).doesNotContain("x.csv");
    }

    /** Tools on Windows export {@code .CSV}: such a file is a series too; it was passed over without a word. */
    @Test
    void shouldReadASeriesWhoseNameEndsInCsvInCapitals() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path series = Files.createDirectories(dir.resolve("series"));
        fiveMinuteSeries(series.resolve("a.csv"), EIGHT_DAYS, "");
        fiveMinuteSeries(series.resolve("B.CSV"), EIGHT_DAYS, "");

        CommandRun run = run("eval", "forecast", "--dir", series.toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(series + ": 2 keys, 4608 rows");
        assertThat(run.out()).contains("\nB: scored rows");
    }

    /**
     * A named pipe among the series (or given alone) is named as a file that cannot be read: read, it blocked until
     * something wrote to it, and the evaluation hung without a word.
     */
    @Test
    void shouldNameANamedPipeAmongTheSeriesInsteadOfWaitingOnIt() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path series = Files.createDirectories(dir.resolve("series"));
        fiveMinuteSeries(series.resolve("a.csv"), EIGHT_DAYS, "");
        Path pipe = series.resolve("b.csv");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo made no pipe");

        // bounded: unmended, the read blocks for good
        CommandRun inDirectory = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run("eval", "forecast", "--dir", series.toString(), "--config", config.toString()));
        CommandRun alone = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run("eval", "forecast", "--csv", pipe.toString(), "--config", config.toString()));

        assertThat(inDirectory.exitCode()).as(inDirectory.err()).isEqualTo(2);
        assertThat(inDirectory.out()).contains("a: scored rows");
        assertThat(inDirectory.err()).contains("b.csv").contains("not a regular file (a named pipe");
        assertThat(alone.exitCode()).as(alone.err()).isEqualTo(2);
        assertThat(alone.err()).contains("b.csv").contains("not a regular file (a named pipe");
    }

    /**
     * A named pipe given as the plot is refused before the evaluation (the write would wait for a reader), and a
     * directory given as the series is named as one.
     */
    @Test
    void shouldRefuseANamedPipeForThePlotAndADirectoryForTheSeries() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        String csv = fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "").toString();
        Path pipe = dir.resolve("plot.png");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo made no pipe");

        CommandRun plot = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("eval", "forecast", "--csv",
                csv, "--config", config.toString(), "--plot", pipe.toString()));
        CommandRun directory = run("eval", "forecast", "--csv", dir.toString(), "--config", config.toString());

        assertThat(plot.exitCode()).isEqualTo(2);
        assertThat(plot.err().strip()).isEqualTo("File error: " + pipe
                + ": not a regular file (a named pipe, a device or a socket)");
        assertThat(plot.out()).as("said before the evaluation, not after it").isEmpty();
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).contains(dir + ": is a directory, where a file is needed");
    }

    /**
     * A season is a span of time: one longer than the series (eight days of rows, whose times span 8 days less five
     * minutes) forecasts no row, so it is refused by its option; 14,913,081 days, which counted in five-minute rows
     * wrapped round an int to 32, is refused alike.
     */
    @Test
    void shouldRefuseASeasonLongerThanTheSeriesNamingTheOption() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path csv = fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "");

        for (String days : new String[] {"8", "14913081"}) {
            CommandRun run = run("eval", "forecast", "--csv", csv.toString(), "--config", config.toString(),
                    "--season-days", "1," + days);

            assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
            assertThat(run.err()).contains("--season-days " + days + " is longer than the 7.997 days a.csv's rows"
                    + " span");
        }
    }

    /**
     * On a five-minute series with a day missing (rows of days 1-3 and 5-9), the daily seasonal naive forecasts no row
     * of day 5, whose day before is missing, but its first five: their forecasts, five steps ahead, were made after the
     * last five rows of day 3, more than a day before them, so they take the value two days before, day 3's. Of the
     * 2,592 rows of 9 days less day 4's 288, day 1's 288 (no day before) and 283 of day 5's are not scored:
     * 2,304 - 571 = 1,733, from row 288 (day 2's first). Counted in rows, the day before day 5 would have been day 3,
     * and only day 1 left unscored.
     */
    @Test
    void shouldScoreOnlyTheRowsWithAValueOneSeasonBeforeInTimeOnASeriesWithAMissingDay() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path full = fiveMinuteSeries(dir.resolve("full.csv"), 9 * 288, "");
        List<String> lines = Files.readAllLines(full);
        List<String> gap = new ArrayList<>(lines.subList(0, 1 + 3 * 288));
        gap.addAll(lines.subList(1 + 4 * 288, lines.size()));
        Path csv = Files.write(dir.resolve("gap.csv"), gap);

        CommandRun run = run("eval", "forecast", "--csv", csv.toString(), "--config", config.toString(),
                "--horizon", "5", "--season-days", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("gap.csv: scored rows 288..2303 (1733), seasons 1d;");
    }

    /**
     * A directory of a user's exports with three files that cannot be evaluated (one row, spanning no season; a header
     * alone; a row whose value is not a number): the readable file is evaluated and its figures printed, the others
     * named after them with the reason, and the exit status is 2.
     */
    @Test
    void shouldEvaluateTheFilesItCanAndNameEachOneItCannot() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path series = Files.createDirectories(dir.resolve("series"));
        fiveMinuteSeries(series.resolve("good.csv"), EIGHT_DAYS, "");
        Files.writeString(series.resolve("one-row.csv"), "timestamp,value\n2024-01-01 00:00:00,3\n");
        Files.writeString(series.resolve("header-only.csv"), "timestamp,value\n");
        Files.writeString(series.resolve("percent.csv"), "timestamp,value\n2024-01-01 00:00:00,3\n"
                + "2024-01-01 00:05:00,12 %\n");

        CommandRun run = run("eval", "forecast", "--dir", series.toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).contains("good: scored rows").contains("forecast horizon=1 ");
        assertThat(run.err()).contains("3 series could not be evaluated")
                .contains("one-row.csv: --season-days 1 is longer than the 0.000 days one-row's rows span")
                .contains("header-only.csv: header-only: no rows to evaluate")
                .contains("percent.csv line 3: not a number: 12 %");
    }

    /** A series of zeros has no MAPE, NRMSE or MASE: the report says why each is NaN, where it printed NaN alone. */
    @Test
    void shouldSayWhyTheMetricsOfAConstantSeriesAreUndefined() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path zeros = Files.writeString(dir.resolve("zeros.csv"), Files.readString(fiveMinuteSeries(
                dir.resolve("wave.csv"), EIGHT_DAYS, "")).replaceAll("(?m),[-0-9.E]+$", ",0"));

        CommandRun run = run("eval", "forecast", "--csv", zeros.toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("undefined, so NaN: mape (every scored value is 0), nrmse (the scored values"
                + " do not vary), mase (persistence forecast every scored value exactly)");
        assertThat(run("eval", "forecast", "--csv", dir.resolve("wave.csv").toString(), "--config",
                config.toString()).out()).doesNotContain("undefined, so NaN");
    }

    /**
     * A plot that cannot be written after the evaluation (here a directory in the way of one key's PNG) is said in one
     * line after the figures, exit status 1: it ended the command before the pooled figures, which were lost.
     */
    @Test
    void shouldPrintEveryFigureWhenAPlotCannotBeWrittenAndSayItInOneLine() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path plots = Files.createDirectories(dir.resolve("plots"));
        Path inTheWay = Files.createDirectories(plots.resolve("b.png"));

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "a", "b").toString(), "--key-column", "key", "--config", config.toString(), "--plot",
                plots.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("b: scored rows").contains("forecast keys=2 ");
        // the reason in the system's words ("Is a directory")
        assertThat(run.err()).startsWith("Plot error: " + inTheWay + ": ").containsIgnoringCase("is a directory")
                .endsWith("; the figures are printed, not that plot\n").hasLineCount(1);
    }

    /**
     * Rows at the same time as the row before them (an export that repeats a row): the stream takes them, so the
     * evaluation does, and the report counts them in one line, where they passed without a word.
     */
    @Test
    void shouldCountTheRowsThatShareATimestampWithTheRowBefore() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        List<String> lines = new ArrayList<>(Files.readAllLines(fiveMinuteSeries(dir.resolve("wave.csv"),
                EIGHT_DAYS, "")));
        lines.add(1001, lines.get(1000).replaceFirst(",.*", ",10.5"));
        lines.add(2001, lines.get(2000));
        Path repeats = Files.write(dir.resolve("repeats.csv"), lines);

        CommandRun run = run("eval", "forecast", "--csv", repeats.toString(), "--config", config.toString());
        CommandRun clean = run("eval", "forecast", "--csv", dir.resolve("wave.csv").toString(), "--config",
                config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("0 rows refused as the stream would; not scored\n2 rows share a timestamp"
                + " with the row before (of their key); taken, as the stream takes them\n");
        assertThat(clean.out()).doesNotContain("share a timestamp");
    }

    /**
     * A key longer than the stream's 512 bytes: the stream refuses every record of it (key-too-long), so the
     * evaluation refuses its rows and names it with the stream's reason, where it was scored as any other.
     */
    @Test
    void shouldRefuseAKeyLongerThanTheStreamTakesWithTheStreamsReason() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        String longKey = "k".repeat(513);

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "short", longKey).toString(), "--key-column", "key", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(EIGHT_DAYS + " rows refused as the stream would (key-too-long " + EIGHT_DAYS
                + "); not scored").contains("short: scored rows");
        assertThat(run.err()).contains("  " + longKey + ": the stream refuses every row of this key (key-too-long):"
                + " the key is 513 bytes, more than 512");
    }

    /**
     * {@code rows} rows of a five-minute series with a daily wave from 1 January 2024; with keys other than "", a
     * {@code key} column and the rows once per key.
     */
    static Path fiveMinuteSeries(Path file, int rows, String... keys) throws IOException {
        StringBuilder csv = new StringBuilder(keys[0].isEmpty() ? "timestamp,value\n" : "key,timestamp,value\n");
        for (String key : keys) {
            for (int i = 0; i < rows; i++) {
                String time = LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(5L * i).toString().replace('T', ' ');
                csv.append(key.isEmpty() ? "" : key + ",").append(time).append(":00,")
                        .append(10 + Math.sin(i / 288.0 * 2 * Math.PI)).append('\n');
            }
        }
        return Files.writeString(file, csv);
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new StreamcastCommand(), args);
    }
}

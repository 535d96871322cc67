package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A bad setting or input file ends every eval command with one line naming the setting or the file and exit status
 * 2, as {@code run} ends on a bad setting, rather than with a Java stack trace.
 */
class UserErrorsTest {

    @TempDir
    Path dir;

    private Path settings(String properties) throws IOException {
        return Files.writeString(dir.resolve("eval.properties"), properties);
    }

    private Path series() throws IOException {
        return Files.writeString(dir.resolve("series.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n");
    }

    @Test
    void shouldNameASettingOfTheWrongTypeInOneLine() throws IOException {
        CommandRun run = run("eval", "forecast", "--csv", series().toString(), "--config",
                settings("model.hidden.size=abc\n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Configuration error: ").contains("model.hidden.size").contains("abc");
        assertOneLine(run);
    }

    /** {@code run} without {@code --config} misses the registry's address first: the line says where to give it. */
    @Test
    void shouldSayWhereToGiveAMissingSetting() {
        CommandRun run = run("run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Configuration error: Missing required configuration \"schema.registry.url\"")
                .contains("Give it in the settings file (--config FILE) or as the environment variable"
                        + " STREAMCAST_SCHEMA_REGISTRY_URL.");
        assertOneLine(run);
    }

    @Test
    void shouldNameAMisspeltSettingInOneLine() throws IOException {
        CommandRun run = run("eval", "nab", "--corpus", dir.toString(), "--out", dir.resolve("out").toString(),
                "--config", settings("model.hiden.size=8\n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        // the registry client's settings are known too, and said so (schema.registry.* is not passed on whole)
        assertThat(run.err()).contains("Unknown setting model.hiden.size: it is neither Streamcast's nor its schema"
                + " registry client's nor a Kafka Streams, consumer, producer or admin setting");
        assertOneLine(run);
    }

    @Test
    void shouldNameAMisspeltSettingToVaryInOneLine() {
        CommandRun run = run("eval", "nab", "--corpus", dir.toString(), "--out", dir.resolve("out").toString(), "--cv",
                "--vary", "model.hiden.size=8,16");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown setting model.hiden.size");
        assertOneLine(run);
    }

    @Test
    void shouldNameACorpusWithoutData() {
        CommandRun run = run("eval", "nab", "--corpus", dir.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(dir.toString()).contains("no data/ folder");
        assertOneLine(run);
    }

    /** A relative corpus path is named as given and as resolved, where the command looked for it. */
    @Test
    void shouldNameARelativeCorpusPathAsResolved() {
        CommandRun run = run("eval", "nab", "--corpus", "../no-such-corpus", "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("../no-such-corpus (" + Path.of("..").toAbsolutePath().normalize()
                .resolve("no-such-corpus") + "): no data/ folder");
        assertOneLine(run);
    }

    @Test
    void shouldNameALabelledFileMissingFromTheCorpusData() throws IOException {
        Files.createDirectories(dir.resolve("data/first"));
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"first/gone.csv\": []}");

        CommandRun run = run("eval", "nab", "--corpus", dir.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("first/gone.csv");
        assertOneLine(run);
    }

    @Test
    void shouldSayThatASeriesFileDoesNotExist() {
        Path missing = dir.resolve("nope.csv");

        CommandRun run = run("eval", "forecast", "--csv", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(missing.toString()).contains(": no such file");
        assertOneLine(run);
    }

    @Test
    void shouldSayThatAConfigurationFileDoesNotExist() {
        Path missing = dir.resolve("nope.properties");

        CommandRun run = run("eval", "forecast", "--csv", dir.resolve("any.csv").toString(), "--config",
                missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("Configuration error: Cannot read the configuration file " + missing
                + ": no such file");
    }

    @Test
    void shouldLeaveAnythingElseToPicocliWithItsStackTrace() {
        CommandRun run = CommandRun.of(new Broken());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("IllegalStateException: a bug").contains("\tat ");
    }

    @Test
    void shouldAddTheRootCauseToAMessageThatLeavesItOut() {
        UncheckedIOException e = new UncheckedIOException("Cannot listen for HTTP on 127.0.0.1:1",
                new BindException("Address already in use"));

        assertThat(UserErrors.withCause(e)).isEqualTo("Cannot listen for HTTP on 127.0.0.1:1: Address already in use");
        assertThat(UserErrors.withCause(new IllegalStateException("Cannot set up topics: timed out",
                new RuntimeException("timed out")))).isEqualTo("Cannot set up topics: timed out");
    }

    /** A Windows path in a properties file reads as a malformed Unicode escape: a line naming the file, not a trace. */
    @Test
    void shouldNameAConfigurationFileWithABackslashEscapeItCannotRead() throws IOException {
        CommandRun run = run("eval", "forecast", "--csv", series().toString(), "--config",
                settings("ssl.truststore.location=C:\\users\\me\\trust.jks\n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Configuration error: ").contains("eval.properties").contains("backslash");
        assertOneLine(run);
    }

    /** A seasonal naive needs a row a season before: a series spanning less than a day has none, for any season. */
    @Test
    void shouldSayASeriesIsTooShortToScore() throws IOException {
        Path day = ForecastCommandTest.fiveMinuteSeries(dir.resolve("day.csv"), 288, "");

        CommandRun run = run("eval", "forecast", "--csv", day.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--season-days 1 is longer than the 0.9965 days day.csv's rows span");
        assertOneLine(run);
    }

    @Test
    void shouldRefuseNoThreads() {
        CommandRun run = run("eval", "nab", "--corpus", dir.toString(), "--out", dir.resolve("out").toString(),
                "--threads", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--threads must be at least 1");
    }

    @Test
    void shouldNameAProfilesFileThatIsNotJson() throws IOException {
        Files.createDirectories(dir.resolve("data/first"));
        Files.writeString(dir.resolve("data/first/a.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n");
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"first/a.csv\": []}");
        Path profiles = Files.writeString(dir.resolve("profiles.json"), "{\"standard\": {\"CostMatrix\": {");

        CommandRun run = run("eval", "nab-score", "--corpus", dir.toString(), "--results", dir.resolve("r").toString(),
                "--detector", "d", "--profiles", profiles.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("profiles.json").contains("not JSON");
        assertOneLine(run);
    }

    @Test
    void shouldRefuseAThresholdThatIsNotANumber() {
        CommandRun run = run("eval", "nab-score", "--corpus", dir.toString(), "--results", dir.toString(),
                "--detector", "d", "--threshold", "NaN");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--threshold must be a number from 0 to 1.1");
    }

    /** A command with a bug, which its stack trace should help find. */
    @CommandLine.Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    private static void assertOneLine(CommandRun run) {
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new StreamcastCommand(), args);
    }
}

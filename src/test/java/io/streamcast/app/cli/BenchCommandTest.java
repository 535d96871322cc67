package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /**
     * Refused in one line, with nothing started: the bench used to start its broker, produce its events and only
     * then find the setting unknown.
     */
    @Test
    void shouldRefuseAnUnknownSetSettingBeforeStartingItsBroker() {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "bench", "--events", "10",
                "--keys", "1", "--repeats", "1", "--latency-seconds", "0", "--set", "no.such.setting=1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Configuration error: Unknown setting no.such.setting");
        assertThat(run.out()).as("nothing started").isEmpty();
    }

    /** A setting given twice with different values is refused: the last was kept without a word. */
    @Test
    void shouldRefuseASettingSetTwiceWithDifferentValuesBeforeStartingItsBroker() {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "bench", "--events", "10",
                "--keys", "1", "--repeats", "1", "--latency-seconds", "0", "--set", "training.learning.rate=0.01",
                "--set", "linger.ms=5", "--set", "training.learning.rate=0.5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--set training.learning.rate is given twice, with different values; keep one"
                + System.lineSeparator());
        assertThat(run.out()).as("nothing started").isEmpty();
    }

    /** Named with its value, as the other commands name a bad option: it was "bench: measure training off, ...". */
    @Test
    void shouldRefuseATrainingChoiceItDoesNotKnowNamingTheOptionAndItsValue() {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "bench", "--training", "ON");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--training ON: must be off, on or both" + System.lineSeparator());
        assertThat(run.out()).as("nothing started").isEmpty();
    }

    /** An option out of bounds is said as the other commands say it, without the bench's progress prefix. */
    @Test
    void shouldRefuseAnOptionOutOfBoundsNamingItAndItsValue() {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "bench", "--keys", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--keys 0: must be at least 1" + System.lineSeparator());
        assertThat(run.out()).as("nothing started").isEmpty();
    }

    /**
     * Brokers that do not answer ended the bench, after a minute of the admin client's warnings, with a stack trace;
     * the wait is said first, and its end in one line naming the setting. The admin client takes --set's timeout.
     */
    @Test
    void shouldNameTheBrokersItCannotReachInOneLine() {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "bench", "--events", "10",
                "--keys", "1", "--repeats", "1", "--latency-seconds", "0", "--bootstrap-servers", "localhost:1",
                "--set", "default.api.timeout.ms=1000", "--set", "request.timeout.ms=1000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("bench: setting up topics through bootstrap.servers=localhost:1, waiting up to"
                + " default.api.timeout.ms (1000 ms) for a broker");
        // the admin client's own warnings aside
        assertThat(run.err().lines().filter(line -> !line.contains(" WARN "))).singleElement().asString()
                .startsWith("bench: Cannot set up topics through bootstrap.servers=localhost:1: ");
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.CommandRun;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceDemoCommandTest {

    @Test
    void shouldSayItsPaceInWords() {
        assertThat(ProduceDemoCommand.startLine(20, 100, "events"))
                .isEqualTo("produce-demo: 20 keys at 100 events/s to events");
        assertThat(ProduceDemoCommand.startLine(3, 2.5, "in")).isEqualTo("produce-demo: 3 keys at 2.5 events/s to in");
        assertThat(ProduceDemoCommand.startLine(20, 0, "events"))
                .isEqualTo("produce-demo: 20 keys as fast as possible to events");
    }

    /**
     * At 1e-10 events/s the next event is due in 317 years, which the pacing's nanoseconds do not hold: produce-demo
     * waited for ever after its first event. Refused before the settings are read (here a file that is not there).
     */
    @Test
    void shouldRefuseARateWhoseWaitForTheNextEventDoesNotFitThePacing(@TempDir Path dir) {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                dir.resolve("absent.properties").toString(), "--rate", "1e-10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--rate 1.0E-10 is too low")
                .contains("give at least 1.1E-10 events/s");
    }

    /** Each bad option named with its value, as demo names them, where one line listed every bound. */
    @Test
    void shouldNameEachOptionOutOfBoundsWithItsValue(@TempDir Path dir) {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                dir.resolve("absent.properties").toString(), "--keys", "0", "--rate", "NaN", "--events", "-1",
                "--bad-every", "-2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("--keys 0: must be at least 1",
                "--rate NaN: must be a finite number not negative (0 for as fast as possible)",
                "--events -1: must not be negative (0 sends until stopped)",
                "--bad-every -2: must not be negative (0 sends no bad event)");
    }

    /**
     * Each step gives every key one event in turn: with fewer events than keys, the keys after the first N got none,
     * unsaid. Refused in one line naming both options, before the settings are read (a file that is not there).
     */
    @Test
    void shouldRefuseFewerEventsThanKeysNamingBothOptions(@TempDir Path dir) {
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                dir.resolve("absent.properties").toString(), "--keys", "5", "--events", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("--events 3 is fewer than --keys 5: 2 keys would get no"
                + " event; give --events at least 5 or --keys at most 3");
    }

    /** A secured cluster's settings given for the stream's producers and consumers reach the demo's clients too. */
    @Test
    void shouldGiveItsClientsTheSettingsPrefixedForThem() {
        Map<String, Object> settings = TestSettings.base();
        settings.put("security.protocol", "PLAINTEXT");
        settings.put("producer.security.protocol", "SASL_SSL");
        settings.put("producer.linger.ms", "7");
        settings.put("consumer.isolation.level", "read_uncommitted");
        StreamcastConfig config = new StreamcastConfig(settings);

        assertThat(config.clientSettings(ProducerConfig.configNames(), "producer."))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "7")
                .doesNotContainKey("isolation.level");
        assertThat(config.clientSettings(ConsumerConfig.configNames(), "consumer."))
                .containsEntry("security.protocol", "PLAINTEXT").containsEntry("isolation.level", "read_uncommitted");
    }

    /**
     * As {@code run}, with the admin client given a second instead of its default minute; what it waits for is said
     * before the wait, where only the admin client's warnings came for a minute.
     */
    @Test
    void shouldNameTheBrokersItCannotReachInOneLine(@TempDir Path dir) throws IOException {
        Path settings = Files.writeString(dir.resolve("streamcast.properties"), "bootstrap.servers=localhost:1\n"
                + "schema.registry.url=http://localhost:1\ndefault.api.timeout.ms=1000\nrequest.timeout.ms=1000\n");
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                settings.toString(), "--keys", "1", "--events", "1");

        String printed = run.err();
        assertThat(run.exitCode()).isEqualTo(1);
        // the admin client's own warnings go to standard error too, in the tests' log format
        assertThat(printed.lines().filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")))
                .as(printed).singleElement().asString().startsWith("produce-demo: Cannot set up topics")
                .contains("bootstrap.servers=localhost:1");
        assertThat(printed).doesNotContain("\tat ");
        assertThat(run.out()).contains("produce-demo: setting up topics through bootstrap.servers=localhost:1,"
                + " waiting up to default.api.timeout.ms (1000 ms) for a broker");
    }
}

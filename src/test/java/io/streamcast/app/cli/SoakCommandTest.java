package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakCommandTest {

    /**
     * The soak replaced the topics, training and HTTP port of the user's settings file without a word. It still
     * replaces them (see SoakSettings) but names each, with the value used, before it reaches for the cluster: here
     * one that is not there, which ends the soak right after.
     */
    @Test
    void shouldNameEachSettingOfTheUsersItReplacesBeforeItStarts(@TempDir Path dir) throws IOException {
        Path settings = Files.writeString(dir.resolve("streamcast.properties"), "bootstrap.servers=localhost:1\n"
                + "schema.registry.url=http://localhost:1\ndefault.api.timeout.ms=1000\nrequest.timeout.ms=1000\n"
                + "events.topic=metrics\ntraining.enabled=true\nhttp.port=8080\n");
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "soak", "--config",
                settings.toString(), "--work-dir", dir.resolve("work").toString());

        assertThat(run.exitCode()).as("no cluster").isNotZero();
        assertThat(run.out()).containsPattern("soak: warning: your events.topic=metrics is replaced by"
                        + " events-soak-[0-9a-f]{8}: ")
                .contains("soak: warning: your training.enabled=true is replaced by false: the soak trains only"
                        + " with --training")
                .contains("soak: warning: your http.port=8080 is replaced by 0: ");
    }

    /**
     * A registry that does not answer ended the soak with a stack trace; it is named in one line, before the soak
     * reaches for the cluster or starts an instance.
     */
    @Test
    void shouldNameTheRegistryItCannotReachInOneLine(@TempDir Path dir) throws IOException {
        Path settings = Files.writeString(dir.resolve("streamcast.properties"), "bootstrap.servers=localhost:1\n"
                + "schema.registry.url=http://127.0.0.1:1\nmax.retries=0\n");
        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "soak", "--config",
                settings.toString(), "--work-dir", dir.resolve("work").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("soak: Cannot register the soak's schemas: ")
                .contains("cannot reach the schema registry at http://127.0.0.1:1");
    }

    /**
     * Brokers that do not answer ended the soak, after the admin client's timeout and a minute of its warnings, with a
     * stack trace; the wait is said first, and its end in one line naming the setting.
     */
    @Test
    void shouldNameTheBrokersItCannotReachInOneLine(@TempDir Path dir) throws IOException {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Path settings = Files.writeString(dir.resolve("streamcast.properties"), "bootstrap.servers=localhost:1\n"
                    + "schema.registry.url=" + registry.url() + "\ndefault.api.timeout.ms=1000\n"
                    + "request.timeout.ms=1000\n");
            CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "soak", "--config",
                    settings.toString(), "--work-dir", dir.resolve("work").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("soak: setting up topics through bootstrap.servers=localhost:1, waiting up"
                    + " to default.api.timeout.ms (1000 ms) for a broker");
            // the admin client's own warnings aside
            assertThat(run.err().lines().filter(line -> !line.contains(" WARN "))).singleElement().asString()
                    .startsWith("soak: Cannot set up topics through bootstrap.servers=localhost:1: ");
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private int exitCode;
    private String out;

    private String runWith(String properties, Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, properties);
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("run", "--config", file.toString());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        this.out = out.toString(StandardCharsets.UTF_8);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldFailAtStartUpNamingAMissingRequiredSetting(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("schema.registry.url");
    }

    @Test
    void shouldFailAtStartUpNamingAnInvalidSetting(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=mock://x\nvalue.dimension=0\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("value.dimension");
    }

    @Test
    void shouldFailAtStartUpNamingAMissingKafkaSetting(@TempDir Path dir) throws IOException {
        String err = runWith("schema.registry.url=mock://x\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("bootstrap.servers");
    }

    @Test
    void shouldFailAtStartUpNamingAMisspeltSettingAndTheClosestKnownOne(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=mock://x\n"
                + "processing.guarantee=exactly_once_v2\nnum.stream.thread=4\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("Unknown setting num.stream.thread").contains("Did you mean num.stream.threads?");
    }

    @Test
    void shouldFailAtStartUpWhenAKeysStateCouldNotBeSent(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=mock://x\n"
                + "history.length=100000\nvalue.dimension=4\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("history.length").contains("max.request.size");
    }

    @Test
    void shouldFailAtStartUpNamingAForecastIndexOutsideTheValues(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=mock://x\nvalue.dimension=2\n"
                + "forecast.indices=0,2\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("forecast.indices");
    }

    @Test
    void shouldFailAtStartUpNamingAForecastIndexGivenTwice(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=mock://x\nvalue.dimension=2\n"
                + "forecast.indices=1,0,1\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err).contains("forecast.indices").contains("index 1 is given twice");
    }

    /**
     * Kafka's admin client took the settings and refused them only as it was created, so that run reported a failure
     * (exit status 1) where a setting was to mend; now refused before anything is created, naming both settings.
     */
    @Test
    void shouldFailAtStartUpNamingAnApiTimeoutBelowTheRequestTimeout(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=http://localhost:1\n"
                + "default.api.timeout.ms=1000\nrequest.timeout.ms=5000\n", dir);
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.lines()).as(err).singleElement().asString()
                .startsWith("Configuration error: Invalid value 1000 for configuration default.api.timeout.ms: must be"
                        + " at least request.timeout.ms = 5000");
        assertThat(out).as("nothing was set up").isEmpty();
    }

    /**
     * An unreachable broker ends start-up with one line naming the setting that points at it, here after the second
     * the admin client is given instead of its default minute; what it waits for is said before the wait.
     */
    @Test
    void shouldFailAtStartUpNamingTheBrokersItCannotReach(@TempDir Path dir) throws IOException {
        String err = runWith("bootstrap.servers=localhost:1\nschema.registry.url=http://localhost:1\n"
                + "default.api.timeout.ms=1000\nrequest.timeout.ms=1000\n", dir);
        assertThat(exitCode).isEqualTo(1);
        // the admin client's own warnings go to standard error too, in the tests' log format
        assertThat(err.lines().filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))).as(err)
                .singleElement().asString().startsWith("Cannot start Streamcast: ")
                .contains("bootstrap.servers=localhost:1");
        assertThat(err).doesNotContain("\tat ");
        assertThat(out).contains(": setting up topics through bootstrap.servers=localhost:1, waiting up to"
                + " default.api.timeout.ms (1000 ms) for a broker");
    }
}

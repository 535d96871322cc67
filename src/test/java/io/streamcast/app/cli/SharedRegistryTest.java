package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An in-memory registry is one process's: the commands whose records are read by another process refuse it before
 * they send anything, rather than have every record dead-lettered as a schema mismatch.
 */
class SharedRegistryTest {

    /** With the admin client given a second, not a minute, should a command reach for the broker after all. */
    private static final String IN_MEMORY = "bootstrap.servers=localhost:1\nschema.registry.url=mock://x\n"
            + "default.api.timeout.ms=1000\nrequest.timeout.ms=1000\n";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnInMemoryRegistryToProduceDemo() throws IOException {
        Run run = run("produce-demo", "--config", settings(IN_MEMORY).toString(), "--keys", "1", "--events", "1");

        assertRefused(run);
    }

    @Test
    void shouldRefuseAnInMemoryRegistryToSoak() throws IOException {
        Run run = run("soak", "--config", settings(IN_MEMORY).toString(), "--work-dir", dir.resolve("w").toString());

        assertRefused(run);
        assertThat(dir.resolve("w")).doesNotExist();
    }

    @Test
    void shouldRefuseAnInMemoryRegistryToRun() throws IOException {
        Run run = run("run", "--config", settings(IN_MEMORY).toString());

        assertRefused(run);
    }

    @Test
    void shouldRefuseAnInMemoryRegistryAmongOthers() throws IOException {
        Run run = run("produce-demo", "--config", settings("bootstrap.servers=localhost:1\n"
                + "schema.registry.url=http://localhost:1, mock://x\n").toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("schema.registry.url");
    }

    /**
     * A registry client setting that is not valid is refused before the command reaches the broker, naming it: run
     * created every topic first and then stopped with "Cannot start Streamcast" and exit status 1 (here, with no
     * broker, it failed on the broker instead and never named the setting).
     */
    @Test
    void shouldRefuseAnInvalidRegistrySettingBeforeReachingTheBroker() throws IOException {
        String fast = "bootstrap.servers=localhost:1\ndefault.api.timeout.ms=1000\nrequest.timeout.ms=1000\n";

        Run url = run("run", "--config", settings(fast + "schema.registry.url=ftp://registry:8081\n").toString());
        Run strategy = run("produce-demo", "--config", settings(fast + "schema.registry.url=http://localhost:1\n"
                + "value.subject.name.strategy=by-topic\n").toString(), "--keys", "1", "--events", "1");

        assertThat(url.exitCode).as(url.err).isEqualTo(2);
        assertThat(url.err.strip()).startsWith("Configuration error: ").contains("schema.registry.url",
                "ftp://registry:8081", "must start with http://");
        assertThat(strategy.exitCode).as(strategy.err).isEqualTo(2);
        assertThat(strategy.err.strip()).startsWith("Configuration error: ").contains("value.subject.name.strategy",
                "by-topic");
    }

    private static void assertRefused(Run run) {
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip()).startsWith("Configuration error: ").contains("schema.registry.url", "mock://x",
                "one process");
        assertThat(run.err.strip().lines()).hasSize(1);
    }

    private Path settings(String properties) throws IOException {
        return Files.writeString(dir.resolve("streamcast.properties"), properties);
    }

    /** Runs a command that prints its errors either on System.err or on picocli's error writer, catching both. */
    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream captured = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(captured);
        int exitCode;
        try {
            CommandLine cli = UserErrors.commandLine(new StreamcastCommand());
            cli.setErr(new PrintWriter(captured, true));
            exitCode = cli.execute(args);
        } finally {
            System.setErr(originalErr);
        }
        return new Run(exitCode, err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String err) {
    }
}

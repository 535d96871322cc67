package io.streamcast.app;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** {@code run --config FILE} in the test's JVM, for starts expected to fail: its exit status and standard error. */
record RunInProcess(int exitCode, String err) {

    /** Writes {@code settings} as a properties file in {@code dir} and runs with it, for at most {@code bound}. */
    static RunInProcess with(Map<String, ?> settings, Path dir, Duration bound) throws IOException {
        StringBuilder properties = new StringBuilder();
        settings.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, properties);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // a guard against a start that goes on, or waits, instead of failing
            int exitCode = assertTimeoutPreemptively(bound, () ->
                    UserErrors.commandLine(new StreamcastCommand()).execute("run", "--config", file.toString()));
            return new RunInProcess(exitCode, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
    }
}

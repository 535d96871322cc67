package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /**
     * Refused in one line, with nothing started: the bench used to start its broker, produce its events and only
     * then find the setting unknown.
     */
    @Test
    void shouldRefuseAnUnknownSetSettingBeforeStartingItsBroker() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("bench", "--events", "10", "--keys",
                    "1", "--repeats", "1", "--latency-seconds", "0", "--set", "no.such.setting=1");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Configuration error: Unknown setting"
                + " no.such.setting");
        assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing started").isEmpty();
    }
}

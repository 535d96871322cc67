package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoCommandTest {

    /** Refused before anything starts: the demo would otherwise start its broker and pace nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "-1"})
    void shouldRefuseARateThatIsNotAFiniteNumberNotNegative(String rate) {
        CommandRun run = demo("--rate", rate);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--rate " + Double.parseDouble(rate) + ": must be a finite number");
    }

    /**
     * Each option out of range is named with its value, and only those: one message listing every option's range
     * left the user to find which of them was wrong.
     */
    @Test
    void shouldNameEachOptionOutOfRangeWithItsValue() {
        CommandRun run = demo("--events", "-5", "--http-port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("--events -5: must not be negative (0 runs until Ctrl-C)",
                "--http-port 70000: must be a port number, 0 to 65535 (0 for a free one)");
    }

    /**
     * At 1e-10 events/s the next event is due in 317 years, which the pacing's nanoseconds do not hold: the demo
     * waited for ever after its first event, saying it sent "at 0/s".
     */
    @Test
    void shouldRefuseARateWhoseWaitForTheNextEventDoesNotFitThePacing() throws IOException {
        // the port is taken, so that a demo that went ahead fails at once instead of starting its broker
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandRun run = demo("--rate", "1e-10", "--http-port", Integer.toString(busy.getLocalPort()));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("--rate 1.0E-10 is too low");
        }
    }

    /** Settings set for run in the environment looked as if they applied to the demo too. */
    @Test
    void shouldSayThatItIgnoresTheEnvironmentsSettings() {
        assertThat(DemoCommand.ignoredSettings(Map.of("STREAMCAST_MODEL_HIDDEN_SIZE", "64",
                "KAFKA_BOOTSTRAP_SERVERS", "b:9092", "PATH", "/usr/bin", "KAFKA_HEAP_OPTS", "-Xmx1g")))
                .contains("demo reads no settings (its broker, topics and settings are its own), so it ignores"
                        + " KAFKA_BOOTSTRAP_SERVERS, STREAMCAST_MODEL_HIDDEN_SIZE; run and produce-demo read them");
        assertThat(DemoCommand.ignoredSettings(Map.of("PATH", "/usr/bin", "KAFKA_HEAP_OPTS", "-Xmx1g"))).isEmpty();
    }

    private static CommandRun demo(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        return CommandRun.capturingSystemStreams(new StreamcastCommand(), args);
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoCommandTest {

    /** Refused before anything starts: the demo would otherwise start its broker and pace nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"Infinity", "NaN", "-1"})
    void shouldRefuseARateThatIsNotAFiniteNumberNotNegative(String rate) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("demo", "--rate", rate);
        } finally {
            System.setErr(originalErr);
        }

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate must be a finite number");
    }
}

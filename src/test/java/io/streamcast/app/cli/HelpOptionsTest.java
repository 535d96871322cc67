package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command takes -h and --help, and the help says what the command prints. */
class HelpOptionsTest {

    @Test
    void shouldShowTheHelpOfEval() {
        assertThat(help("eval", "--help")).startsWith("Usage: streamcast eval");
        assertThat(help("eval", "-h")).startsWith("Usage: streamcast eval");
    }

    @Test
    void shouldShowTheHelpOfConfigDocs() {
        assertThat(help("config-docs", "--help")).startsWith("Usage: streamcast config-docs");
        assertThat(help("config-docs", "-h")).startsWith("Usage: streamcast config-docs");
    }

    /** The alarms-by-cause lines count every statistic but none; the help once listed four of the six. */
    @Test
    void shouldListEveryCauseTheAlarmsByCauseLinesCount() {
        String help = help("eval", "nab", "--help").replaceAll("\\s+", " ");

        assertThat(help).contains(" (range, drift, volatility, daily, weekly, surprise), inside and outside");
    }

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = UserErrors.commandLine(new StreamcastCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        assertThat(exitCode).as(err.toString()).isZero();
        return out.toString();
    }
}

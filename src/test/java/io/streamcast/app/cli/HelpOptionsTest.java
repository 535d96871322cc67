package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import org.junit.jupiter.api.Test;

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

    /** eval nab refuses --seeds beside --vary; its help said only that --seeds needs --cv. */
    @Test
    void shouldSayThatSeedsDoNotGoWithVary() {
        String help = help("eval", "nab", "--help").replaceAll("\\s+", " ");

        assertThat(help).contains("--seeds=SEED[,SEED...] With --cv and without --vary, also replay the model");
    }

    /** The help of every command offers -V and --version; below the top they printed nothing. */
    @Test
    void shouldPrintTheVersionFromEveryCommand() {
        assertThat(help("--version")).isEqualTo("streamcast 0.1.0" + System.lineSeparator());
        assertThat(help("demo", "-V")).isEqualTo(help("--version"));
        assertThat(help("eval", "nab", "--version")).isEqualTo(help("--version"));
    }

    private static String help(String... args) {
        CommandRun run = CommandRun.of(new StreamcastCommand(), args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }
}

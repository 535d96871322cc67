package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import org.junit.jupiter.api.Test;

class UsageErrorsTest {

    /** Before, the message was followed by the whole usage of eval nab, 30 lines. */
    @Test
    void shouldReportAMissingOptionInTwoLinesNamingWhereTheOptionsAre() {
        CommandRun run = CommandRun.of(new StreamcastCommand(), "eval", "nab", "--corpus", "somewhere");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("Missing required option: '--out=DIR'",
                "See 'streamcast eval nab --help' for its options.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldSuggestTheOptionAMisspeltOneResembles() {
        CommandRun run = CommandRun.of(new StreamcastCommand(), "eval", "nab", "--corpus", "c", "--out", "o",
                "--seed", "7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown options: '--seed', '7'")
                .contains("--seeds")
                .endsWith("See 'streamcast eval nab --help' for its options." + System.lineSeparator())
                .doesNotContain("Usage:");
    }

    @Test
    void shouldNameTheCommandOfAnUnknownSubcommand() {
        CommandRun run = CommandRun.of(new StreamcastCommand(), "eval", "nabb");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nabb").contains("See 'streamcast eval --help' for its options.")
                .doesNotContain("Usage:");
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * An empty path (an unset shell variable, {@code --out "$OUT"}) was the working directory, into which results,
     * scores and plots went unasked; every path option refuses it.
     */
    @Test
    void shouldRefuseAnEmptyPathForEveryPathOption() {
        List<List<String>> commands = List.of(
                List.of("eval", "nab", "--corpus", "c", "--out", ""),
                List.of("eval", "nab", "--corpus", "", "--out", "o"),
                List.of("eval", "nab-score", "--corpus", "c", "--results", "r", "--scores-out", ""),
                List.of("eval", "nab-score", "--corpus", "c", "--results", "r", "--plot", ""),
                List.of("eval", "forecast", "--csv", ""),
                List.of("run", "--config", ""));
        for (List<String> command : commands) {
            CommandRun run = CommandRun.of(new StreamcastCommand(), command.toArray(String[]::new));

            String option = command.get(command.indexOf("") - 1);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(run.err().lines().findFirst()).as(String.join(" ", command))
                    .contains("Invalid value for option '" + option + "': '' is no path");
        }
    }

    /**
     * The detector's name is a folder of the results root: empty, the results went into the root itself; with a
     * '/' or as '..', outside their folder.
     */
    @Test
    void shouldRefuseADetectorNameThatIsNoFolderOfItsOwn() {
        for (String name : List.of("", "..", "../elsewhere", "a/b", ".")) {
            for (String command : List.of("nab --out o", "nab-score --results r")) {
                List<String> args = new ArrayList<>(List.of("eval"));
                args.addAll(List.of(command.split(" ")));
                args.addAll(List.of("--corpus", "c", "--detector", name));
                CommandRun run = CommandRun.of(new StreamcastCommand(), args.toArray(String[]::new));

                assertThat(run.exitCode()).as(command + " " + name).isEqualTo(2);
                assertThat(run.err().lines().findFirst()).as(command + " " + name).contains("Invalid value for"
                        + " option '--detector': '" + name + "' is no detector name: it names the results' folder,"
                        + " so give a name without '/', not '.' or '..'");
            }
        }
    }

    @Test
    void shouldNameTheCommandOfAnUnknownSubcommand() {
        CommandRun run = CommandRun.of(new StreamcastCommand(), "eval", "nabb");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nabb").contains("See 'streamcast eval --help' for its options.")
                .doesNotContain("Usage:");
    }

    @Test
    void shouldSuggestACommandOnlyForANearSpellingOfIt() {
        CommandRun near = CommandRun.of(new StreamcastCommand(), "evl");
        CommandRun far = CommandRun.of(new StreamcastCommand(), "frobnicate");

        assertThat(near.exitCode()).isEqualTo(2);
        assertThat(near.err().lines()).contains("Did you mean: streamcast eval?");
        assertThat(far.exitCode()).isEqualTo(2);
        assertThat(far.err().lines()).containsExactly("Unmatched argument at index 0: 'frobnicate'",
                "See 'streamcast --help' for its options.");
    }

    @Test
    void shouldSuggestAnOptionGivenWithItsValueAttachedByItsName() {
        CommandRun run = CommandRun.of(new StreamcastCommand(), "bench", "--hiden=64");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).contains("Possible solutions: --hidden");
    }

    @Test
    void shouldJudgeNearnessByEditDistance() {
        assertThat(UsageErrors.isNearSpelling("--seed", "--seeds")).isTrue();
        assertThat(UsageErrors.isNearSpelling("nabb", "nab")).isTrue();
        assertThat(UsageErrors.isNearSpelling("prodoce-dmo", "produce-demo")).isTrue();
        assertThat(UsageErrors.isNearSpelling("frobnicate", "produce-demo")).isFalse();
        assertThat(UsageErrors.isNearSpelling("xyz", "nab")).isFalse();
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval forecast} as a user runs it: on series of eight days, without training, so that each run is quick. */
class ForecastCommandTest {

    private static final int EIGHT_DAYS = 8 * 288;

    @TempDir
    Path dir;

    @Test
    void shouldForecastTheConfiguredHorizonWhenNoneIsGiven() throws IOException {
        Path config = Files.writeString(dir.resolve("h3.properties"), "training.enabled=false\nforecast.horizon=3\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("horizon 3").contains("forecast horizon=3 ")
                .contains(" of them, where every method has one");
    }

    /** A key is no path: {@code host/a} and {@code ../b} are drawn into the plot directory, under safe names. */
    @Test
    void shouldPlotKeysWithSlashesIntoThePlotDirectory() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");
        Path plots = dir.resolve("plots");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("keyed.csv"), EIGHT_DAYS,
                "host/a", "../b").toString(), "--key-column", "key", "--config", config.toString(), "--plot",
                plots.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        try (var written = Files.list(plots)) {
            assertThat(written.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("host_a.png",
                    "_._b.png");
        }
    }

    @Test
    void shouldNameAPlotDirectoryThatDoesNotExist() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString(), "--plot", dir.resolve("no/such/plot.png").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("File error: ").contains("no/such");
    }

    /**
     * 14,913,081 days of five-minute steps are 4,294,967,328 rows, 2^32 + 32: taken as an int, a season of 32 rows that
     * the seasonal naive forecast from under the name 14913081d.
     */
    @Test
    void shouldRefuseASeasonLongerThanAnySeriesNamingTheOption() throws IOException {
        Path config = Files.writeString(dir.resolve("off.properties"), "training.enabled=false\n");

        CommandRun run = run("eval", "forecast", "--csv", fiveMinuteSeries(dir.resolve("a.csv"), EIGHT_DAYS, "")
                .toString(), "--config", config.toString(), "--season-days", "14913081");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).contains("--season-days 14913081 ").contains("4294967328 steps of 300000 ms");
    }

    /**
     * {@code rows} rows of a five-minute series with a daily wave from 1 January 2024; with keys other than "", a
     * {@code key} column and the rows once per key.
     */
    static Path fiveMinuteSeries(Path file, int rows, String... keys) throws IOException {
        StringBuilder csv = new StringBuilder(keys[0].isEmpty() ? "timestamp,value\n" : "key,timestamp,value\n");
        for (String key : keys) {
            for (int i = 0; i < rows; i++) {
                String time = LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(5L * i).toString().replace('T', ' ');
                csv.append(key.isEmpty() ? "" : key + ",").append(time).append(":00,")
                        .append(10 + Math.sin(i / 288.0 * 2 * Math.PI)).append('\n');
            }
        }
        return Files.writeString(file, csv);
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new StreamcastCommand(), args);
    }
}

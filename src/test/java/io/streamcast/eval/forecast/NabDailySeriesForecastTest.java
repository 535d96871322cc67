package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the default settings, five steps ahead, on NAB series that have a daily rhythm (one of each kind: a Twitter
 * volume and a load balancer's request count, which the model carries, an ad exchange's cost per click, which the
 * rhythms carry, and an artificial daily series with jumps): the issued forecasts beat persistence and both
 * seasonal naives (the value timestamped a day and a week earlier, or whole days earlier still where a gap puts the
 * forecast's origin more than a day back, as {@code eval forecast} defines them) in mean absolute error, and the 80 %
 * intervals cover 77-83 % of the scored rows. The rows scored, the references and the coverage are computed here from
 * the file's own rows, not by the evaluator.
 */
class NabDailySeriesForecastTest {

    private static final int HORIZON = 5;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParameterizedTest
    @ValueSource(strings = {"Twitter_volume_UPS", "elb_request_count_8c0756", "exchange-3_cpc_results",
            "art_daily_jumpsup"})
    void shouldBeatPersistenceAndBothSeasonalNaivesWithCalibratedIntervalsAtTheDefaults(String series) {
        Rows rows = Rows.read(resource(series));
        StreamcastConfig defaults = new StreamcastConfig(Map.of(
                StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://test",
                StreamcastConfig.FORECAST_HORIZON_CONFIG, HORIZON));
        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(defaults.predictorSettings(),
                defaults.trainerSettings())
                .run(new TimeSeriesCsv(rows.times, rows.values), 0, Duration.ofDays(1), Duration.ofDays(7)).only();

        double[] issued = result.model().forecast();
        double[] lower = result.model().lower();
        double[] upper = result.model().upper();
        int scored = result.actual().length;
        int expected = 0;
        for (int i = HORIZON; i < rows.values.length; i++) {
            expected += rows.seasonAgo(i, DAY_MILLIS) >= 0 && rows.seasonAgo(i, 7 * DAY_MILLIS) >= 0 ? 1 : 0;
        }
        assertThat(scored).as("every row with a value a day and a week before it scored").isEqualTo(expected);
        double streamcast = 0;
        double persistence = 0;
        double dayAgo = 0;
        double weekAgo = 0;
        int covered = 0;
        for (int s = 0; s < scored; s++) {
            int i = rows.index.get(result.times()[s]);
            double actual = rows.values[i];
            streamcast += Math.abs(actual - issued[s]);
            persistence += Math.abs(actual - rows.values[i - HORIZON]);
            dayAgo += Math.abs(actual - rows.values[rows.seasonAgo(i, DAY_MILLIS)]);
            weekAgo += Math.abs(actual - rows.values[rows.seasonAgo(i, 7 * DAY_MILLIS)]);
            if (actual >= lower[s] && actual <= upper[s]) {
                covered++;
            }
        }
        assertThat(streamcast).as("absolute error, against persistence's").isLessThan(persistence);
        assertThat(streamcast).as("absolute error, against the value a day earlier").isLessThan(dayAgo);
        assertThat(streamcast).as("absolute error, against the value a week earlier").isLessThan(weekAgo);
        assertThat(covered / (double) scored).as("coverage of the 80 % intervals").isBetween(0.77, 0.83);
    }

    private static Path resource(String series) {
        try {
            return Path.of(NabDailySeriesForecastTest.class.getResource("/forecast/nab-daily/" + series + ".csv")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A NAB file's rows, read here rather than by the evaluator's reader. */
    private record Rows(long[] times, double[] values, Map<Long, Integer> index) {

        /**
         * The row a seasonal naive forecast of row {@code i}, made {@code HORIZON} rows before it, takes: the one
         * timestamped whole seasons before row i, as few as reach back to the forecast's row; -1 when there is none.
         * (These files' rows are in time order, each time once, and none is refused.)
         */
        int seasonAgo(int i, long season) {
            long back = season;
            while (times[i] - back > times[i - HORIZON]) {
                back += season;
            }
            return index.getOrDefault(times[i] - back, -1);
        }

        static Rows read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int n = lines.size() - 1;
            long[] times = new long[n];
            double[] values = new double[n];
            Map<Long, Integer> index = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String[] fields = lines.get(i + 1).split(",");
                times[i] = LocalDateTime.parse(fields[0], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                values[i] = Double.parseDouble(fields[1]);
                index.put(times[i], i);
            }
            return new Rows(times, values, index);
        }
    }
}

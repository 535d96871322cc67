package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.eval.SeriesReplay;
import io.streamcast.eval.forecast.WalkForwardEvaluation.KeyedSeries;
import io.streamcast.eval.forecast.WalkForwardEvaluation.Result;
import io.streamcast.eval.forecast.WalkForwardEvaluation.Season;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.training.TrainerSettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.predict.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalkForwardEvaluationTest {

    private static final long HALF_HOUR = 1_800_000L;
    private static final long MONDAY = 1_767_571_200_000L; // 2026-01-05T00:00Z
    private static final int DAY = 48;
    private static final int WEEK = 7 * DAY;
    private static final Duration A_DAY = Duration.ofDays(1);
    private static final Duration A_WEEK = Duration.ofDays(7);

    /** A season of this many half-hourly rows. */
    private static Duration rows(int rows) {
        return Duration.ofMillis(rows * HALF_HOUR);
    }

    private static PredictorSettings predictor(int horizon) {
        return predictor(horizon, AnomalySettings.defaults());
    }

    private static PredictorSettings predictor(int horizon, AnomalySettings anomaly) {
        InputSpec spec = new InputSpec(1, new int[] {0}, horizon,
                List.of(CalendarFeature.TIME_OF_DAY, CalendarFeature.DAY_OF_WEEK), 0.005);
        return new PredictorSettings(spec, 48, 16, 4, anomaly);
    }

    private static TrainerSettings trainer() {
        return new TrainerSettings(16, 1, 0, 100, 50, 4096, 4096, 0.2, 0.01,
                new TrainingSettings(0.005, 32, 40, 5, 1.0, 16, 42, 2));
    }

    /** Half-hourly buckets with a daily and a weekly rhythm and noise, six weeks. */
    private static TimeSeriesCsv seasonalSeries() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 6 * WEEK;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double day = 2 * Math.PI * i / DAY;
            double week = 2 * Math.PI * i / WEEK;
            times[i] = MONDAY + i * HALF_HOUR;
            values[i] = 100 + 30 * Math.sin(day) + 10 * Math.sin(2 * day + 1) + 15 * Math.sin(week)
                    + 2 * random.nextGaussian();
        }
        return new TimeSeriesCsv(times, values);
    }

    @Test
    void shouldBeatPersistenceClearlyFiveStepsAheadOnADailyAndWeeklySeasonalSeries() {
        WalkForwardEvaluation.Run run = new WalkForwardEvaluation(predictor(5), trainer())
                .run(seasonalSeries(), 2 * WEEK, A_WEEK);
        WalkForwardEvaluation.Result result = run.only();

        assertThat(run.published()).isPositive();
        assertThat(result.mase()).isLessThan(0.5);
        assertThat(result.actual()).hasSize(4 * WEEK);
        ForecasterShares forecasters = result.forecasters();
        assertThat(forecasters.issuedBy().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1, within(1e-9));
        assertThat(forecasters.modelRows()).as("a model from the first training round on").isPositive()
                .isLessThanOrEqualTo(4 * WEEK);
        assertThat(forecasters.modelMase()).isFinite();
    }

    /**
     * A season shorter than the forecast's reach (4 rows, 6 steps ahead) cannot take the value one season back, which
     * came after the forecast was made: on a ramp (value = row) persistence is 6 off everywhere, and the seasonal
     * naive, from the same point two seasons (8 rows) back, 8 off; one season back it would have been 4 off, better
     * than persistence with a value it could not have known.
     */
    @Test
    void shouldTakeASeasonalNaiveForecastOnlyFromValuesKnownWhenItWasMade() {
        int n = 400;
        long[] times = new long[n];
        double[] ramp = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = MONDAY + i * HALF_HOUR;
            ramp[i] = i;
        }

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(6), null)
                .run(new TimeSeriesCsv(times, ramp), 50, rows(4)).only();

        assertThat(result.persistence().accuracy().mae()).isEqualTo(6.0);
        assertThat(result.seasonalNaive().get(0).accuracy().mae()).isEqualTo(8.0);
    }

    @Test
    void shouldSayNoForecastCameFromAModelWhenNoneWasTrained() {
        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(5), null)
                .run(seasonalSeries(), 2 * WEEK, A_WEEK).only();

        assertThat(result.forecasters().share("model")).isZero();
        assertThat(result.forecasters().modelRows()).isZero();
        assertThat(result.forecasters().model()).isNull();
        assertThat(result.forecasters().modelMase()).isNaN();
    }

    @Test
    void shouldNotLetValuesAfterATimeChangeForecastsOrIntervalsMadeUpToIt() {
        TimeSeriesCsv original = seasonalSeries();
        int cut = 3 * WEEK;
        double[] changed = original.values().clone();
        for (int i = cut + 1; i < changed.length; i++) {
            changed[i] = changed[i] * 3 + 500;
        }
        double[][] before = forecasts(original);
        double[][] after = forecasts(new TimeSeriesCsv(original.times(), changed));
        assertThat(before[cut][3]).as("a trained model forecasts at the cut").isPositive();
        assertThat(before[cut][9] - before[cut][6]).as("the cut's 3-step interval has a width").isPositive();

        for (int row = 0; row <= cut; row++) {
            assertThat(after[row]).as("forecasts made after row %d", row).isEqualTo(before[row]);
        }
        assertThat(after[cut + 1]).isNotEqualTo(before[cut + 1]);
        // The changed value is scored against the intervals issued before it, so the calibration moves at once.
        assertThat(after[cut + 1][6]).as("lower bound of the next 3-step interval").isNotEqualTo(before[cut + 1][6]);
    }

    @Test
    void shouldLeaveRowsTheStreamWouldRefuseUnscoredAndCountThem(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        long[] times = new long[300];
        for (int i = 0; i < 300; i++) {
            // The clock goes back an hour at row 200: within the grace, so applied in arrival order.
            times[i] = MONDAY + i * HALF_HOUR - (i >= 200 ? 2 * HALF_HOUR : 0);
            lines.add(Instant.ofEpochMilli(times[i]) + "," + (i == 150 ? "NaN" : Double.toString(100 + i % 7)));
        }
        Path csv = Files.write(dir.resolve("series.csv"), lines);

        // Without the daily profile there is no daily forecaster, so without a model the forecast is persistence's.
        WalkForwardEvaluation.Run run = new WalkForwardEvaluation(
                        predictor(1, AnomalySettings.builder().dailyProfile(false).build()), null)
                .run(TimeSeriesCsv.read(csv), 0, A_DAY);
        WalkForwardEvaluation.Result result = run.only();

        assertThat(run.refused().total()).isEqualTo(1);
        assertThat(run.refused().count(Rejection.NON_FINITE_VALUE)).isEqualTo(1);
        // Rows 48..299, less row 150 (refused) and rows 198 and 200 (an hour late, at row 198's time): the value a
        // day before theirs is row 150's.
        List<Long> expectedTimes = new ArrayList<>();
        for (int i = 48; i < 300; i++) {
            if (i != 150 && i != 198 && i != 200) {
                expectedTimes.add(times[i]);
            }
        }
        assertThat(result.times()).containsExactly(expectedTimes.stream().mapToLong(Long::longValue).toArray());
        assertThat(result.actual()).doesNotContain(Double.NaN);
        // Row 151's one-step forecast is the one made after row 149, the last accepted row before it.
        int row151 = 151 - 48 - 1;
        assertThat(result.persistence().forecast()[row151]).isEqualTo(100 + 149 % 7);
        assertThat(result.model().forecast()[row151]).as("the fallback forecasts persistence").isEqualTo(100 + 149 % 7);
    }

    /** Half-hourly rows 10 (i % 5) + i: each value 5 more than the one five rows before it. */
    private static TimeSeriesCsv rampedCycle(int n) {
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = MONDAY + i * HALF_HOUR;
            values[i] = 10 * (i % 5) + i;
        }
        return new TimeSeriesCsv(times, values);
    }

    /**
     * Three steps ahead with a season of 5 rows, scored from row 5 (the season) on. Persistence forecasts row i by
     * row i - 3, seasonal naive by row i - 5, which misses by exactly 5 every time. The forecast of row i is made
     * after row i - 3, when seasonal naive's errors of rows 5..i-3 are known: i - 7 of them, so from row 17 on its
     * interval (from at least 10 errors) is [value(i - 5) + 5, value(i - 5) + 5] = [value(i), value(i)], which
     * covers every row. MASE is the model's mean absolute error over persistence's, both worked out here from the
     * rows.
     */
    @Test
    void shouldScorePersistenceAndSeasonalNaiveByTheRowsBeforeTheForecastsAndGiveTheirIntervalsFromPastErrors() {
        TimeSeriesCsv series = rampedCycle(60);
        double[] y = series.values();

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(3), null)
                .run(series, 0, rows(5)).only();

        assertThat(result.firstScored()).isEqualTo(5);
        assertThat(result.actual()).containsExactly(Arrays.copyOfRange(y, 5, 60));
        WalkForwardEvaluation.Scores persistence = result.persistence();
        WalkForwardEvaluation.Scores seasonal = result.seasonalNaive().get(0);
        assertThat(seasonal.method()).isEqualTo("seasonal-naive-150min");
        double modelError = 0;
        double persistenceError = 0;
        for (int i = 5; i < 60; i++) {
            int s = i - 5;
            assertThat(persistence.forecast()[s]).as("persistence of row %d", i).isEqualTo(y[i - 3]);
            assertThat(seasonal.forecast()[s]).as("seasonal naive of row %d", i).isEqualTo(y[i - 5]);
            if (i < 17) {
                assertThat(seasonal.lower()[s]).as("lower bound of row %d", i).isNaN();
                assertThat(seasonal.upper()[s]).as("upper bound of row %d", i).isNaN();
            } else {
                assertThat(seasonal.lower()[s]).as("lower bound of row %d", i).isEqualTo(y[i]);
                assertThat(seasonal.upper()[s]).as("upper bound of row %d", i).isEqualTo(y[i]);
            }
            modelError += Math.abs(y[i] - result.model().forecast()[s]);
            persistenceError += Math.abs(y[i] - y[i - 3]);
        }
        assertThat(seasonal.accuracy().mae()).isEqualTo(5);
        assertThat(seasonal.interval().points()).isEqualTo(60 - 17);
        assertThat(seasonal.interval().coverage()).isEqualTo(1);
        assertThat(result.mase()).isCloseTo(modelError / persistenceError, within(1e-12));
    }

    /**
     * The intervals of every method are scored on the same rows: those where each method has one. On the ramped cycle
     * three steps ahead, persistence (row i - 3) misses by +33 where i % 5 is 3 or 4 and by -17 otherwise, so from 10
     * known errors on (row 15: its errors of rows 3..12) its interval is [y(i - 3) - 17, y(i - 3) + 33], 50 wide and
     * covering every row; seasonal naive's (season 5 rows) is [y(i), y(i)] from row 17 on, 0 wide, covering every row.
     * Rows 15 and 16, where persistence has an interval and seasonal naive not, are scored for neither.
     */
    @Test
    void shouldScoreEveryMethodsIntervalsOnTheRowsWhereEveryMethodHasOne() {
        TimeSeriesCsv series = rampedCycle(60);
        double[] y = series.values();

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(3), null)
                .run(series, 0, rows(5)).only();

        WalkForwardEvaluation.Scores model = result.model();
        int common = 0;
        int modelCovered = 0;
        for (int s = 0; s < result.actual().length; s++) {
            int i = s + 5;
            if (i >= 17 && !Double.isNaN(model.lower()[s])) {
                common++;
                modelCovered += y[i] >= model.lower()[s] && y[i] <= model.upper()[s] ? 1 : 0;
            }
        }
        assertThat(common).as("rows where every method has an interval").isPositive();
        assertThat(result.persistence().lower()[15 - 5]).as("persistence's interval of row 15")
                .isEqualTo(y[12] - 17);
        for (WalkForwardEvaluation.Scores scores : result.methods()) {
            assertThat(scores.interval().points()).as(scores.method()).isEqualTo(common);
        }
        assertThat(result.persistence().interval().coverage()).isEqualTo(1);
        assertThat(result.persistence().interval().meanWidth()).isEqualTo(50);
        assertThat(result.seasonalNaive().get(0).interval().coverage()).isEqualTo(1);
        assertThat(result.seasonalNaive().get(0).interval().meanWidth()).isEqualTo(0);
        assertThat(model.interval().coverage()).isEqualTo((double) modelCovered / common);
    }

    /**
     * A season is a span of time, not of rows: on a half-hourly series whose value is its half-hour's number (0, 1,
     * 2, ...) and that misses half hours 100..102, the seasonal naive of half hour s is the value a day (48 half
     * hours) earlier, s - 48, so it misses by 48 on every row, also after the gap, where the row 48 rows back is 51
     * half hours back. Half hours 148..150, whose day-earlier rows are missing, have no seasonal naive forecast and
     * are scored for no method; scored are half hours 48..199 less the 3 missing and those 3, 146 rows.
     */
    @Test
    void shouldTakeTheSeasonalNaiveFromTheValueOneSeasonEarlierInTimeOnASeriesWithAGap() {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int slot = 0; slot < 200; slot++) {
            if (slot < 100 || slot > 102) {
                times.add(MONDAY + slot * HALF_HOUR);
                values.add((double) slot);
            }
        }
        TimeSeriesCsv series = new TimeSeriesCsv(times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(1), null)
                .run(series, 0, A_DAY).only();

        List<Long> expected = new ArrayList<>();
        for (int slot = 48; slot < 200; slot++) {
            if ((slot < 100 || slot > 102) && (slot < 148 || slot > 150)) {
                expected.add(MONDAY + slot * HALF_HOUR);
            }
        }
        assertThat(result.times()).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
        WalkForwardEvaluation.Scores seasonal = result.seasonalNaive().get(0);
        for (int s = 0; s < result.actual().length; s++) {
            assertThat(seasonal.forecast()[s]).as("seasonal naive of %s", Instant.ofEpochMilli(result.times()[s]))
                    .isEqualTo(result.actual()[s] - 48);
        }
        assertThat(seasonal.accuracy().mae()).isEqualTo(48);
    }

    /** Without a season, scoring starts at the horizon: row 1's one-step forecast, made after row 0, is scored. */
    @Test
    void shouldScoreFromTheFirstRowWithAForecastWithoutASeason() {
        TimeSeriesCsv series = rampedCycle(30);

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(predictor(1), null).run(series, 0).only();

        assertThat(result.firstScored()).isEqualTo(1);
        assertThat(result.seasonalNaive()).isEmpty();
        assertThat(result.persistence().forecast()).containsExactly(Arrays.copyOfRange(series.values(), 0, 29));
    }

    /** A run that issued no interval still reports the configured nominal coverage, here 90 %. */
    @Test
    void shouldReportTheConfiguredCoverageWhenNoIntervalWasIssued() {
        PredictorSettings defaults = predictor(1);
        PredictorSettings settings = new PredictorSettings(defaults.spec(), defaults.historyLength(),
                defaults.warmupEvents(), defaults.trainingSampleEvery(), defaults.anomaly(), defaults.eventTimes(),
                0.9, defaults.weeklyRhythm(), defaults.sampleAnomalies());

        WalkForwardEvaluation.Result result = new WalkForwardEvaluation(settings, null).run(rampedCycle(6), 0).only();

        assertThat(result.model().interval().points()).as("intervals issued").isZero();
        assertThat(result.nominalCoverage()).isEqualTo(0.9);
    }

    @Test
    void shouldRefuseASeriesWithNoRowToScore() {
        WalkForwardEvaluation evaluation = new WalkForwardEvaluation(predictor(1), null);

        // a season of 5 half hours leaves nothing to score in 5 half-hourly rows, which span 4
        assertThatThrownBy(() -> evaluation.run(rampedCycle(5), 0, rows(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series: no row to score: of the series' 5 rows, none has a forecast by every method (a"
                        + " seasonal naive forecast needs a row timestamped a season before its own)");
    }

    /** A series the stream refuses whole (every value above 1e18) is not blamed on its seasons alone. */
    @Test
    void shouldSayWhenTheStreamRefusedTheRowsOfASeriesWithNoRowToScore() {
        long[] times = new long[20];
        double[] values = new double[20];
        for (int i = 0; i < 20; i++) {
            times[i] = MONDAY + i * HALF_HOUR;
            values[i] = 1e19 + i * 1e18;
        }
        WalkForwardEvaluation evaluation = new WalkForwardEvaluation(predictor(1), null);

        assertThatThrownBy(() -> evaluation.run(new TimeSeriesCsv(times, values), 0, rows(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series: no row to score: of the series' 20 rows, none has a forecast by every method (a"
                        + " seasonal naive forecast needs a row timestamped a season before its own); the stream"
                        + " refused 20 of them; 20 rows refused as the stream would (value-out-of-range 20)");
    }

    /**
     * A key with no row to score does not cost the others theirs: with a season of 5 half hours, 5 half-hourly rows
     * span 4 and score none, and 20 such rows are scored from row 5 (the first with a row a season before it) on.
     */
    @Test
    void shouldScoreTheOtherKeysWhenOneHasNoRowToScore() {
        WalkForwardEvaluation evaluation = new WalkForwardEvaluation(predictor(1), null);
        List<Season> season = List.of(Season.of(rows(5)));

        WalkForwardEvaluation.Run run = evaluation.run(List.of(new KeyedSeries("short", rampedCycle(5), season),
                new KeyedSeries("long", rampedCycle(20), season)), 0);

        assertThat(run.keys()).extracting(Result::key).containsExactly("long");
        assertThat(run.only().firstScored()).isEqualTo(5);
        assertThat(run.only().actual()).hasSize(15);
        assertThat(run.unscored()).containsExactly("short: no row to score: of the series' 5 rows, none has a forecast"
                + " by every method (a seasonal naive forecast needs a row timestamped a season before its own)");
    }

    /**
     * Every forecast (all horizons) made after each row, with retraining on, then the model version, then the
     * lower and upper bounds of every forecast's interval.
     */
    private static double[][] forecasts(TimeSeriesCsv series) {
        PredictorSettings settings = predictor(3);
        int n = series.length();
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            values[i][0] = series.values()[i];
        }
        double[][] forecasts = new double[n][10];
        SeriesReplay replay = new SeriesReplay(settings, trainer());
        replay.run("k", series.times(), values, null, (row, result) -> {
            for (int k = 1; k <= 3; k++) {
                forecasts[row][k - 1] = result.forecast(k, 0);
            }
            forecasts[row][3] = result.modelVersion();
            assertThat(result.hasInterval() || row < 100).as("row %d has an interval", row).isTrue();
            for (int k = 1; k <= 3; k++) {
                forecasts[row][3 + k] = result.hasInterval() ? result.lower(k, 0) : Double.NaN;
                forecasts[row][6 + k] = result.hasInterval() ? result.upper(k, 0) : Double.NaN;
            }
        });
        return forecasts;
    }
}

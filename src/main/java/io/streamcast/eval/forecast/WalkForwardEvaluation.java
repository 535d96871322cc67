package io.streamcast.eval.forecast;

import io.streamcast.eval.RefusedRows;
import io.streamcast.eval.SeriesReplay;
import io.streamcast.eval.SharedTimestamps;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepResult;
import io.streamcast.training.TrainerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walk-forward evaluation of k-step forecasts and their prediction intervals: the series are replayed as the
 * stream would run them (one key each, sharing one model and one trainer, with retraining on the trainer's
 * schedule, on past rows only), the forecast and interval for row {@code i} are the ones made after the row
 * accepted {@code k} rows before it, and model, persistence (the value of that row) and seasonal naive (the value
 * of the row timestamped one season before row {@code i}'s, or as many whole seasons as reach back to that row's
 * time, for each season given; {@link SeasonalNaive}) are scored on the same rows: those at or after {@code skip}
 * for which every method has a forecast. The references get intervals from their own past errors
 * ({@link PastErrorIntervals}); the intervals of every method are scored on the scored rows where every method has
 * one ({@link IntervalMetrics#onSharedPoints}). A row the stream would refuse is neither scored nor counted in the
 * {@code k} steps, as the stream forecasts the next accepted events; the refused rows are counted, and so are the
 * rows at the same time as their key's row before, which the stream takes.
 */
public final class WalkForwardEvaluation {

    /** A season of a seasonal-naive reference: its name (e.g. {@code 7d}) and its length in time. */
    public record Season(String name, Duration length) {
        public Season {
            if (length.toMillis() < 1) {
                throw new IllegalArgumentException("season " + name + " must be at least a millisecond long");
            }
        }

        /** A season named by its length in the largest whole unit: {@code 7d}, {@code 6h}, {@code 150min}, ... */
        public static Season of(Duration length) {
            long millis = length.toMillis();
            String name = millis % 86_400_000L == 0 ? millis / 86_400_000L + "d"
                    : millis % 3_600_000L == 0 ? millis / 3_600_000L + "h"
                    : millis % 60_000L == 0 ? millis / 60_000L + "min"
                    : millis % 1_000L == 0 ? millis / 1_000L + "s" : millis + "ms";
            return new Season(name, length);
        }
    }

    /** One key's series, and the seasons of its seasonal-naive references. */
    public record KeyedSeries(String key, TimeSeriesCsv data, List<Season> seasons) {
    }

    /**
     * One method's forecasts of the scored rows, their intervals (NaN where none) and how good they were: the
     * accuracy over every scored row, the intervals over the scored rows where every method has one, so that each
     * method's figures are over the same rows as the others'.
     */
    public record Scores(String method, double[] forecast, double[] lower, double[] upper, ForecastMetrics accuracy,
                         IntervalMetrics interval) {
    }

    /**
     * One key's evaluation.
     *
     * @param firstScored index of the first scored row
     * @param methods     the model first, then persistence, then seasonal naive for each season
     * @param forecasters where the scored forecasts came from, and how the model's own did
     */
    public record Result(String key, int horizon, int firstScored, long[] times, double[] actual,
                         List<Scores> methods, double nominalCoverage, ForecasterShares forecasters) {

        public Scores model() {
            return methods.get(0);
        }

        public Scores persistence() {
            return methods.get(1);
        }

        public List<Scores> seasonalNaive() {
            return methods.subList(2, methods.size());
        }

        /** MASE against persistence. */
        public double mase() {
            return model().accuracy().maseAgainst(persistence().accuracy());
        }
    }

    /**
     * The evaluation of every key that had a row to score, why each other key had none, and what the replay did.
     */
    public record Run(List<Result> keys, List<String> unscored, int rounds, int published, RefusedRows refused,
                      SharedTimestamps sharedTimestamps) {

        public Result only() {
            return keys.get(0);
        }
    }

    private final PredictorSettings settings;
    private final TrainerSettings trainer;

    public WalkForwardEvaluation(PredictorSettings settings, TrainerSettings trainer) {
        if (settings.spec().valueDimension() != 1) {
            throw new IllegalArgumentException("walk-forward evaluation reads one value per row");
        }
        this.settings = settings;
        this.trainer = trainer;
    }

    /** Evaluates one series as a stream's only key. */
    public Run run(TimeSeriesCsv series, int skip, Duration... seasons) {
        return run(List.of(new KeyedSeries("series", series, Arrays.stream(seasons).map(Season::of).toList())), skip);
    }

    /**
     * Evaluates the series as the keys of one stream, scoring each key from its row {@code skip} on. A key with no
     * row to score is named in {@link Run#unscored()} and the others are scored; when no key has one, this throws.
     */
    public Run run(List<KeyedSeries> series, int skip) {
        int horizon = settings.spec().horizon();
        List<Issued> issued = new ArrayList<>();
        List<SeriesReplay.KeySeries> keys = new ArrayList<>();
        for (KeyedSeries s : series) {
            int n = s.data().length();
            double[][] values = new double[n][1];
            for (int i = 0; i < n; i++) {
                values[i][0] = s.data().values()[i];
            }
            keys.add(new SeriesReplay.KeySeries(s.key(), s.data().times(), values));
            issued.add(new Issued(n));
        }
        SeriesReplay replay = new SeriesReplay(settings, trainer);
        replay.run(keys, null, (key, row, result) -> issued.get(key).record(row, result, horizon));
        List<Result> results = new ArrayList<>();
        List<String> unscored = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            Result result = score(series.get(k), issued.get(k), skip, horizon);
            if (result == null) {
                unscored.add(noRowToScore(series.get(k), issued.get(k), skip));
            } else {
                results.add(result);
            }
        }
        if (results.isEmpty()) {
            String refused = replay.refused().total() == 0 ? "" : "; " + replay.refused().describe();
            throw new IllegalArgumentException(String.join("; ", unscored) + refused);
        }
        return new Run(results, List.copyOf(unscored), replay.rounds(), replay.published(), replay.refused(),
                replay.sharedTimestamps());
    }

    private static String noRowToScore(KeyedSeries series, Issued issued, int skip) {
        String keyRefused = SeriesReplay.keyRefusal(series.key());
        if (keyRefused != null) {
            return series.key() + ": the stream refuses every row of this key (" + Rejection.KEY_TOO_LONG.code()
                    + "): " + keyRefused;
        }
        int refused = issued.refusedCount();
        return series.key() + ": no row to score: of the series' " + series.data().length() + " rows, none"
                + (skip > 0 ? " from row " + skip + " on" : "") + " has a forecast by every method"
                + (series.seasons().isEmpty() ? "" : " (a seasonal naive forecast needs a row timestamped"
                + " a season before its own)")
                // else a series whose every value the stream refuses (above 1e18, say) is blamed on its seasons
                + (refused == 0 ? "" : "; the stream refused " + refused + " of them");
    }

    /** The k-step forecast and interval issued after each row of one key; NaN for a refused row. */
    private static final class Issued {
        final boolean[] accepted;
        final double[] forecast;
        final String[] forecastBy;
        final double[] modelForecast;
        final double[] lower;
        final double[] upper;
        double coverage;

        Issued(int rows) {
            accepted = new boolean[rows];
            forecast = new double[rows];
            forecastBy = new String[rows];
            modelForecast = new double[rows];
            lower = new double[rows];
            upper = new double[rows];
        }

        int refusedCount() {
            int refused = 0;
            for (boolean rowAccepted : accepted) {
                refused += rowAccepted ? 0 : 1;
            }
            return refused;
        }

        void record(int row, StepResult result, int horizon) {
            accepted[row] = true;
            forecast[row] = result.forecast(horizon, 0);
            forecastBy[row] = result.forecastBy(horizon, 0);
            modelForecast[row] = result.modelForecast(horizon, 0);
            boolean interval = result.hasInterval();
            lower[row] = interval ? result.lower(horizon, 0) : Double.NaN;
            upper[row] = interval ? result.upper(horizon, 0) : Double.NaN;
            if (interval) {
                coverage = result.intervalCoverage();
            }
        }
    }

    /** The key's scores, or null when it has no row with a forecast by every method. */
    private Result score(KeyedSeries series, Issued issued, int skip, int horizon) {
        double[] values = series.data().values();
        int n = values.length;
        long[] rowTimes = series.data().times();
        // The row each accepted row's k-step forecasts were made after (-1 when none): k accepted rows before.
        int[] originOf = new int[n];
        int[] acceptedRows = new int[n];
        int acceptedCount = 0;
        for (int i = 0; i < n; i++) {
            originOf[i] = -1;
            if (issued.accepted[i]) {
                acceptedRows[acceptedCount++] = i;
                int from = acceptedCount - 1 - horizon;
                originOf[i] = from >= 0 ? acceptedRows[from] : -1;
            }
        }
        List<double[]> seasonal = new ArrayList<>();
        for (Season season : series.seasons()) {
            seasonal.add(SeasonalNaive.forecasts(rowTimes, values, issued.accepted, originOf,
                    season.length().toMillis()));
        }
        int[] scored = new int[n];
        int count = 0;
        for (int i = skip; i < n; i++) {
            if (originOf[i] >= 0 && everySeasonForecasts(seasonal, i)) {
                scored[count++] = i;
            }
        }
        if (count == 0) {
            return null;
        }
        scored = Arrays.copyOf(scored, count);
        int[] origins = new int[count];
        double[] actual = new double[count];
        long[] times = new long[count];
        double[] issuedForecast = new double[count];
        String[] by = new String[count];
        double[] modelAlone = new double[count];
        double[] lower = new double[count];
        double[] upper = new double[count];
        for (int s = 0; s < count; s++) {
            int i = scored[s];
            origins[s] = originOf[i];
            actual[s] = values[i];
            times[s] = rowTimes[i];
            issuedForecast[s] = issued.forecast[origins[s]];
            by[s] = issued.forecastBy[origins[s]];
            modelAlone[s] = issued.modelForecast[origins[s]];
            lower[s] = issued.lower[origins[s]];
            upper[s] = issued.upper[origins[s]];
        }
        double nominal = issued.coverage > 0 ? issued.coverage : settings.intervalCoverage();
        List<Forecasts> forecasts = new ArrayList<>();
        forecasts.add(new Forecasts("streamcast", issuedForecast, lower, upper));

        double[] persistence = new double[n];
        for (int i = 0; i < n; i++) {
            persistence[i] = originOf[i] >= 0 ? values[originOf[i]] : Double.NaN;
        }
        forecasts.add(reference("persistence", values, persistence, scored, origins, nominal));
        for (int m = 0; m < series.seasons().size(); m++) {
            forecasts.add(reference("seasonal-naive-" + series.seasons().get(m).name(), values, seasonal.get(m),
                    scored, origins, nominal));
        }
        List<IntervalMetrics> intervals = IntervalMetrics.onSharedPoints(actual,
                forecasts.stream().map(Forecasts::lower).toList(), forecasts.stream().map(Forecasts::upper).toList(),
                nominal);
        List<Scores> methods = new ArrayList<>();
        for (int m = 0; m < forecasts.size(); m++) {
            Forecasts f = forecasts.get(m);
            methods.add(new Scores(f.method(), f.forecast(), f.lower(), f.upper(),
                    ForecastMetrics.of(actual, f.forecast()), intervals.get(m)));
        }
        return new Result(series.key(), horizon, scored[0], times, actual, List.copyOf(methods), nominal,
                ForecasterShares.of(by, actual, issuedForecast, modelAlone, forecasts.get(1).forecast()));
    }

    /** One method's forecasts of the scored rows and their intervals (NaN where none), before they are scored. */
    private record Forecasts(String method, double[] forecast, double[] lower, double[] upper) {
    }

    private static boolean everySeasonForecasts(List<double[]> seasonal, int row) {
        for (double[] forecast : seasonal) {
            if (Double.isNaN(forecast[row])) {
                return false;
            }
        }
        return true;
    }

    private static Forecasts reference(String name, double[] values, double[] forecastOfRow, int[] scored,
                                       int[] origins, double nominal) {
        double[] forecast = new double[scored.length];
        for (int s = 0; s < scored.length; s++) {
            forecast[s] = forecastOfRow[scored[s]];
        }
        double[][] bounds = PastErrorIntervals.of(values, forecastOfRow, scored, origins, nominal);
        return new Forecasts(name, forecast, bounds[0], bounds[1]);
    }
}

package io.streamcast.eval.forecast;

import io.streamcast.eval.RefusedRows;
import io.streamcast.eval.SeriesReplay;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.TrainerSettings;

/**
 * Walk-forward evaluation of k-step forecasts over one series: the series is replayed as the stream would run
 * it (with retraining on the trainer's schedule, on past rows only), the forecast for row {@code i} is the one
 * made after the row accepted {@code k} rows before it, and model, persistence (the value of that row) and
 * seasonal naive (the value one season of rows before {@code i}) are scored on the same rows: those at or after
 * {@code skip} for which every method has a forecast. A row the stream would refuse is neither scored nor
 * counted in the {@code k} steps, as the stream forecasts the next accepted events; the refused rows are counted.
 */
public final class WalkForwardEvaluation {

    /**
     * @param model       the model's forecasts for the scored rows
     * @param firstScored index of the first scored row
     */
    public record Result(int horizon, int firstScored, double[] actual, double[] model, double[] persistence,
                         double[] seasonalNaive, ForecastMetrics modelMetrics, ForecastMetrics persistenceMetrics,
                         ForecastMetrics seasonalMetrics, long[] times, int rounds, int published,
                         RefusedRows refused) {

        public double mase() {
            return modelMetrics.maseAgainst(persistenceMetrics);
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

    /**
     * @param seasonRows rows in one season (e.g. a week) for the seasonal-naive reference
     */
    public Result run(TimeSeriesCsv series, int skip, int seasonRows) {
        int horizon = settings.spec().horizon();
        int n = series.length();
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            values[i][0] = series.values()[i];
        }
        double[] forecastFrom = new double[n];
        boolean[] accepted = new boolean[n];
        SeriesReplay replay = new SeriesReplay(settings, trainer);
        replay.run("series", series.times(), values, null, (row, result) -> {
            forecastFrom[row] = result.forecast(horizon, 0);
            accepted[row] = true;
        });

        int first = Math.max(skip, Math.max(horizon, seasonRows));
        if (first >= n) {
            throw new IllegalArgumentException("no row to score: the series has " + n + " rows, scoring starts at "
                    + first);
        }
        int[] acceptedRows = new int[n];
        int acceptedCount = 0;
        int[] scored = new int[n];
        int[] origin = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!accepted[i]) {
                continue;
            }
            acceptedRows[acceptedCount++] = i;
            int from = acceptedCount - 1 - horizon;
            if (i >= first && from >= 0 && accepted[i - seasonRows]) {
                scored[count] = i;
                origin[count++] = acceptedRows[from];
            }
        }
        double[] actual = new double[count];
        double[] model = new double[count];
        double[] persistence = new double[count];
        double[] seasonal = new double[count];
        long[] times = new long[count];
        for (int s = 0; s < count; s++) {
            int i = scored[s];
            actual[s] = series.values()[i];
            model[s] = forecastFrom[origin[s]];
            persistence[s] = series.values()[origin[s]];
            seasonal[s] = series.values()[i - seasonRows];
            times[s] = series.times()[i];
        }
        return new Result(horizon, first, actual, model, persistence, seasonal, ForecastMetrics.of(actual, model),
                ForecastMetrics.of(actual, persistence), ForecastMetrics.of(actual, seasonal), times,
                replay.rounds(), replay.published(), replay.refused());
    }
}

package io.streamcast.eval.forecast;

/**
 * Accuracy of forecasts against actual values over the same points, as the streaming-forecasting literature
 * reports them: MAPE = sum|y - f| / sum|y| (robust to values near zero, unlike the per-point mean), NRMSE = RMSE /
 * standard deviation of y, and MASE = MAE / the MAE of a reference forecast (persistence at the same horizon)
 * on the same points.
 */
public record ForecastMetrics(int points, double mape, double nrmse, double mae, double rmse) {

    /** Metrics of {@code forecast} against {@code actual}; NaN forecasts are not allowed. */
    public static ForecastMetrics of(double[] actual, double[] forecast) {
        if (actual.length != forecast.length || actual.length == 0) {
            throw new IllegalArgumentException("need equally many actual and forecast values, at least one");
        }
        int n = actual.length;
        double absError = 0;
        double absActual = 0;
        double squaredError = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double error = actual[i] - forecast[i];
            absError += Math.abs(error);
            absActual += Math.abs(actual[i]);
            squaredError += error * error;
            mean += actual[i];
        }
        mean /= n;
        double variance = 0;
        for (double y : actual) {
            variance += (y - mean) * (y - mean);
        }
        double std = Math.sqrt(variance / n);
        double rmse = Math.sqrt(squaredError / n);
        return new ForecastMetrics(n, absActual == 0 ? Double.NaN : absError / absActual,
                std == 0 ? Double.NaN : rmse / std, absError / n, rmse);
    }

    /** Mean absolute scaled error against a reference evaluated on the same points. */
    public double maseAgainst(ForecastMetrics reference) {
        return reference.mae == 0 ? Double.NaN : mae / reference.mae;
    }
}

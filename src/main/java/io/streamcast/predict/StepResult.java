package io.streamcast.predict;

import io.streamcast.anomaly.Scoring;
import io.streamcast.anomaly.Statistic;

/** What the step says about one event; reused from event to event, so copy what must outlive the next one. */
public final class StepResult {

    final double[] observed;
    final double[] forecast;
    /** Per forecast, the forecaster it came from ({@link ForecasterChoice#MODEL} ...). */
    final int[] forecastBy;
    /** Per forecast, the model's own; NaN without a model. */
    final double[] modelForecast;
    final double[] lower;
    final double[] upper;
    double intervalCoverage;
    final double[] residual;
    final double[] surprise;
    int residualCount;
    double rawScore;
    double likelihood;
    double logLikelihood;
    boolean anomaly;
    double alarmScore;
    long modelVersion;
    Statistic anomalyCause = Statistic.NONE;
    Scoring scoring = Scoring.LEARNING;
    boolean warmingUp;
    boolean rewarmed;
    boolean trainingWindowDue;

    public StepResult(InputSpec spec) {
        observed = new double[spec.valueDimension()];
        forecast = new double[spec.forecastSize()];
        forecastBy = new int[spec.forecastSize()];
        modelForecast = new double[spec.forecastSize()];
        lower = new double[spec.forecastSize()];
        upper = new double[spec.forecastSize()];
        residual = new double[spec.forecastCount()];
        surprise = new double[spec.forecastCount()];
    }

    public double observed(int j) {
        return observed[j];
    }

    /** Forecast of forecast value {@code j} for the {@code step}-th next event (1-based). */
    public double forecast(int step, int j) {
        return forecast[(step - 1) * residual.length + j];
    }

    /**
     * The forecaster {@link #forecast(int, int)} came from: {@code model}, {@code persistence}, {@code daily},
     * {@code weekly} or {@code yesterday} (the key's forecaster choice).
     */
    public String forecastBy(int step, int j) {
        return ForecasterChoice.NAMES[forecastBy[(step - 1) * residual.length + j]];
    }

    /** The model's own forecast of forecast value {@code j} for the {@code step}-th next event; NaN without a model. */
    public double modelForecast(int step, int j) {
        return modelForecast[(step - 1) * residual.length + j];
    }

    /** True when the forecasts carry prediction intervals. */
    public boolean hasInterval() {
        return intervalCoverage > 0;
    }

    /** Nominal coverage of the prediction intervals, e.g. 0.8; 0 when there are none. */
    public double intervalCoverage() {
        return intervalCoverage;
    }

    /** Lower bound of the interval around {@link #forecast(int, int)}; only valid when {@link #hasInterval()}. */
    public double lower(int step, int j) {
        return lower[(step - 1) * residual.length + j];
    }

    /** Upper bound of the interval around {@link #forecast(int, int)}; only valid when {@link #hasInterval()}. */
    public double upper(int step, int j) {
        return upper[(step - 1) * residual.length + j];
    }

    /** Normalised residual of forecast value {@code j}; only valid below {@link #residualCount()}. */
    public double residual(int j) {
        return residual[j];
    }

    /**
     * The error of forecast value {@code j} in units of the spread its interval was sized with (the key's recent
     * mean absolute error at that step over sqrt(2/pi), or the model's spread head where that is wider): how many
     * standard deviations the event lies from what was expected;
     * NaN when no spread is known yet; only valid below {@link #residualCount()}.
     */
    public double surprise(int j) {
        return surprise[j];
    }

    /**
     * Which statistic the event's {@link #likelihood()} came from (the one it broke its record by most);
     * {@link Statistic#NONE} when it is 0.
     */
    public Statistic anomalyCause() {
        return anomalyCause;
    }

    /** How far the event was scored: not in the key's learning period, in part while its errors relearn. */
    public Scoring scoring() {
        return scoring;
    }

    /** Number of residuals: the forecast value count, or 0 when there was no previous forecast. */
    public int residualCount() {
        return residualCount;
    }

    public double rawScore() {
        return rawScore;
    }

    public double likelihood() {
        return likelihood;
    }

    public double logLikelihood() {
        return logLikelihood;
    }

    public boolean isAnomaly() {
        return anomaly;
    }

    /**
     * The log-likelihood as the alarm rule sees it: equal to {@link #logLikelihood()}, except that an event held
     * back by the key's refractory period after an anomaly stays just below the threshold. Thresholding this score
     * at the configured threshold gives {@link #isAnomaly()}; it is what an offline threshold sweep should see.
     */
    public double alarmScore() {
        return alarmScore;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public boolean warmingUp() {
        return warmingUp;
    }

    /** True when this event found the key's state built by another model version and replayed its history. */
    public boolean rewarmed() {
        return rewarmed;
    }

    /**
     * True when a training window of this key is due after this event: every {@code trainingSampleEvery} events once
     * its history is full, unless the window holds one of the key's anomalies and the settings keep those out
     * ({@link PredictorSettings#sampleAnomalies}).
     */
    public boolean trainingWindowDue() {
        return trainingWindowDue;
    }
}

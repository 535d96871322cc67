package io.streamcast.predict;

import io.streamcast.anomaly.DetectorState;
import java.util.Arrays;

/**
 * The working copy of one key's state while its event is processed: plain arrays, reused from key to key, so
 * the per-event step allocates nothing. {@link KeyStateCodec} moves it to and from the stored state bytes.
 *
 * <h2>Forecasts</h2>
 * The key keeps the forecast rows made after its last {@code horizon} events, newest first: row {@code r} was made
 * {@code r + 1} events ago, holds {@code horizon} steps of forecast values, and its step {@code r + 1} is its
 * forecast of the next event. So every event is scored against every forecast that was made of it, one per
 * horizon. Each forecast carries the spread the model gave it (the standard deviation of its error in the model's
 * transformed units; NaN when the model gave none) and the half-width of the prediction interval issued with it
 * (in the same units; NaN when none was issued).
 *
 * <p>Beside the forecasts it issued, the key keeps those its model and its daily rhythm made (NaN where the
 * forecaster made none), and each forecaster's recent accuracy, from which {@link ForecasterChoice} picks where
 * each issued forecast comes from. Persistence's forecasts are the key's last values as received ({@link
 * #recentValues}).
 */
public final class KeyMemory {

    long eventCount;
    /** The largest event time the key has seen: a late event applied within the grace period leaves it. */
    long lastEventTime;
    long modelVersion;
    /**
     * The input partition and offset of the last record the key applied ({@link InputPosition#NONE} for none, or
     * for events applied outside a stream): a record read again at or before it is one the key has taken.
     */
    int lastPartition = InputPosition.NONE;
    long lastOffset = InputPosition.NONE;
    /** Per value, the exponentially weighted mean and variance of the raw values and of their signed logs. */
    final double[] mean;
    final double[] variance;
    final double[] logMean;
    final double[] logVariance;
    float[] lstmState = new float[0];
    int lstmStateSize;
    /** Forecast rows, newest first: {@code [row][step][forecast value]}, in the units of the input. */
    final double[] forecasts;
    /** Spreads of {@link #forecasts}, same layout, in the transformed units of the model that made them. */
    final double[] spreads;
    /** Half-widths of the issued intervals of {@link #forecasts}, same layout and units as {@link #spreads}. */
    final double[] halfWidths;
    /**
     * What set the width of each of {@link #halfWidths} ({@link IntervalCalibration#widthSetBy}), same layout: the
     * calibration learns from an event by how the interval issued for it was set, not by the key's spread when the
     * event comes.
     */
    final byte[] widthSetBy;
    /** The model's forecasts, same layout and units as {@link #forecasts}; NaN in a row made without a model. */
    final double[] modelForecasts;
    /**
     * The daily rhythm's forecasts ({@link DailyForecast}), same layout and units; NaN where it made none. In double
     * precision, as the issued forecasts: single precision, whose neighbours are 64 apart near 1e9, issued a large
     * key's rhythm forecasts and judged them in the forecaster choice on rounding.
     */
    final double[] dailyForecasts;
    /** The weekly rhythm's forecasts ({@link WeeklyForecast}), same layout, units and precision; NaN where none. */
    final double[] weeklyForecasts;
    /** Yesterday's forecasts ({@link YesterdayForecast}), same layout, units and precision; NaN where none. */
    final double[] yesterdayForecasts;
    /** Per forecaster, step and forecast value, the recent mean absolute error and the errors counted. */
    final float[] forecasterErrors;
    final long[] forecasterCounts;
    /** Per pair of forecasters, step and forecast value, the mean of the difference of their absolute errors on
     * the same events, its mean absolute deviation, and the events counted ({@link ForecasterChoice}). */
    final float[] pairMeans;
    final float[] pairSpreads;
    final long[] pairCounts;
    /** Per forecast value, the daily forecaster's last deviation and its weighted lagged products and squares. */
    final float[] dailyLag;
    /**
     * Per forecast value, how much of its deviation from the daily profile lasts each horizon step, learnt from its
     * deviations ({@link DeviationRegression}).
     */
    final float[] dailyRegression;
    /**
     * Per forecast value and half hour of the week, the weekly rhythm's mean signed-log value and its count; empty
     * without the weekly rhythm.
     */
    final float[] weeklyMeans;
    final byte[] weeklyCounts;
    /** Per forecast value, the weekly forecaster's last deviation and its weighted lagged products and squares. */
    final float[] weeklyLag;
    /** The earliest event time the weekly profile holds; {@link Long#MAX_VALUE} while it holds none. */
    long weeklyStart;
    /**
     * Per forecast value, the last day's deviations from the weekly profile by half hour and how much of them repeats
     * a day later ({@link DayLagDeviation}); empty without the weekly rhythm.
     */
    final float[] weeklyDayLag;
    /** The half hour of epoch time of the latest event in {@link #weeklyDayLag}; {@link DayLagDeviation#NONE} first. */
    long weeklyDayLagHalfHour;
    /**
     * Per forecast value, how much of its deviation from the weekly profile lasts each horizon step, learnt from its
     * deviations ({@link DeviationRegression}); empty without the weekly rhythm.
     */
    final float[] weeklyRegression;
    /**
     * The UTC day (days since the epoch) that {@link #dayFits} describe, {@link Long#MIN_VALUE} before the first, and
     * the time of the key's first event on it ({@link SimilarDay}).
     */
    long similarDay;
    long similarDayStart;
    /** Events the key has sent in on the current UTC day ({@link SimilarDay}). */
    int similarDayEvents;
    /**
     * Per forecast value, the mean squared deviation of the key's signed logs from its weekly profile at the start of
     * the current UTC day: how far its days usually stray from their own profile ({@link SimilarDay}); NaN when not
     * known for this day.
     */
    final float[] dayUsualSquares;
    /**
     * Per forecast value and day of the week, how that day's profile has fitted the current day (the sum of squared
     * deviations of its events' signed logs) and the last deviation from it; empty without the weekly rhythm.
     */
    final float[] dayFits;
    final float[] dayDeviations;
    /** Rows of {@link #forecasts} that hold forecasts, at most {@code horizon}. */
    int forecastRows;
    /** Per step and forecast value, the log of the factor that calibrates the interval widths of this key. */
    final double[] intervalScale;
    /**
     * Per step and forecast value, the weighted mean absolute error of the key's issued forecasts, in the units of the
     * key's value transform (raw units without one).
     */
    final double[] absoluteErrors;
    /** Per step, the number of errors folded into {@link #absoluteErrors}. */
    final long[] errorCounts;
    final long[] historyTimes;
    /** Scratch for the spacing between the history's events ({@link DailyForecast#spacing}); not stored. */
    final long[] intervals;
    /** The history's values, {@code [event][value]}, oldest first, in single precision, as the network reads them. */
    final float[] historyValues;
    int historySize;
    /**
     * The values of the key's last {@link #recentSize()} events as received, newest first ({@code [event][value]}):
     * persistence's forecasts of the events after them. The history's single precision would not do: its neighbours
     * are 64 apart near 1e9, so a counter there that moves by 1 would be forecast, and its forecasters and detector
     * judged, on rounding noise.
     */
    final double[] recentValues;
    final DetectorState anomaly;
    double lastRawScore;
    double lastLikelihood;
    /** Whether the key's last event was flagged an anomaly, as the stream decided it (refractory period included). */
    boolean lastAnomaly;

    /** Forecast steps per row (the configured horizon). */
    final int horizon;
    private final int forecastCount;
    /** The event values forecast, in order ({@link ForecastValues}). */
    private final int[] forecastIndices;

    /** @param weeklyRhythm whether the key keeps a weekly profile ({@link WeeklyForecast}); without, it has none */
    public KeyMemory(InputSpec spec, int historyLength, DetectorState anomaly, boolean weeklyRhythm) {
        int v = spec.valueDimension();
        this.horizon = spec.horizon();
        this.forecastCount = spec.forecastCount();
        this.forecastIndices = spec.forecastIndices();
        this.mean = new double[v];
        this.variance = new double[v];
        this.logMean = new double[v];
        this.logVariance = new double[v];
        int row = spec.forecastSize();
        this.forecasts = new double[horizon * row];
        this.spreads = new double[horizon * row];
        this.halfWidths = new double[horizon * row];
        this.widthSetBy = new byte[horizon * row];
        this.modelForecasts = new double[horizon * row];
        this.dailyForecasts = new double[horizon * row];
        this.weeklyForecasts = new double[horizon * row];
        this.yesterdayForecasts = new double[horizon * row];
        this.forecasterErrors = new float[ForecasterChoice.FORECASTERS * row];
        this.forecasterCounts = new long[ForecasterChoice.FORECASTERS * row];
        this.pairMeans = new float[ForecasterChoice.PAIRS * row];
        this.pairSpreads = new float[ForecasterChoice.PAIRS * row];
        this.pairCounts = new long[ForecasterChoice.PAIRS * row];
        this.dailyLag = new float[3 * forecastCount];
        int weeklySlots = weeklyRhythm ? WeeklyForecast.SLOTS * forecastCount : 0;
        this.weeklyMeans = new float[weeklySlots];
        this.weeklyCounts = new byte[weeklySlots];
        this.weeklyLag = new float[3 * forecastCount];
        this.weeklyDayLag = new float[weeklyRhythm ? DayLagDeviation.STRIDE * forecastCount : 0];
        this.weeklyRegression = new float[weeklyRhythm ? DeviationRegression.stride(horizon) * forecastCount : 0];
        this.dailyRegression = new float[DeviationRegression.stride(horizon) * forecastCount];
        this.dayFits = new float[weeklyRhythm ? SimilarDay.DAYS * forecastCount : 0];
        this.dayDeviations = new float[dayFits.length];
        this.dayUsualSquares = new float[weeklyRhythm ? forecastCount : 0];
        this.intervalScale = new double[row];
        this.absoluteErrors = new double[row];
        this.errorCounts = new long[horizon];
        this.historyTimes = new long[historyLength];
        this.intervals = new long[historyLength];
        this.historyValues = new float[historyLength * v];
        this.recentValues = new double[horizon * v];
        this.anomaly = anomaly;
    }

    /** Forgets everything: the state of a key never seen. */
    public void reset() {
        eventCount = 0;
        lastEventTime = Long.MIN_VALUE;
        lastPartition = InputPosition.NONE;
        lastOffset = InputPosition.NONE;
        modelVersion = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(variance, 0);
        Arrays.fill(logMean, 0);
        Arrays.fill(logVariance, 0);
        lstmStateSize = 0;
        forecastRows = 0;
        forgetForecasters();
        Arrays.fill(intervalScale, 0);
        Arrays.fill(absoluteErrors, 0);
        Arrays.fill(errorCounts, 0);
        historySize = 0;
        anomaly.reset();
        lastRawScore = 0;
        lastLikelihood = 0;
        lastAnomaly = false;
    }

    /** Forgets how the days of the week have fitted the current day: the next event starts a day afresh. */
    void forgetSimilarDay() {
        similarDay = Long.MIN_VALUE;
        similarDayStart = Long.MIN_VALUE;
        similarDayEvents = 0;
        Arrays.fill(dayUsualSquares, Float.NaN);
        Arrays.fill(dayFits, 0f);
        Arrays.fill(dayDeviations, Float.NaN);
    }

    /** Forgets the model's and the rhythms' forecasts, the weekly profile and every forecaster's record. */
    void forgetForecasters() {
        Arrays.fill(modelForecasts, Double.NaN);
        Arrays.fill(dailyForecasts, Double.NaN);
        Arrays.fill(yesterdayForecasts, Double.NaN);
        Arrays.fill(weeklyForecasts, Double.NaN);
        Arrays.fill(weeklyMeans, 0f);
        Arrays.fill(weeklyCounts, (byte) 0);
        weeklyStart = Long.MAX_VALUE;
        DayLagDeviation.forget(weeklyDayLag);
        weeklyDayLagHalfHour = DayLagDeviation.NONE;
        DeviationRegression.forget(weeklyRegression, horizon);
        DeviationRegression.forget(dailyRegression, horizon);
        forgetSimilarDay();
        Arrays.fill(forecasterErrors, 0f);
        Arrays.fill(forecasterCounts, 0);
        Arrays.fill(pairMeans, 0f);
        Arrays.fill(pairSpreads, 0f);
        Arrays.fill(pairCounts, 0);
        for (int j = 0; j < forecastCount; j++) {
            DeviationCarryOver.forget(dailyLag, j);
            DeviationCarryOver.forget(weeklyLag, j);
        }
    }

    public long eventCount() {
        return eventCount;
    }

    /** The largest event time the key has seen. */
    public long lastEventTime() {
        return lastEventTime;
    }

    /** The input partition of the last record the key applied, or {@link InputPosition#NONE}. */
    public int lastPartition() {
        return lastPartition;
    }

    /** The offset in {@link #lastPartition()} of the last record the key applied, or {@link InputPosition#NONE}. */
    public long lastOffset() {
        return lastOffset;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public int valueDimension() {
        return mean.length;
    }

    public int historyLength() {
        return historyTimes.length;
    }

    public int historySize() {
        return historySize;
    }

    int horizon() {
        return horizon;
    }

    int forecastCount() {
        return forecastCount;
    }

    /** The index among the event's values of forecast value {@code j}. */
    int forecastIndex(int j) {
        return forecastIndices[j];
    }

    /** Forecasts in a row: {@code horizon} steps of every forecast value. */
    int slots() {
        return horizon * forecastCount;
    }

    /** Offset in the forecast arrays of row {@code row}, step {@code step} (1-based), forecast value {@code j}. */
    int at(int row, int step, int j) {
        return (row * horizon + step - 1) * forecastCount + j;
    }

    /** Makes room for a new newest row: every row moves one back and the oldest falls off. */
    void pushForecastRow() {
        int row = horizon * forecastCount;
        int kept = Math.min(forecastRows, horizon - 1);
        System.arraycopy(forecasts, 0, forecasts, row, kept * row);
        System.arraycopy(spreads, 0, spreads, row, kept * row);
        System.arraycopy(halfWidths, 0, halfWidths, row, kept * row);
        System.arraycopy(widthSetBy, 0, widthSetBy, row, kept * row);
        System.arraycopy(modelForecasts, 0, modelForecasts, row, kept * row);
        System.arraycopy(dailyForecasts, 0, dailyForecasts, row, kept * row);
        System.arraycopy(yesterdayForecasts, 0, yesterdayForecasts, row, kept * row);
        System.arraycopy(weeklyForecasts, 0, weeklyForecasts, row, kept * row);
        forecastRows = kept + 1;
    }

    /**
     * Signed-log scaling statistics estimated from the raw ones (to first order, as the delta method does), for a
     * state stored before they were kept.
     */
    void deriveLogScaling() {
        for (int j = 0; j < mean.length; j++) {
            double slope = 1 / (1 + Math.abs(mean[j]));
            logMean[j] = Math.copySign(Math.log1p(Math.abs(mean[j])), mean[j]);
            logVariance[j] = variance[j] * slope * slope;
        }
    }

    /** Makes {@code row} ({@code [step][forecast value]}) the only forecast row, without spreads or intervals. */
    void restoreForecastRow(double[] row) {
        int size = horizon * forecastCount;
        System.arraycopy(row, 0, forecasts, 0, size);
        Arrays.fill(spreads, 0, size, Double.NaN);
        Arrays.fill(halfWidths, 0, size, Double.NaN);
        Arrays.fill(widthSetBy, 0, size, IntervalCalibration.SCALED);
        forecastRows = 1;
    }

    float[] lstmState(int size) {
        if (lstmState.length < size) {
            lstmState = new float[size];
        }
        lstmStateSize = size;
        return lstmState;
    }

    /** Events whose values {@link #recentValues} holds: the last {@code horizon}, or all the history has. */
    int recentSize() {
        return Math.min(horizon, historySize);
    }

    /**
     * The value at index {@code value} of the event {@code back} events before the key's newest (0 for the newest), as
     * received; NaN when that event is not among the {@link #recentSize()} kept.
     */
    double recentValue(int back, int value) {
        return back < recentSize() ? recentValues[back * mean.length + value] : Double.NaN;
    }

    /**
     * Takes the recent values of events {@code from} and more back from the history, rounded as it holds them: for a
     * state stored without them, or with fewer than the horizon now asks for.
     */
    void recentValuesFromHistory(int from) {
        int v = mean.length;
        for (int back = from; back < recentSize(); back++) {
            for (int j = 0; j < v; j++) {
                recentValues[back * v + j] = historyValues[(historySize - 1 - back) * v + j];
            }
        }
    }

    void appendHistory(long time, double[] values) {
        int v = mean.length;
        System.arraycopy(recentValues, 0, recentValues, v, recentValues.length - v);
        System.arraycopy(values, 0, recentValues, 0, v);
        if (historySize == historyTimes.length) {
            System.arraycopy(historyTimes, 1, historyTimes, 0, historySize - 1);
            System.arraycopy(historyValues, v, historyValues, 0, (historySize - 1) * v);
            historySize--;
        }
        historyTimes[historySize] = time;
        for (int j = 0; j < v; j++) {
            historyValues[historySize * v + j] = (float) values[j];
        }
        historySize++;
    }
}

package io.streamcast.predict;

/**
 * The daily-rhythm forecaster: what the value usually is at the forecast's hour of the day (the key's daily profile,
 * kept by its anomaly detector), plus the key's present deviation from its usual value, fading as the key's
 * deviations fade: {@code usual(t + k) + rho^k (x - usual(t))}, where {@code rho} is the lag-one autocorrelation of
 * the key's deviations from its profile ({@link DeviationCarryOver}, between 0 and 1). A day running high stays high
 * for a while; on a noisy key the forecast is soon the usual value for that hour, a smoothed seasonal naive. Where the
 * key's deviations last longer than that fading says, each step's deviation is forecast by a regression learnt from
 * them ({@link DeviationRegression}; on the present and smoothed deviations, yesterday's not being kept for the day).
 * Steps are placed in the day at the key's mean event spacing over its history.
 *
 * <p>State per forecast value, in {@link KeyMemory#dailyLag}: the last deviation (NaN when the last event's hour
 * was not yet known), and the weighted sums of lagged products and of squares; and the deviations' regression, in
 * {@link KeyMemory#dailyRegression}.
 */
final class DailyForecast {

    private DailyForecast() {
    }

    /** Folds the event's value {@code x} of forecast value {@code j}, after the daily profile took it in. */
    static void fold(KeyMemory state, int j, double x, long eventTime) {
        double deviation = deviation(state, j, x, eventTime);
        DeviationRegression.fold(state.dailyRegression, j, state.horizon, state.eventCount, deviation, 0, 0, true,
                DeviationCarryOver.carryOver(state.dailyLag, j), 0);
        DeviationCarryOver.fold(state.dailyLag, j, deviation);
    }

    /**
     * How much of the key's present deviation from its profile carries over to the next event: the deviations'
     * lag-one autocorrelation, between 0 and 1; 0 for a key that has never strayed from its profile.
     */
    static double carryOver(KeyMemory state, int j) {
        return DeviationCarryOver.carryOver(state.dailyLag, j);
    }

    /** How far the value {@code x} of forecast value {@code j} lies from its usual value at {@code eventTime}. */
    static double deviation(KeyMemory state, int j, double x, long eventTime) {
        return x - state.anomaly.usual(j, eventTime);
    }

    /**
     * The forecast of forecast value {@code j} for {@code at}, {@code step} events ahead, given the present {@link
     * #deviation} and the share {@code carried} of it that carries over that far, or the deviation the key's regression
     * forecasts for that step where it has lately forecast better ({@link DeviationRegression#forecast}); NaN while the
     * profile does not know one of the two hours.
     */
    static double forecast(KeyMemory state, int j, long at, int step, double deviation, double carried) {
        double usual = state.anomaly.usual(j, at);
        if (!Double.isFinite(usual)) {
            return Double.NaN;
        }
        double learnt = DeviationRegression.forecast(state.dailyRegression, j, state.horizon, step, deviation, 0);
        return usual + (Double.isFinite(learnt) ? learnt : carried * deviation);
    }

    /** The key's mean event spacing over its history, in milliseconds; NaN with fewer than two events. */
    static double spacing(KeyMemory state) {
        int n = state.historySize;
        return n < 2 ? Double.NaN : (double) (state.historyTimes[n - 1] - state.historyTimes[0]) / (n - 1);
    }
}

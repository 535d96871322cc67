package io.streamcast.predict;

import java.util.Arrays;

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

    /** Intervals longer than this many times the history's median interval are an outage, not the key's spacing. */
    static final int OUTAGE_INTERVALS = 10;

    /**
     * The key's mean event spacing over its history, in milliseconds, leaving out intervals longer than {@value
     * #OUTAGE_INTERVALS} times the median one; NaN with fewer than two events. Why leave them out: after an outage of
     * two days, the mean over the 64 events since the one before it put a 5-minute key's spacing at 50 minutes for 63
     * events, placing every rhythm forecast at the wrong time of day and shrinking the profiles' memories tenfold. A
     * mean rather than the median: a key whose events come at random (a Poisson stream) has a median interval 0.7 of
     * its mean, and its k-th next event comes k mean intervals on.
     */
    static double spacing(KeyMemory state) {
        int n = state.historySize;
        if (n < 2) {
            return Double.NaN;
        }
        long[] intervals = state.intervals;
        long shortest = Long.MAX_VALUE;
        long longest = Long.MIN_VALUE;
        for (int i = 1; i < n; i++) {
            long interval = state.historyTimes[i] - state.historyTimes[i - 1];
            intervals[i - 1] = interval;
            shortest = Math.min(shortest, interval);
            longest = Math.max(longest, interval);
        }
        double mean = (double) (state.historyTimes[n - 1] - state.historyTimes[0]) / (n - 1);
        if (shortest > 0 && longest <= OUTAGE_INTERVALS * shortest) {
            // no interval can be that far above the median: the plain mean, without sorting (a regular key)
            return mean;
        }
        if (shortest < 0) {
            mean = (double) intervalsInTimeOrder(state) / (n - 1);
        }
        Arrays.sort(intervals, 0, n - 1);
        long median = intervals[(n - 2) / 2];
        if (median <= 0) {
            return mean;
        }
        long sum = 0;
        int count = 0;
        for (int i = 0; i < n - 1 && intervals[i] <= OUTAGE_INTERVALS * median; i++) {
            sum += intervals[i];
            count++;
        }
        return (double) sum / count;
    }

    /**
     * Sets the key's intervals to those between its history's times in time order and returns the span they cover.
     * Why: an event applied late (within the grace) makes an interval back and a longer one forward to the next event,
     * which together span the key's usual interval; the forward one, many times the median, was left out as an outage,
     * and the mean of the rest put a minute key's spacing at 2 seconds, its rhythm forecasts 45 steps ahead within the
     * latest half hour.
     */
    private static long intervalsInTimeOrder(KeyMemory state) {
        int n = state.historySize;
        long[] intervals = state.intervals;
        System.arraycopy(state.historyTimes, 0, intervals, 0, n);
        Arrays.sort(intervals, 0, n);
        long span = intervals[n - 1] - intervals[0];
        for (int i = 0; i < n - 1; i++) {
            intervals[i] = intervals[i + 1] - intervals[i];
        }
        return span;
    }
}

package io.streamcast.predict;

/**
 * The yesterday forecaster: the value a day before the forecast's time, plus how far the key now runs above or below
 * where it ran a day ago: {@code x(t + k - day) + (x(t) - x(t - day))}, both taken from the key's history. A seasonal
 * naive forecast that starts from today's level.
 *
 * <p>Why: the daily rhythm forecasts from each hour's mean over about 8 days, so on a key whose day changes shape
 * slowly (a temperature through the seasons, a load that grows) its forecast lags by half that span. Yesterday's
 * values carry the newest shape, and today's offset from them the newest level: on a smooth key the forecast's error
 * is only how much the day-to-day change itself changed. On a noisy key it adds two values' noise, and the forecaster
 * choice then keeps it out.
 *
 * <p>It needs no state of its own: it forecasts only where the key's history reaches a day back from the event and
 * from each forecast's time, each to within half the key's event spacing (with the default history of 64 events,
 * keys that send an event every 23 minutes or less often), and is NaN otherwise.
 */
final class YesterdayForecast {

    static final long DAY_MILLIS = 86_400_000L;

    private YesterdayForecast() {
    }

    /**
     * How far the key's value at history index {@code value} now runs above where it ran a day ago: its latest event,
     * at {@code latestTime}, less the event a day before it; NaN where the history does not reach a day back. The same
     * for every step of a forecast row, so taken once per row.
     */
    static double offset(KeyMemory state, int value, long latestTime, double spacing) {
        // a day back first: most keys' histories do not reach it, and it ends after one search where they do not
        double dayBefore = valueNear(state, value, latestTime - DAY_MILLIS, spacing);
        return Double.isNaN(dayBefore) ? Double.NaN : valueNear(state, value, latestTime, spacing) - dayBefore;
    }

    /**
     * The forecast of the key's value at history index {@code value} for {@code at}, given the key's present
     * {@link #offset}; NaN where that is NaN or the history does not reach a day back from {@code at}.
     */
    static double forecast(KeyMemory state, int value, long at, double spacing, double offset) {
        return Double.isNaN(offset) ? Double.NaN : valueNear(state, value, at - DAY_MILLIS, spacing) + offset;
    }

    /**
     * The history's value at index {@code value} of the event nearest {@code time} within half the key's event
     * {@code spacing} (of two as near, the one applied later); NaN where there is none. The whole history is
     * searched: an event applied late (within the grace) stands after later ones, and the search, which stopped at the
     * first event before {@code time}, found no value for the key's latest time when the event before it came late,
     * or took the late one. Nor does it stop before the oldest event kept: that is the oldest to arrive, and a late
     * one that arrived after it holds an earlier time.
     */
    static double valueNear(KeyMemory state, int value, long time, double spacing) {
        int nearest = -1;
        long nearestDistance = Long.MAX_VALUE;
        for (int i = state.historySize - 1; i >= 0; i--) {
            long distance = Math.abs(state.historyTimes[i] - time);
            if (distance <= spacing / 2 && distance < nearestDistance) {
                nearest = i;
                nearestDistance = distance;
            }
        }
        return nearest < 0 ? Double.NaN : state.historyValues[nearest * state.valueDimension() + value];
    }
}

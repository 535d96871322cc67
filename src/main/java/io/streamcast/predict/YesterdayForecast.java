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
        return valueNear(state, value, latestTime, spacing)
                - valueNear(state, value, latestTime - DAY_MILLIS, spacing);
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
     * {@code spacing}; NaN where there is none.
     */
    static double valueNear(KeyMemory state, int value, long time, double spacing) {
        if (state.historySize == 0 || time < state.historyTimes[0] - spacing / 2) {
            // before the history: a key whose history spans less than a day looks no further
            return Double.NaN;
        }
        int dimension = state.valueDimension();
        for (int i = state.historySize - 1; i >= 0; i--) {
            long distance = state.historyTimes[i] - time;
            if (Math.abs(distance) <= spacing / 2) {
                return state.historyValues[i * dimension + value];
            }
            if (distance < 0) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}

package io.streamcast.predict;

import java.util.Arrays;

/**
 * Which day of the week's profile the weekly rhythm forecasts the rest of today from: today's, unless today has so
 * far looked clearly more like another day of the week. Per forecast value and day of the week it keeps, for the
 * key's events of the current UTC day, the sum of squared deviations of their signed logs from that day of the
 * week's profile at the same half hours, and the last such deviation. Once today's events cover
 * {@value #MIN_HOURS} hours and the profile is {@value #MIN_WEEKS} weeks old, a day of the week whose profile has
 * fitted today with less than {@value #MARGIN} of today's own squared deviations (and fitted best) forecasts the
 * rest of the day, with the key's present deviation from it carried over, provided today is unusual: its mean
 * squared deviation from its own day's profile is more than {@value #UNUSUAL} times the key's usual one at the
 * day's start (its deviations three times their usual size).
 *
 * <p>Why: a public holiday looks like a Sunday, a bridge day like a Saturday; the weekly rhythm, forecasting every
 * half hour of a holiday Thursday from what Thursdays usually do, misses all of it. Forecasting the rest of such a day
 * from the day it resembles is the similar-day rule of load forecasting. The minimum age asks for a profile of
 * several weeks, whose days differ by more than the noise of a single week; the minimum hours for enough of the day
 * to tell days apart. The unusual day: on a real series whose weekdays share one shape (half-hourly electricity
 * demand), a slow seasonal fall made Monday's profile, or Saturday's at night, fit ordinary weekdays better than
 * their own by chance, and forecasting from them made its forecasts worse; a day that only drifts with the season
 * strays from its own profile about as much as the days before it did, a holiday far more.
 *
 * <p>State in {@link KeyMemory}: {@link KeyMemory#similarDay}, {@link KeyMemory#similarDayStart},
 * {@link KeyMemory#similarDayEvents}, {@link KeyMemory#dayUsualSquares}, {@link KeyMemory#dayFits},
 * {@link KeyMemory#dayDeviations}.
 */
final class SimilarDay {

    static final int DAYS = 7;
    /** Hours of the current day a key's events must cover before the day it resembles can be told. */
    static final int MIN_HOURS = 3;
    /** Weeks the weekly profile must hold. */
    static final int MIN_WEEKS = 3;
    /** How much smaller another day's squared deviations must be than today's own to forecast from it. */
    static final double MARGIN = 0.5;
    /** How much larger than usual today's mean squared deviation from its own profile must be to forecast otherwise. */
    static final double UNUSUAL = 9;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    private SimilarDay() {
    }

    /**
     * Starts a new day's fits when {@code eventTime} falls on a later UTC day than the day being fitted, and counts the
     * event as one of its day's. A late event from an earlier day (the late-event policy applies events up to its grace
     * late) neither restarts nor joins today's fits.
     */
    static void startEvent(KeyMemory state, long eventTime) {
        long day = Math.floorDiv(eventTime, DAY_MILLIS);
        if (day < state.similarDay) {
            return;
        }
        if (day > state.similarDay) {
            state.similarDay = day;
            state.similarDayStart = eventTime;
            state.similarDayEvents = 0;
            for (int j = 0; j < state.dayUsualSquares.length; j++) {
                state.dayUsualSquares[j] = (float) DeviationCarryOver.meanSquare(state.weeklyLag, j);
            }
            Arrays.fill(state.dayFits, 0f);
            Arrays.fill(state.dayDeviations, Float.NaN);
        }
        // saturates rather than wraps: a day is never judged on a negative count
        state.similarDayEvents = Math.max(state.similarDayEvents, state.similarDayEvents + 1);
    }

    /**
     * Folds the signed log {@code z} of forecast value {@code j}, at {@code eventTime}, into each day of the week's
     * fit of today, before the profile takes it in. A day of the week whose half hour the profile has not seen can no
     * longer fit today. A late event from an earlier day is left out.
     */
    static void fold(KeyMemory state, int j, double z, long eventTime) {
        if (Math.floorDiv(eventTime, DAY_MILLIS) != state.similarDay) {
            return;
        }
        for (int d = 0; d < DAYS; d++) {
            int slot = j * WeeklyForecast.SLOTS + WeeklyForecast.slot(d, eventTime);
            int at = j * DAYS + d;
            if (state.weeklyCounts[slot] > 0) {
                double deviation = z - state.weeklyMeans[slot];
                state.dayFits[at] += (float) (deviation * deviation);
                state.dayDeviations[at] = (float) deviation;
            } else {
                state.dayFits[at] = Float.POSITIVE_INFINITY;
            }
        }
    }

    /**
     * The day of the week (0 for Monday) whose profile forecasts forecast value {@code j} at {@code at}: another day
     * than {@code at}'s own when the rule above picks one for {@code at}'s day, else -1 (forecast as usual).
     */
    static int dayFor(KeyMemory state, int j, long at) {
        if (Math.floorDiv(at, DAY_MILLIS) != state.similarDay || state.dayFits.length == 0
                || state.lastEventTime - state.similarDayStart < MIN_HOURS * HOUR_MILLIS
                || at - MIN_WEEKS * WeeklyForecast.WEEK_MILLIS < state.weeklyStart) {
            return -1;
        }
        int today = WeeklyForecast.slot(at) / WeeklyForecast.HALF_HOURS_PER_DAY;
        int best = today;
        for (int d = 0; d < DAYS; d++) {
            if (state.dayFits[j * DAYS + d] < state.dayFits[j * DAYS + best]) {
                best = d;
            }
        }
        double own = state.dayFits[j * DAYS + today];
        return best != today && state.dayFits[j * DAYS + best] < MARGIN * own && unusual(state, j, own) ? best : -1;
    }

    /**
     * Whether today's squared deviations from its own day's profile, {@code ownFit}, are more than {@link #UNUSUAL}
     * times what the key's days usually show over as many events; false while that is not known: the usual squares
     * unknown (NaN), or today's own profile missing one of today's half hours (an infinite fit, which says nothing
     * of how far today strays from it).
     */
    private static boolean unusual(KeyMemory state, int j, double ownFit) {
        return Double.isFinite(ownFit) && ownFit > UNUSUAL * state.dayUsualSquares[j] * state.similarDayEvents;
    }
}

package io.streamcast.predict;

import io.streamcast.schema.ValueTransform;

/**
 * The weekly-rhythm forecaster: what the value usually is at the forecast's half hour of the week (UTC, weeks from
 * Monday), plus the key's present deviation from its usual value, fading as the key's deviations fade, towards the
 * share of yesterday's deviation at the forecast's half hour that usually repeats a day later ({@link
 * DayLagDeviation}): {@code usual(t + k) + rho^k (z - usual(t)) + (1 - rho^k) beta d(t + k - 1 day)}, as {@link
 * DailyForecast} fades for the hour of the day, but on the signed-log scale ({@code z} the value's signed log), so that
 * a busy week's deviation is a factor, the same at every hour. Once a key's own deviations show that more of them
 * lasts (a lasting offset under event-to-event noise, which the fading drops too soon), each step's deviation is
 * forecast by a regression learnt from them instead ({@link DeviationRegression}). Each half hour's usual value is a
 * running mean that weighs its events equally up to a memory and then forgets; the memory is the daily profile's span
 * in periods (8 1/3 weeks here as 8 1/3 days there), turned into events by the key's mean spacing.
 *
 * <p>Why: many keys (traffic, sales, sign-ups) run on a weekly rhythm whose weekdays differ, and at the resolution
 * of their own events: a daily profile of hourly means blurs both. A key whose week holds nothing the day does not is
 * forecast as well by its daily rhythm or its model, and the forecaster choice keeps those there.
 *
 * <p>It forecasts a time only once the profile is a week older than it ({@link KeyMemory#weeklyStart}, the earliest
 * event folded): before that, the half hour's mean is only the mean of the same half hour's events so far this week.
 *
 * <p>State per forecast value, in {@link KeyMemory}: the {@value #SLOTS} half hours' means and counts
 * ({@link KeyMemory#weeklyMeans}, {@link KeyMemory#weeklyCounts}; a count of 0 marks a half hour not yet seen), and
 * the last deviation with the weighted lagged products and squares ({@link KeyMemory#weeklyLag}), the last day's
 * deviations ({@link KeyMemory#weeklyDayLag}) and the deviations' regression ({@link KeyMemory#weeklyRegression}).
 */
final class WeeklyForecast {

    /** Half hours in a week. */
    static final int HALF_HOURS_PER_DAY = 48;
    static final int SLOTS = 7 * HALF_HOURS_PER_DAY;
    static final long SLOT_MILLIS = 30 * 60_000L;
    /** The daily profile's memory in days, as weeks: 100 events of an hour at five-minute spacing. */
    static final double MEMORY_WEEKS = 100.0 / 12;
    /** Events a half hour needs before the detector judges the key against it. */
    static final int MIN_COUNT = 3;
    /** Largest count a half hour keeps (its byte in the stored state). */
    static final int MAX_MEMORY = 127;
    /** 1970-01-01, day 0 of epoch time, was a Thursday: 3 days after a Monday. */
    private static final long DAYS_FROM_MONDAY = 3;
    private static final long DAY_MILLIS = 86_400_000L;
    static final long WEEK_MILLIS = 7 * DAY_MILLIS;

    private WeeklyForecast() {
    }

    /** The half hour of the week {@code time} falls in, 0 at Monday 00:00 UTC. */
    static int slot(long time) {
        return slot((int) Math.floorMod(Math.floorDiv(time, DAY_MILLIS) + DAYS_FROM_MONDAY, 7), time);
    }

    /** The half hour of the week at {@code time}'s half hour of the day on day {@code dayOfWeek} (0 for Monday). */
    static int slot(int dayOfWeek, long time) {
        return (int) (dayOfWeek * HALF_HOURS_PER_DAY + Math.floorMod(time, DAY_MILLIS) / SLOT_MILLIS);
    }

    /**
     * Events a half hour remembers at a mean event spacing of {@code spacingMillis}: {@link #MEMORY_WEEKS} weeks of
     * them, at least one a week; the most a count holds while the spacing is unknown.
     */
    static int memory(double spacingMillis) {
        if (!(spacingMillis > 0)) {
            return MAX_MEMORY;
        }
        double perWeek = Math.max(1, SLOT_MILLIS / spacingMillis);
        return (int) Math.max(1, Math.min(MAX_MEMORY, Math.round(MEMORY_WEEKS * perWeek)));
    }

    /**
     * What forecast value {@code j} usually is at {@code time}'s half hour of the week, in the value's units, for the
     * detector's weekly deviation; NaN while the profile is less than a week older than {@code time} or the half hour
     * has fewer than {@value #MIN_COUNT} events (as an hour of the daily profile needs).
     */
    static double usualValue(KeyMemory state, int j, long time) {
        if (state.weeklyCounts.length == 0 || time - WEEK_MILLIS < state.weeklyStart) {
            return Double.NaN;
        }
        int i = j * SLOTS + slot(time);
        return state.weeklyCounts[i] < MIN_COUNT ? Double.NaN
                : ValueTransforms.invert(ValueTransform.SIGNED_LOG, state.weeklyMeans[i]);
    }

    /**
     * Folds the event's value {@code x} of forecast value {@code j} into its half hour, then the deviation of the
     * value from the half hour's mean into the deviations' autocorrelation, their regression and the last day's;
     * {@code memory} is {@link #memory} at the key's spacing and {@code dayEarlierSteps} {@link
     * #stepsKnowingDayEarlier}, both turned once per event.
     */
    static void fold(KeyMemory state, int j, double x, long eventTime, int memory, int dayEarlierSteps) {
        if (state.weeklyCounts.length == 0) {
            return;
        }
        state.weeklyStart = Math.min(state.weeklyStart, eventTime);
        double z = ValueTransforms.apply(ValueTransform.SIGNED_LOG, x);
        SimilarDay.fold(state, j, z, eventTime);
        int i = j * SLOTS + slot(eventTime);
        int count = Math.min(state.weeklyCounts[i] + 1, memory);
        state.weeklyCounts[i] = (byte) count;
        state.weeklyMeans[i] += (float) ((z - state.weeklyMeans[i]) / count);
        double deviation = z - state.weeklyMeans[i];
        DeviationCarryOver.fold(state.weeklyLag, j, deviation);
        // a day forecast from another day's profile (a holiday) says nothing of tomorrow: none of it is kept for it
        boolean unusualDay = SimilarDay.dayFor(state, j, eventTime) >= 0;
        if (unusualDay) {
            DayLagDeviation.forgetSince(state.weeklyDayLag, j, state.weeklyDayLagHalfHour, state.similarDayStart);
        }
        DeviationRegression.fold(state.weeklyRegression, j, state.horizon, state.eventCount, deviation,
                DayLagDeviation.dayEarlier(state.weeklyDayLag, j, state.weeklyDayLagHalfHour, eventTime),
                dayEarlierSteps, !unusualDay,
                DeviationCarryOver.carryOver(state.weeklyLag, j), DayLagDeviation.share(state.weeklyDayLag, j));
        DayLagDeviation.fold(state.weeklyDayLag, j, state.weeklyDayLagHalfHour, eventTime,
                unusualDay ? Double.NaN : deviation);
    }

    /**
     * How many steps ahead a forecast of the event at {@code eventTime} (just appended to the key's history) could
     * have known the deviation a day before its half hour: those made after an event at or past that half hour. One
     * made earlier took 0 for it ({@link DayLagDeviation#dayEarlier}). 0 without the weekly rhythm.
     */
    static int stepsKnowingDayEarlier(KeyMemory state, long eventTime) {
        if (state.weeklyCounts.length == 0) {
            return 0;
        }
        long dayEarlier = DayLagDeviation.halfHour(eventTime) - HALF_HOURS_PER_DAY;
        int steps = 0;
        for (int k = 1; k <= state.horizon; k++) {
            int origin = state.historySize - 1 - k;
            if (origin < 0 || DayLagDeviation.halfHour(state.historyTimes[origin]) < dayEarlier) {
                break;
            }
            steps = k;
        }
        return steps;
    }

    /** Moves the last day's deviations ({@link DayLagDeviation}) to the half hour of an event about to be folded. */
    static void startEvent(KeyMemory state, long eventTime) {
        if (state.weeklyDayLag.length > 0) {
            state.weeklyDayLagHalfHour = DayLagDeviation.advance(state.weeklyDayLag,
                    state.weeklyDayLag.length / DayLagDeviation.STRIDE, state.weeklyDayLagHalfHour, eventTime);
        }
    }

    /** The share of a deviation that repeats a day later, between 0 and 1; 0 without the weekly rhythm or a record. */
    static double dayLagShare(KeyMemory state, int j) {
        return state.weeklyDayLag.length == 0 ? 0 : DayLagDeviation.share(state.weeklyDayLag, j);
    }

    /** The deviations' lag-one autocorrelation, between 0 and 1; 0 for a key that never strayed from its week. */
    static double carryOver(KeyMemory state, int j) {
        return DeviationCarryOver.carryOver(state.weeklyLag, j);
    }

    /**
     * The forecast of forecast value {@code j} for {@code at}, {@code step} events ahead, in the value's units, with
     * the share {@code carried} of the present deviation carried over and the rest fading to {@code dayLagShare}
     * ({@link #dayLagShare}) of yesterday's deviation at {@code at}'s half hour, or with the deviation the key's
     * regression forecasts for that step where it has lately forecast better ({@link DeviationRegression#forecast});
     * NaN without the weekly rhythm, while the profile is less than a week older than {@code at} or where it does not
     * know {@code at}'s half hour. On a day that has so far looked clearly more like another day of the week
     * ({@link SimilarDay}), from that day's profile and the present deviation from it.
     */
    static double forecast(KeyMemory state, int j, long at, int step, double carried, double dayLagShare) {
        if (state.weeklyCounts.length == 0 || at - WEEK_MILLIS < state.weeklyStart) {
            return Double.NaN;
        }
        int similar = SimilarDay.dayFor(state, j, at);
        int i = j * SLOTS + (similar >= 0 ? slot(similar, at) : slot(at));
        double usual = state.weeklyCounts[i] > 0 ? state.weeklyMeans[i] : Double.NaN;
        if (!Double.isFinite(usual)) {
            return Double.NaN;
        }
        double deviation = similar >= 0 ? state.dayDeviations[j * SimilarDay.DAYS + similar] : state.weeklyLag[3 * j];
        // yesterday's deviation at the forecast's half hour, which neither the regression nor the fading uses on a day
        // forecast from another day's profile
        double dayEarlier = similar >= 0 ? 0
                : DayLagDeviation.dayEarlier(state.weeklyDayLag, j, state.weeklyDayLagHalfHour, at);
        if (similar < 0) {
            double learnt = DeviationRegression.forecast(state.weeklyRegression, j, state.horizon, step, deviation,
                    dayEarlier);
            if (Double.isFinite(learnt)) {
                return ValueTransforms.invert(ValueTransform.SIGNED_LOG, usual + learnt);
            }
        }
        // what the present deviation fades to: the share of the day-earlier deviation that usually repeats
        double fadesTo = dayLagShare * dayEarlier;
        return Double.isFinite(deviation)
                ? ValueTransforms.invert(ValueTransform.SIGNED_LOG, usual + carried * deviation
                        + (1 - carried) * fadesTo) : Double.NaN;
    }
}

package io.streamcast.predict;

import java.util.Arrays;

/**
 * How much of a key's deviation from its weekly profile at a half hour of the day repeats at the same half hour the
 * next day: the regression share of a deviation on the deviation a day earlier (weighted over about {@value #MEMORY}
 * events, kept between 0 and 1), and the deviations of the last day's half hours to apply it to.
 *
 * <p>Why: the weekly rhythm's present deviation fades step by step, and with it the forecast falls back on the
 * profile, which is weeks of memory. A key whose day departs from its profile in the same way as the day before (a
 * timetable changed this month, a season the profile has not caught up with) is then forecast as its old weeks,
 * half hour after half hour. The share of yesterday's deviation that usually repeats is what the fading deviation
 * falls back on instead; a key whose days do not repeat their deviations has a share near 0 and is forecast as
 * before. A day forecast from another day's profile (a holiday, {@link SimilarDay}) keeps none of its deviations for
 * the next ({@link #forgetSince}): they say nothing of it.
 *
 * <p>State per forecast value {@code j}, {@value #STRIDE} floats from {@code STRIDE j} of an array the caller keeps:
 * the latest deviation in each of the last {@value #RING} half hours (a ring by half hour of epoch time, NaN where
 * the key sent nothing), then the weighted sums of products with the day-earlier deviation and of its squares; and,
 * shared by the forecast values, the half hour of epoch time of the latest event folded.
 */
final class DayLagDeviation {

    /** Events over which the share is weighted, as for the lag-one carry-over ({@link DeviationCarryOver}). */
    static final int MEMORY = DeviationCarryOver.MEMORY;
    private static final double DECAY = 1 - 1.0 / MEMORY;
    private static final int HALF_HOURS_PER_DAY = WeeklyForecast.HALF_HOURS_PER_DAY;
    /** A day of half hours and the current one: the same half hour yesterday is still kept during today's. */
    static final int RING = HALF_HOURS_PER_DAY + 1;
    static final int STRIDE = RING + 2;
    /** The half hour of no event yet. */
    static final long NONE = Long.MIN_VALUE;

    private DayLagDeviation() {
    }

    static long halfHour(long time) {
        return Math.floorDiv(time, WeeklyForecast.SLOT_MILLIS);
    }

    /** Whether {@code halfHour} is the half hour of some event time ({@link #NONE} is not). */
    static boolean isHalfHour(long halfHour) {
        return halfHour >= halfHour(Long.MIN_VALUE) && halfHour <= halfHour(Long.MAX_VALUE);
    }

    /**
     * Moves the ring to {@code time}'s half hour, forgetting the half hours the key skipped; returns the half hour to
     * fold into. An event earlier than the latest one stays in the latest half hour's ring, or is not kept when its
     * half hour has left it.
     */
    static long advance(float[] lags, int values, long latest, long time) {
        long half = halfHour(time);
        if (latest == NONE || half - latest >= RING) {
            for (int j = 0; j < values; j++) {
                Arrays.fill(lags, j * STRIDE, j * STRIDE + RING, Float.NaN);
            }
        } else {
            for (long h = latest + 1; h <= half; h++) {
                for (int j = 0; j < values; j++) {
                    lags[j * STRIDE + ring(h)] = Float.NaN;
                }
            }
        }
        return latest == NONE ? half : Math.max(latest, half);
    }

    /**
     * Folds forecast value {@code j}'s newest {@code deviation} (NaN when there is none) at {@code time}: with the
     * deviation of the same half hour a day earlier into the share, then into the ring. {@code latest} is the half
     * hour {@link #advance} returned for the event.
     */
    static void fold(float[] lags, int j, long latest, long time, double deviation) {
        long half = halfHour(time);
        if (latest - half >= RING) {
            return;
        }
        int base = j * STRIDE;
        if (half == latest && Double.isFinite(deviation)) {
            double dayEarlier = lags[base + ring(half - HALF_HOURS_PER_DAY)];
            if (Double.isFinite(dayEarlier)) {
                lags[base + RING] = (float) (DECAY * lags[base + RING] + deviation * dayEarlier);
                lags[base + RING + 1] = (float) (DECAY * lags[base + RING + 1] + dayEarlier * dayEarlier);
            }
        }
        lags[base + ring(half)] = (float) deviation;
    }

    /** The share of a deviation that repeats a day later, in [0, 1]; 0 before there is a record. */
    static double share(float[] lags, int j) {
        double squares = lags[j * STRIDE + RING + 1];
        return squares > 0 ? Math.max(0, Math.min(1, lags[j * STRIDE + RING] / squares)) : 0;
    }

    /**
     * Forecast value {@code j}'s deviation at the half hour a day before {@code at}; 0 when the ring does not hold it
     * (the key sent nothing then, or {@code at} is more than a day after the latest event or before it).
     */
    static double dayEarlier(float[] lags, int j, long latest, long at) {
        long earlier = halfHour(at) - HALF_HOURS_PER_DAY;
        if (latest == NONE || earlier > latest || latest - earlier >= RING) {
            return 0;
        }
        double deviation = lags[j * STRIDE + ring(earlier)];
        return Double.isFinite(deviation) ? deviation : 0;
    }

    /**
     * Forgets forecast value {@code j}'s deviations of the half hours from {@code since}'s to the latest one
     * ({@code latest}), those the ring still holds.
     */
    static void forgetSince(float[] lags, int j, long latest, long since) {
        if (latest == NONE) {
            return;
        }
        for (long h = Math.max(halfHour(since), latest - RING + 1); h <= latest; h++) {
            lags[j * STRIDE + ring(h)] = Float.NaN;
        }
    }

    /** Forgets every forecast value's record. */
    static void forget(float[] lags) {
        for (int base = 0; base < lags.length; base += STRIDE) {
            Arrays.fill(lags, base, base + RING, Float.NaN);
            lags[base + RING] = 0f;
            lags[base + RING + 1] = 0f;
        }
    }

    private static int ring(long half) {
        return (int) Math.floorMod(half, (long) RING);
    }
}

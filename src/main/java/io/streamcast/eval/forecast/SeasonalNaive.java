package io.streamcast.eval.forecast;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seasonal naive forecast of each row: the value of the row timestamped one season before the row, or, for a
 * season shorter than the forecast's reach, as many whole seasons before as it takes to reach a time at or before the
 * forecast's origin (a later value was not known when the forecast was made). The season is a span of time, not a
 * count of rows: on a series with missing timestamps the row a day's worth of rows back is not the one a day back.
 * A clock a little off its beat (a collector stamping each reading a second or two late or early) still has a row
 * for every slot, so the row taken is the one nearest that time, if it is less than half the series' usual spacing
 * (the median gap between consecutive accepted rows) away: on a regular clock only the row at exactly that time is.
 * Where no accepted row, at or before the origin in arrival order, is that near, there is no forecast (NaN) rather
 * than a neighbour slot's value, so that the reference is what its name says it is; the evaluation then scores no
 * method on that row.
 */
final class SeasonalNaive {

    private SeasonalNaive() {
    }

    /**
     * @param times    every row's timestamp, in arrival order
     * @param values   every row's value
     * @param accepted whether the stream accepted each row (a refused row's value was never known)
     * @param originOf for each row, the row after which its forecast was made, -1 when none; non-decreasing over the
     *                 rows that have one
     * @param season   the season in milliseconds, at least 1
     * @return every row's forecast, NaN where it has none
     */
    static double[] forecasts(long[] times, double[] values, boolean[] accepted, int[] originOf, long season) {
        if (season < 1) {
            throw new IllegalArgumentException("a season must be at least a millisecond, not " + season);
        }
        int n = times.length;
        long earliest = Long.MAX_VALUE;
        for (long t : times) {
            earliest = Math.min(earliest, t);
        }
        long spacing = medianSpacing(times, accepted);
        // The latest accepted row of each timestamp among those known at the current origin.
        TreeMap<Long, Integer> known = new TreeMap<>();
        int nextKnown = 0;
        double[] forecast = new double[n];
        for (int i = 0; i < n; i++) {
            forecast[i] = Double.NaN;
            int origin = originOf[i];
            if (!accepted[i] || origin < 0) {
                continue;
            }
            for (; nextKnown <= origin; nextKnown++) {
                if (accepted[nextKnown]) {
                    known.put(times[nextKnown], nextKnown);
                }
            }
            long back = seasonsBack(times[i], times[origin], season);
            // Compared before subtracting, so that a season longer than the series cannot wrap round to a time.
            if (back > times[i] - earliest) {
                continue;
            }
            Map.Entry<Long, Integer> seen = nearest(known, times[i] - back);
            if (seen != null && 2 * Math.abs(seen.getKey() - (times[i] - back)) < Math.max(spacing, 1)) {
                forecast[i] = values[seen.getValue()];
            }
        }
        return forecast;
    }

    /**
     * How far back the forecast of a row at {@code time} made after a row at {@code origin} looks: the fewest whole
     * seasons, at least one, that reach a time at or before the origin's.
     */
    static long seasonsBack(long time, long origin, long season) {
        long reach = time - origin;
        // ceil(reach / season) without overflow; a forecast whose origin is later (a clock gone back) looks one back
        long seasons = reach <= season ? 1 : -Math.floorDiv(-reach, season);
        return seasons * season;
    }

    /** The known row whose timestamp is nearest {@code time}, the earlier on a tie; null when none is known. */
    private static Map.Entry<Long, Integer> nearest(TreeMap<Long, Integer> known, long time) {
        Map.Entry<Long, Integer> before = known.floorEntry(time);
        Map.Entry<Long, Integer> after = known.ceilingEntry(time);
        if (before == null || after == null) {
            return before == null ? after : before;
        }
        return time - before.getKey() <= after.getKey() - time ? before : after;
    }

    /** The median of the positive gaps between consecutive accepted rows in arrival order, 0 when there is none. */
    static long medianSpacing(long[] times, boolean[] accepted) {
        long[] gaps = new long[times.length];
        int count = 0;
        int previous = -1;
        for (int i = 0; i < times.length; i++) {
            if (!accepted[i]) {
                continue;
            }
            if (previous >= 0 && times[i] > times[previous]) {
                gaps[count++] = times[i] - times[previous];
            }
            previous = i;
        }
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }
}

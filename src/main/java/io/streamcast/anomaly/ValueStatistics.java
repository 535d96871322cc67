package io.streamcast.anomaly;

/** What a key's detector remembers about one of its scored values. */
final class ValueStatistics {

    /** The smallest and largest value the key has taken; floats, like the values in the key's history. */
    float low;
    float high;
    /**
     * The value at the key's previous event, as received; NaN before its first. In double precision, unlike the
     * rest: its changes are judged from it, and single precision, whose neighbours are 64 apart near 1e9, would turn
     * the steps of a large counter into rounding noise.
     */
    double previous;
    /**
     * The key's recent changes from one event to the next (persistence's forecast errors, which no model version
     * changes, so they are never forgotten for a new model) and the record of their drift: how far the value itself
     * has moved one way lately.
     */
    final RecentResiduals changes;
    final StatisticRecord changeDrift = new StatisticRecord();
    /** The key's recent forecast errors. */
    final RecentResiduals errors;
    /** Records of the mean normalised error over the window (drift) and of its mean magnitude (volatility). */
    final StatisticRecord drift = new StatisticRecord();
    final StatisticRecord volatility = new StatisticRecord();
    /** The volatility's long run, which confirms a break of its record ({@link AnomalyScorer}). */
    final NormalFit volatilityLongRun = new NormalFit();
    /** The record of the share of surprises among the recent errors, and its long run, which confirms a break. */
    final StatisticRecord surprise = new StatisticRecord();
    final NormalFit surpriseLongRun = new NormalFit();
    /**
     * What the value usually is at each hour of the day, and how far it has strayed from that lately; null when
     * the detector keeps no daily profile.
     */
    final DailyProfile daily;
    /**
     * The value's recent deviations from what it usually is at that half hour of the week (the key's weekly profile
     * gives that), which judge the key in place of the daily deviations once its week describes it clearly better;
     * kept with the daily profile, else null.
     */
    final RecentDeviations weekly;

    ValueStatistics(int window, boolean dailyProfile) {
        this.errors = new RecentResiduals(window);
        this.changes = new RecentResiduals(window);
        this.daily = dailyProfile ? new DailyProfile(window) : null;
        this.weekly = dailyProfile ? new RecentDeviations(window) : null;
        reset();
    }

    /** Takes every count of the value's statistics as it stands after {@code count} events. */
    void countAsAfter(long count) {
        errors.countAsAfter(count);
        changes.countAsAfter(count);
        volatilityLongRun.countAsAfter(count);
        surpriseLongRun.countAsAfter(count);
        if (daily != null) {
            daily.countAsAfter(count);
            weekly.countAsAfter(count);
        }
    }

    void reset() {
        low = Float.POSITIVE_INFINITY;
        high = Float.NEGATIVE_INFINITY;
        forgetChanges();
        forgetErrors();
        if (daily != null) {
            daily.reset();
            weekly.reset();
        }
    }

    void forgetChanges() {
        previous = Double.NaN;
        changes.reset();
        changeDrift.reset();
    }

    void forgetErrors() {
        errors.reset();
        drift.reset();
        volatility.reset();
        volatilityLongRun.reset();
        surprise.reset();
        surpriseLongRun.reset();
    }
}

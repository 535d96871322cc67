package io.streamcast.anomaly;

/** What a key's detector remembers about one of its scored values. */
final class ValueStatistics {

    /** The smallest and largest value the key has taken; floats, like the values in the key's history. */
    float low;
    float high;
    /** The key's recent forecast errors. */
    final RecentResiduals errors;
    /** Records of the mean normalised error over the window (drift) and of its mean magnitude (volatility). */
    final StatisticRecord drift = new StatisticRecord();
    final StatisticRecord volatility = new StatisticRecord();
    /**
     * What the value usually is at each hour of the day, and how far it has strayed from that lately; null when
     * the detector keeps no daily profile.
     */
    final DailyProfile daily;

    ValueStatistics(int window, boolean dailyProfile) {
        this.errors = new RecentResiduals(window);
        this.daily = dailyProfile ? new DailyProfile(window) : null;
        reset();
    }

    void reset() {
        low = Float.POSITIVE_INFINITY;
        high = Float.NEGATIVE_INFINITY;
        forgetErrors();
        if (daily != null) {
            daily.reset();
        }
    }

    void forgetErrors() {
        errors.reset();
        drift.reset();
        volatility.reset();
    }
}

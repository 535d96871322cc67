package io.streamcast.anomaly;

import java.util.Arrays;

/** What a key's detector remembers about one of its scored values. */
final class ValueStatistics {

    /**
     * The smallest and largest value the key has taken, and, after the count of forecast errors seen, their mean
     * magnitude: the scale of errors. Floats, like the values in the key's history: they are stored with every key.
     */
    float low;
    float high;
    long errors;
    float errorScale;
    /**
     * The last {@code window} normalised errors, a ring, and how many were ever pushed. Kept as floats: they are
     * stored with every key, and a normalised error needs no more digits.
     */
    final float[] recent;
    long judged;
    /** Records of the mean normalised error over the window (drift) and of its mean magnitude (volatility). */
    final StatisticRecord drift = new StatisticRecord();
    final StatisticRecord volatility = new StatisticRecord();
    /**
     * What the value usually is at each hour of the day, and how far it has strayed from that lately; null when
     * the detector keeps no daily profile.
     */
    final DailyProfile daily;

    ValueStatistics(int window, boolean dailyProfile) {
        this.recent = new float[window];
        this.daily = dailyProfile ? new DailyProfile(window) : null;
        reset();
    }

    void reset() {
        low = Float.POSITIVE_INFINITY;
        high = Float.NEGATIVE_INFINITY;
        errors = 0;
        errorScale = 0;
        Arrays.fill(recent, 0);
        judged = 0;
        drift.reset();
        volatility.reset();
        if (daily != null) {
            daily.reset();
        }
    }
}

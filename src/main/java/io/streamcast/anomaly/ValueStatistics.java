package io.streamcast.anomaly;

import java.util.Arrays;

/** What a key's detector remembers about one of its scored values. */
final class ValueStatistics {

    /** The smallest and largest value the key has taken. */
    double low;
    double high;
    /** Forecast errors seen, and their mean magnitude: the scale of errors when no spread is known. */
    long errors;
    double errorScale;
    /**
     * The last {@code window} normalised errors, a ring, and how many were ever pushed. Kept as floats: they are
     * stored with every key, and a normalised error needs no more digits.
     */
    final float[] recent;
    long judged;
    /** Records of the mean normalised error over the window (drift) and of its mean magnitude (volatility). */
    final StatisticRecord drift = new StatisticRecord();
    final StatisticRecord volatility = new StatisticRecord();

    ValueStatistics(int window) {
        this.recent = new float[window];
        reset();
    }

    void reset() {
        low = Double.POSITIVE_INFINITY;
        high = Double.NEGATIVE_INFINITY;
        errors = 0;
        errorScale = 0;
        Arrays.fill(recent, 0);
        judged = 0;
        drift.reset();
        volatility.reset();
    }
}

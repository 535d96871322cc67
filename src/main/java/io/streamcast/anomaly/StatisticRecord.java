package io.streamcast.anomaly;

/**
 * The largest value one statistic of one key has reached lately: in the current bucket of events and in the one
 * before it. The record therefore covers between one and two buckets: long enough to hold a key's ordinary
 * extremes, short enough to forget a regime that has passed, and, unlike a maximum that decays a little every
 * event, a recurring event of the same size (a daily batch job, say) does not break it again each time.
 */
final class StatisticRecord {

    /** Kept as floats: they are stored with every key, and a record needs no more digits. */
    float current;
    float previous;

    /**
     * How far {@code value} exceeds the record, as a ratio; 0 when the statistic has no record and is 0 itself,
     * infinite when it has none and {@code value} is positive while the statistic is {@code armed} (has been
     * computed before, so that its record being 0 means something).
     */
    double ratio(double value, boolean armed) {
        double record = Math.max(current, previous);
        if (record > 0) {
            return value / record;
        }
        return value > 0 && armed ? Double.POSITIVE_INFINITY : 0;
    }

    void fold(double value) {
        // rounded up: a value single precision cannot hold (0.9), rounded to the nearest float, set a record below
        // itself, and the same statistic again broke it by a rounding
        current = Math.max(current, AnomalyScorer.floatAtLeast(value));
    }

    /** Starts a new bucket. */
    void roll() {
        previous = current;
        current = 0;
    }

    void reset() {
        current = 0;
        previous = 0;
    }
}

package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * How far one scored value of a key has strayed lately from what it usually is at that half hour of the week: the
 * <b>weekly deviation</b> statistic of {@link AnomalyScorer}, which takes the daily deviation's place for a key whose
 * week describes it clearly better than its day does ({@link #outranks}).
 *
 * <p>The usual value comes from the caller (the key's weekly profile, which its weekly-rhythm forecaster keeps); this
 * class keeps the recent deviations from it, normalised by their mean magnitude as the daily deviations are, and the
 * record of their recent mean magnitude ({@link StatisticRecord}).
 *
 * <p>Why: a key with a weekly rhythm (traffic, sales, sign-ups) has weekdays and weekends of different shapes. Its
 * daily profile blends them, so a weekday that looks like a Sunday (a public holiday, an outage of a weekday's
 * business) strays from it no further than every Sunday does and breaks no record; against the key's week it stands
 * out. A key whose week holds nothing its day does not keeps the daily deviation, judged on more events per mean.
 */
final class WeeklyDeviation {

    /** How much smaller than the daily deviations the weekly ones must be on average for the week to outrank them. */
    static final double MARGIN = 0.7;
    /** How long the weekly deviations must have been followed before they can score: two weeks. */
    static final long MATURITY_MILLIS = 14 * 86_400_000L;

    private final RecentResiduals deviations;
    private final StatisticRecord volatility = new StatisticRecord();

    WeeklyDeviation(int window) {
        this.deviations = new RecentResiduals(window);
    }

    void reset() {
        deviations.reset();
        volatility.reset();
    }

    /**
     * Folds the deviation of the value {@code x} from its usual value at its half hour of the week and returns the
     * ratio of the recent deviations' mean magnitude to its record (0 while there is none to compare).
     */
    double fold(double deviation, double x, int bucket) {
        if (!deviations.fold(deviation, x, bucket)) {
            return 0;
        }
        double mean = deviations.volatility();
        double ratio = volatility.ratio(mean, deviations.armed());
        volatility.fold(mean);
        if (deviations.endsBucket(bucket)) {
            volatility.roll();
        }
        return ratio;
    }

    /**
     * Whether these weekly deviations score in place of the daily ones ({@code daily}): they have been followed for
     * {@link #MATURITY_MILLIS} at the key's mean spacing and for the learning period, and their mean magnitude is
     * below {@link #MARGIN} times the daily deviations'. The maturity: scoring from the profile's first week on, young
     * records of the weekly deviations were broken within days and raised false alarms on NAB's Twitter volumes; the
     * margin asks the week to describe the key clearly better, not by the few per cent its finer half hours give any
     * smooth daily rhythm (0.7 and 0.85 scored the same; 0.7 changes nothing on NAB, not even persistence's line).
     */
    boolean outranks(DailyProfile daily, double spacingMillis, int learningPeriod) {
        long seen = deviations.seen();
        return seen >= learningPeriod && seen * spacingMillis >= MATURITY_MILLIS
                && deviations.scale() < MARGIN * daily.deviationScale();
    }

    /** The deviations (varint seen, float32 scale, varint judged, the ring as float32s) and the record. */
    void write(BinaryWriter out) {
        deviations.write(out);
        out.writeFloat(volatility.current);
        out.writeFloat(volatility.previous);
    }

    void read(BinaryReader in) {
        deviations.read(in, false);
        volatility.current = in.readFloat();
        volatility.previous = in.readFloat();
    }
}

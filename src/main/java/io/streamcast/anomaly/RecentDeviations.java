package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * A key's recent deviations from what its value usually is (at that hour of the day, at that half hour of the week),
 * normalised by their mean magnitude ({@link RecentResiduals}), the record of their recent mean magnitude
 * ({@link StatisticRecord}) and its long run ({@link NormalFit}), which confirms a break of the record: the daily and
 * the weekly deviation of {@link AnomalyScorer}.
 */
final class RecentDeviations {

    private final RecentResiduals deviations;
    private final StatisticRecord volatility = new StatisticRecord();
    private final NormalFit longRun = new NormalFit();

    RecentDeviations(int window) {
        this.deviations = new RecentResiduals(window);
    }

    void reset() {
        deviations.reset();
        volatility.reset();
        longRun.reset();
    }

    /**
     * Folds the deviation of the value {@code x} from its usual value and returns the ratio of the recent deviations'
     * mean magnitude to its record (0 while there is none to compare); {@code confirmed}, only up to how far into the
     * tail of its long run that mean lies ({@link NormalFit#confirm}).
     */
    double fold(double deviation, double x, int bucket, boolean confirmed) {
        if (!deviations.fold(deviation, x, bucket)) {
            return 0;
        }
        double mean = deviations.volatility();
        double ratio = volatility.ratio(mean, deviations.armed());
        if (confirmed) {
            // judged against the long run before this mean joins it, as against the record
            ratio = longRun.confirm(ratio, mean);
        }
        longRun.fold(mean, bucket);
        volatility.fold(mean);
        if (deviations.endsBucket(bucket)) {
            volatility.roll();
        }
        return ratio;
    }

    /** Deviations folded in since the last reset. */
    long seen() {
        return deviations.seen();
    }

    /** The deviations' mean magnitude, in the value's units. */
    double scale() {
        return deviations.scale();
    }

    /**
     * The deviations as {@link RecentResiduals#write} writes them, the record (current, previous; float32), then the
     * long run as {@link NormalFit#write} writes it.
     */
    /** Takes {@code count} deviations as folded in, by the recent ones and the long run alike. */
    void countAsAfter(long count) {
        deviations.countAsAfter(count);
        longRun.countAsAfter(count);
    }

    void write(BinaryWriter out) {
        deviations.write(out);
        out.writeFloat(volatility.current);
        out.writeFloat(volatility.previous);
        longRun.write(out);
    }

    /** Reads what {@link #write} wrote; without {@code longRunStored} (an earlier form) the long run starts empty. */
    void read(BinaryReader in, boolean longRunStored) {
        deviations.read(in, false);
        volatility.current = in.readFloat();
        volatility.previous = in.readFloat();
        if (longRunStored) {
            longRun.read(in);
        } else {
            longRun.reset();
        }
    }
}

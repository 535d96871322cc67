package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * A key's recent deviations from what its value usually is (at that hour of the day, at that half hour of the week),
 * normalised by their mean magnitude ({@link RecentResiduals}), and the record of their recent mean magnitude
 * ({@link StatisticRecord}): the daily and the weekly deviation of {@link AnomalyScorer}.
 */
final class RecentDeviations {

    private final RecentResiduals deviations;
    private final StatisticRecord volatility = new StatisticRecord();

    RecentDeviations(int window) {
        this.deviations = new RecentResiduals(window);
    }

    void reset() {
        deviations.reset();
        volatility.reset();
    }

    /**
     * Folds the deviation of the value {@code x} from its usual value and returns the ratio of the recent deviations'
     * mean magnitude to its record (0 while there is none to compare).
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

    /** Deviations folded in since the last reset. */
    long seen() {
        return deviations.seen();
    }

    /** The deviations' mean magnitude, in the value's units. */
    double scale() {
        return deviations.scale();
    }

    /** The deviations as {@link RecentResiduals#write} writes them, then the record (current, previous; float32). */
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

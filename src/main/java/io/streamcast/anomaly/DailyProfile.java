package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import java.util.Arrays;

/**
 * What one scored value of a key usually is at each hour of the day, and how far the key has strayed from that
 * lately: the <b>daily deviation</b> statistic of {@link AnomalyScorer}. A one-step forecaster follows a series
 * from event to event, so a missing daily peak, a flat stretch or a day at a new level costs it only small
 * errors; measured against what the key does at that time of day, the same day stands out.
 *
 * <p>The profile keeps a running mean of the value in each of {@value #BINS} hourly bins of the UTC day. Once a
 * bin has {@value #MIN_COUNT} events, each event's deviation from its bin's mean is normalised by the key's mean
 * deviation magnitude (as forecast errors are), and the mean magnitude of the last {@code window} normalised
 * deviations is compared with its record ({@link StatisticRecord}). A bin's mean weights its events equally up to
 * its memory and then forgets exponentially, so it follows a rhythm that drifts over days.
 *
 * <p>The memory is a span of time, about 8 1/3 days, turned into events by the key's event
 * spacing: 100 events of an hour at five-minute spacing, 8 at hourly spacing. Counted in events alone, an hour of
 * an hourly key averaged its last 100 days and could not follow a rhythm that moves within weeks; the span is the
 * memory cross-validation chose on the NAB corpus, whose series are mostly five-minute ones.
 *
 * <p>The bin count, the memory and the minimum count were chosen by leave-one-category-out cross-validation on
 * the NAB corpus (the score is flat for memories of 30 to 300 events); 24 bins, not a finer grid, because the
 * profile is stored with every key.
 */
final class DailyProfile {

    static final int BINS = 24;
    static final int MIN_COUNT = 3;
    /** Most events a bin's mean weighs equally: its count is stored in a byte. */
    static final int MAX_MEMORY = 127;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long BIN_MILLIS = DAY_MILLIS / BINS;
    /** The memory span: the 100 events of an hour that cross-validation chose, at five-minute spacing. */
    static final double MEMORY_DAYS = 100.0 / 12;

    /**
     * Each bin's running mean, and its events counted up to the memory. The means in double precision: in single
     * precision, whose neighbours are 64 apart near 1e9, a large key's usual values were rounded by up to 32, and a
     * mean whose events moved it by less than that did not move at all, so its deviations, and its daily rhythm's
     * forecasts, were judged on rounding.
     */
    private final double[] means = new double[BINS];
    private final byte[] counts = new byte[BINS];
    /** The key's recent deviations from its bins' means, and the record of their mean magnitude. */
    private final RecentDeviations deviations;

    DailyProfile(int window) {
        this.deviations = new RecentDeviations(window);
        reset();
    }

    void reset() {
        Arrays.fill(means, 0);
        Arrays.fill(counts, (byte) 0);
        deviations.reset();
    }

    /** How long its deviations have been followed, at the key's mean event spacing: 0 while that is not known. */
    double followedFor(double spacingMillis) {
        return Double.isFinite(spacingMillis) ? deviations.seen() * spacingMillis : 0;
    }

    /** The mean magnitude of the key's deviations from its bins' means, in the value's units. */
    double deviationScale() {
        return deviations.scale();
    }

    /** What the value usually is at {@code timeMillis}'s hour of the day; NaN while that hour has too few events. */
    double usual(long timeMillis) {
        int bin = bin(timeMillis);
        return counts[bin] >= MIN_COUNT ? means[bin] : Double.NaN;
    }

    static int bin(long timeMillis) {
        return (int) (Math.floorMod(timeMillis, DAY_MILLIS) * BINS / DAY_MILLIS);
    }

    /**
     * Events a bin's mean weighs equally for a key whose events are {@code spacingMillis} apart: those of about
     * {@link #MEMORY_DAYS} days, at least {@link #MIN_COUNT} and at most {@link #MAX_MEMORY}; the most while the
     * spacing is not known.
     */
    static int memory(double spacingMillis) {
        if (!(spacingMillis > 0)) {
            return MAX_MEMORY;
        }
        double events = MEMORY_DAYS * BIN_MILLIS / spacingMillis;
        return (int) Math.max(MIN_COUNT, Math.min(MAX_MEMORY, Math.round(events)));
    }

    /**
     * Folds the value {@code x} of an event at {@code timeMillis} and returns the ratio of the recent deviations to
     * their record (0 while there is none to compare).
     *
     * @param memory events the bin's mean weighs equally ({@link #memory(double)} of the key's spacing)
     * @param bucket events per record bucket, and the span of the deviation scale's average
     * @param confirmed whether the ratio counts only as far as the long run of the deviations confirms it
     *                  ({@link RecentDeviations#fold})
     */
    double fold(double x, long timeMillis, int memory, int bucket, boolean confirmed) {
        int bin = bin(timeMillis);
        double ratio = 0;
        if (counts[bin] >= MIN_COUNT) {
            ratio = deviations.fold(x - means[bin], x, bucket, confirmed);
        }
        int count = Math.min(counts[bin] + 1, memory);
        counts[bin] = (byte) count;
        means[bin] += (x - means[bin]) / count;
        return ratio;
    }

    /** Takes {@code count} deviations as folded in; the bins' counts stop at the profile's memory, a byte each. */
    void countAsAfter(long count) {
        deviations.countAsAfter(count);
    }

    /** Bin means (float64), counts (a byte each), then the deviations as {@link RecentDeviations#write} writes them. */
    void write(BinaryWriter out) {
        for (double mean : means) {
            out.writeDouble(mean);
        }
        out.writeBytes(counts, 0, BINS);
        deviations.write(out);
    }

    /**
     * Reads what {@link #write} wrote; false when a count is out of range. Without {@code longRunStored} (an earlier
     * form) the deviations' long run starts empty; without {@code wideMeans} (an earlier form) the means are float32.
     */
    boolean read(BinaryReader in, boolean longRunStored, boolean wideMeans) {
        for (int b = 0; b < BINS; b++) {
            means[b] = wideMeans ? in.readDouble() : in.readFloat();
        }
        for (int b = 0; b < BINS; b++) {
            int count = in.readByte();
            if (count > MAX_MEMORY) {
                return false;
            }
            counts[b] = (byte) count;
        }
        deviations.read(in, longRunStored);
        return true;
    }
}

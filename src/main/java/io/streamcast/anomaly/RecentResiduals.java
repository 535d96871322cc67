package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.stats.RunningMoments;
import java.util.Arrays;

/**
 * A key's last {@code window} residuals of one kind (forecast errors, deviations from the daily profile), each in
 * units of the mean residual magnitude seen before it (an average over the last {@code bucket} residuals once there
 * are that many), so that the statistics of every key share one unit, its own. The first
 * {@link AnomalyScorer#WARM_ERRORS} residuals only set the scale; residuals that are all exactly 0 set none, so the
 * first one that is not, after them, starts the residuals again.
 *
 * <p>Kept as floats: they are stored with every key, and a normalised residual needs no more digits.
 */
final class RecentResiduals {

    /** Residuals seen, and their mean magnitude. */
    private long seen;
    private float scale;
    /** The last normalised residuals, a ring, and how many were ever pushed. */
    private final float[] ring;
    private long judged;

    RecentResiduals(int window) {
        this.ring = new float[window];
    }

    void reset() {
        seen = 0;
        scale = 0;
        Arrays.fill(ring, 0);
        judged = 0;
    }

    /**
     * Folds {@code residual}, of the value {@code x}, into the scale and, after the warm-up, into the ring.
     *
     * @return whether the ring is full, so that its statistics can be judged
     */
    boolean fold(double residual, double x, int bucket) {
        if (Math.abs(residual) <= AnomalyScorer.ROUNDING_ULPS * Math.ulp(x)) {
            // Rounding noise, no evidence either way: judged by its own mean magnitude, a last bit that moved twice in
            // one window broke the record one move had set.
            residual = 0;
        }
        if (scale == 0 && residual != 0 && seen >= AnomalyScorer.WARM_ERRORS) {
            // Every residual so far was exactly 0 (a key that sat at one value, a counter at 0 until it started):
            // they give no scale, and this one, normalised by the floor, would hold the statistic's record far
            // above anything the key does for two buckets and hide every real anomaly of the key behind it. Start
            // again from here, as a new key does.
            reset();
        }
        double normaliser = Math.max(scale, AnomalyScorer.SCALE_FLOOR * Math.abs(x) + 1e-12);
        seen++;
        // Not RunningMoments.nextMean: the increment is rounded to a float before it is added, as every stored
        // scale was computed, so that restored keys score exactly as they did
        scale += (float) (RunningMoments.weight(seen, 1.0 / bucket) * (Math.abs(residual) - scale));
        if (seen <= AnomalyScorer.WARM_ERRORS) {
            return false;
        }
        ring[(int) (judged % ring.length)] = (float) (residual / normaliser);
        judged++;
        return judged >= ring.length;
    }

    /** The residuals' mean magnitude, in their own units: the scale that normalises them. */
    double scale() {
        return scale;
    }

    /** Multiplies the scale that normalises the residuals by {@code factor}. */
    void rescale(double factor) {
        scale = (float) (scale * factor);
    }

    /** Residuals folded in since the last reset. */
    /** Takes {@code count} residuals as seen and judged: their counts as they stand after that many. */
    void countAsAfter(long count) {
        seen = count;
        judged = count;
    }

    long seen() {
        return seen;
    }

    /** The magnitude of the ring's mean: how far the residuals lean one way. */
    double drift() {
        double sum = 0;
        for (float z : ring) {
            sum += z;
        }
        return Math.abs(sum) / ring.length;
    }

    /**
     * The share of the ring's residuals whose magnitude exceeds {@code surprising}: how many of them were surprises,
     * however large each was.
     */
    double surpriseShare(double surprising) {
        int surprises = 0;
        for (float z : ring) {
            if (Math.abs(z) > surprising) {
                surprises++;
            }
        }
        return (double) surprises / ring.length;
    }

    /** The ring's mean magnitude: how large the residuals have been. */
    double volatility() {
        double magnitude = 0;
        for (float z : ring) {
            magnitude += Math.abs(z);
        }
        return magnitude / ring.length;
    }

    /** Whether a statistic of the ring has been computed before, so that its record being 0 means something. */
    boolean armed() {
        return judged > ring.length;
    }

    /** Whether the residual just folded ends a record bucket. */
    boolean endsBucket(int bucket) {
        return judged % bucket == 0;
    }

    int window() {
        return ring.length;
    }

    /** Residuals seen (varint), scale (float32), judged (varint), the ring (float32 each). */
    void write(BinaryWriter out) {
        out.writeVarLong(seen);
        out.writeFloat(scale);
        out.writeVarLong(judged);
        for (float z : ring) {
            out.writeFloat(z);
        }
    }

    /** Reads what {@link #write} wrote; with {@code wideScale}, the scale as float64 (detector version 1). */
    void read(BinaryReader in, boolean wideScale) {
        seen = in.readNonNegativeVarLong();
        scale = wideScale ? (float) in.readDouble() : in.readFloat();
        judged = in.readNonNegativeVarLong();
        for (int i = 0; i < ring.length; i++) {
            ring[i] = in.readFloat();
        }
    }
}

package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.stats.RunningMoments;

/**
 * A normal distribution fitted to one statistic's long run: the running mean and variance of its values, over all of
 * them at first and then weighted to about the last {@code bucket}. Numenta's anomaly likelihood fits one to its
 * averaged anomaly scores and asks how far into its tail the latest lies; {@link AnomalyScorer} asks it of the
 * volatility, whose record only the key's ordinary ups and downs may have set.
 *
 * <p>Kept as floats, like the records: they are stored with every key.
 */
final class NormalFit {

    /**
     * Smallest variance the fit assumes, so that a statistic that has held one value still has a finite standard
     * score; small beside the variance of a volatility measured in units of the key's mean error.
     */
    static final double VARIANCE_FLOOR = 1.5e-5;

    /**
     * How far above the mean of the long run, in standard deviations, a value must lie to count at all when the fit
     * confirms a record ({@link #confirm}): 4.48, a tail probability of 3.7e-6, the tail at which Numenta's HTM
     * detector alarms on NAB (its threshold there, 0.5431 on the log scale of its anomaly likelihood, is a tail of
     * 10^-5.431). Taken from that detector, not tuned here.
     */
    static final double TAIL_SIGMAS = 4.48;

    private long count;
    private float mean;
    private float variance;

    void reset() {
        count = 0;
        mean = 0;
        variance = 0;
    }

    /** How many standard deviations {@code value} lies above the mean; 0 before the fit has two values. */
    double standardScore(double value) {
        if (count < 2) {
            return 0;
        }
        return (value - mean) / Math.sqrt(Math.max(variance, VARIANCE_FLOOR));
    }

    /**
     * A statistic's {@code ratio} to its record, counted only up to how far into the tail of this long run its
     * {@code value} lies, {@link #TAIL_SIGMAS} standard deviations above the mean counting as the record. Judge before
     * folding the value in, as against the record.
     */
    double confirm(double ratio, double value) {
        return Math.min(ratio, standardScore(value) / TAIL_SIGMAS);
    }

    /** Folds {@code value} in, weighted as one of the last {@code bucket} once there are that many. */
    void fold(double value, int bucket) {
        count++;
        double weight = RunningMoments.weight(count, 1.0 / bucket);
        variance = (float) RunningMoments.nextVariance(mean, variance, value, weight);
        mean = (float) RunningMoments.nextMean(mean, value, weight);
    }

    /** Count (varint), mean and variance (float32 each). */
    /** Takes {@code count} values as folded in. */
    void countAsAfter(long count) {
        this.count = count;
    }

    void write(BinaryWriter out) {
        out.writeVarLong(count);
        out.writeFloat(mean);
        out.writeFloat(variance);
    }

    void read(BinaryReader in) {
        count = in.readNonNegativeVarLong();
        mean = in.readFloat();
        variance = in.readFloat();
    }
}

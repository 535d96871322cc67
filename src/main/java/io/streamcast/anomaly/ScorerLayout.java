package io.streamcast.anomaly;

/**
 * Where each part of a key's anomaly state lives in its flat {@code double[]}: a header shared by the key, then
 * one block per scored value. Offsets depend only on the settings and the value count, so the layout is the
 * same for every key of an application.
 *
 * <pre>
 * header: [tag, events, residual events, quiet until]
 * block:  [level, min, max,
 *          (remembered maximum, values seen) of: residual, volatility, level, sustained level, season,
 *          sustained season,
 *          consecutive events in known time-of-day slots, mean absolute deviation from the level,
 *          |residual| ring (window), value ring (window), deviation ring (sustain), season deviation ring (sustain),
 *          season means (buckets), season counts (buckets)]
 * </pre>
 */
final class ScorerLayout {

    static final int TAG = 0;
    static final int EVENTS = 1;
    static final int RESIDUAL_EVENTS = 2;
    static final int QUIET_UNTIL = 3;
    static final int HEADER = 4;

    static final int LEVEL = 0;
    static final int MIN = 1;
    static final int MAX = 2;
    /** Each record is a pair: the remembered maximum, then how many values it has seen. */
    static final int RECORD_RESIDUAL = 3;
    static final int RECORD_VOLATILITY = 5;
    static final int RECORD_LEVEL = 7;
    static final int RECORD_SUSTAINED_LEVEL = 9;
    static final int RECORD_SEASON = 11;
    static final int RECORD_SUSTAINED_SEASON = 13;
    static final int SEASON_RUN = 15;
    static final int SPREAD = 16;
    static final int RESIDUAL_RING = 17;

    /** Changes whenever the meaning of the state changes, so an older state is restarted instead of misread. */
    private static final int VERSION = 2;

    final int valueCount;
    final int window;
    final int sustain;
    final int buckets;
    final int valueRing;
    final int deviationRing;
    final int seasonRing;
    final int seasonMeans;
    final int seasonCounts;
    final int blockSize;
    final int size;
    final double tag;

    ScorerLayout(AnomalySettings settings, int valueCount) {
        if (valueCount < 1) {
            throw new IllegalArgumentException("at least one value must be scored, got " + valueCount);
        }
        this.valueCount = valueCount;
        this.window = settings.window();
        this.sustain = settings.sustain();
        this.buckets = settings.seasonBuckets();
        this.valueRing = RESIDUAL_RING + window;
        this.deviationRing = valueRing + window;
        this.seasonRing = deviationRing + sustain;
        this.seasonMeans = seasonRing + sustain;
        this.seasonCounts = seasonMeans + buckets;
        this.blockSize = seasonCounts + buckets;
        this.size = HEADER + valueCount * blockSize;
        this.tag = VERSION + 8.0 * (valueCount + 2048.0 * (window + 1024.0 * (sustain + 1024.0 * buckets)));
    }

    /** Index of the first double of value {@code j}'s block. */
    int block(int j) {
        return HEADER + j * blockSize;
    }
}

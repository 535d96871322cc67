package io.streamcast.recent;

import io.streamcast.anomaly.Scoring;
import io.streamcast.predict.InputPosition;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One key's latest predictions in a ring, oldest overwritten first. Each point holds the event, the forecast
 * that was made for it at the key's previous event (so the two can be drawn over each other), that forecast's
 * interval, and the event's anomaly scores. Not thread-safe: {@link RecentActivity} guards it.
 */
final class KeyTrack {

    byte[] key;
    boolean referenced;
    final long[] times;
    final float[] actual;
    final float[] forecast;
    final float[] lower;
    final float[] upper;
    final float[] likelihood;
    /** Per point, whether it was an anomaly ({@link #ANOMALY}) and its {@link Scoring}'s ordinal in the bits above. */
    final byte[] flags;
    final long[] modelVersion;
    /** Per point, the offset its record was read at, {@link InputPosition#NONE} for none: finds a replayed one. */
    final long[] offsets;
    int start;
    int size;
    /** Where the latest point's record was read, {@link InputPosition#NONE} for none, and the latest event time. */
    int lastPartition;
    long lastOffset;
    long latestTime;
    /** The forecast made at the latest event for the next one, and its interval; NaN when none. */
    float nextForecast;
    float nextLower;
    float nextUpper;

    /** Bytes of a point's arrays: its time, model version and offset (8 each), five floats and its flags. */
    static final int BYTES_PER_POINT = 8 + 8 + 8 + 5 * 4 + 1;
    private static final int ANOMALY = 1;
    private static final Scoring[] SCORINGS = Scoring.values();

    KeyTrack(int points) {
        times = new long[points];
        actual = new float[points];
        forecast = new float[points];
        lower = new float[points];
        upper = new float[points];
        likelihood = new float[points];
        flags = new byte[points];
        modelVersion = new long[points];
        offsets = new long[points];
    }

    void reset(byte[] key) {
        this.key = key;
        referenced = true;
        start = 0;
        size = 0;
        lastPartition = InputPosition.NONE;
        lastOffset = InputPosition.NONE;
        latestTime = Long.MIN_VALUE;
        nextForecast = Float.NaN;
        nextLower = Float.NaN;
        nextUpper = Float.NaN;
    }

    /**
     * Whether the record at {@code offset} of {@code partition}, of event time {@code eventTime}, was recorded
     * already, as {@link InputPosition} judges a key's replayed records: at or before the latest's offset in the same
     * partition, and no later than the latest event (a topic created again numbers its records from 0 anew).
     */
    boolean replays(int partition, long offset, long eventTime) {
        return offset != InputPosition.NONE && lastOffset != InputPosition.NONE && partition == lastPartition
                && offset <= lastOffset && eventTime <= latestTime;
    }

    void readAt(int partition, long offset, long eventTime) {
        lastPartition = partition;
        lastOffset = offset;
        latestTime = Math.max(latestTime, eventTime);
    }

    int capacity() {
        return times.length;
    }

    /** Position in the arrays of the {@code i}-th point, oldest first. */
    int at(int i) {
        return (start + i) % times.length;
    }

    /**
     * The position in the arrays of the point read at {@code offset} of the latest point's partition, of event time
     * {@code time}; -1 when the ring holds none. Offsets rise from the oldest point to the newest, so the search stops
     * at the first below it. The time tells a point of the partition before a move, or of the topic before it was
     * made again, which can have the same offset, from the replayed one: a late event that a topic made again took at
     * an offset it had given another event passes for a replay, and it took that event's figures.
     */
    int positionOf(long offset, long time) {
        for (int i = size - 1; i >= 0; i--) {
            long at = offsets[at(i)];
            if (at == offset) {
                return times[at(i)] == time ? at(i) : -1;
            }
            if (at < offset) {
                return -1;
            }
        }
        return -1;
    }

    /** Appends a point whose forecast is the pending one, then makes {@code next*} pending. */
    void add(long offset, long time, float value, float likelihoodValue, boolean isAnomaly, Scoring scoring,
             long version, float next, float nextLow, float nextHigh) {
        int position;
        if (size < times.length) {
            position = at(size);
            size++;
        } else {
            position = start;
            start = (start + 1) % times.length;
        }
        offsets[position] = offset;
        times[position] = time;
        actual[position] = value;
        forecast[position] = nextForecast;
        lower[position] = nextLower;
        upper[position] = nextUpper;
        nextForecast = next;
        nextLower = nextLow;
        nextUpper = nextHigh;
        score(position, likelihoodValue, isAnomaly, scoring, version);
    }

    /** Sets the scores of the point at {@code position}: those of its event's latest processing. */
    void score(int position, float likelihoodValue, boolean isAnomaly, Scoring scoring, long version) {
        likelihood[position] = likelihoodValue;
        flags[position] = (byte) ((isAnomaly ? ANOMALY : 0) | scoring.ordinal() << 1);
        modelVersion[position] = version;
    }

    /** Whether the point at {@code position} was an anomaly. */
    boolean isAnomaly(int position) {
        return (flags[position] & ANOMALY) != 0;
    }

    /** Whether the point at {@code position} is the latest. */
    boolean isLatest(int position) {
        return size > 0 && position == at(size - 1);
    }

    /** The position of the point after the one at {@code position}, which must not be the latest. */
    int after(int position) {
        return (position + 1) % times.length;
    }

    /** The actual value of the latest point; only valid while {@code size > 0}. */
    float lastActual() {
        return actual[at(size - 1)];
    }

    /**
     * The points oldest first by event time. They are kept in arrival order, and an event accepted late (the
     * late-event policy's grace) arrives after later ones; a chart draws its lines in the order given.
     */
    KeySeries copy() {
        int[] order = IntStream.range(0, size).map(this::at).toArray();
        if (!inTimeOrder(order)) {
            order = IntStream.of(order).boxed().sorted(Comparator.comparingLong(p -> times[p]))
                    .mapToInt(Integer::intValue).toArray();
        }
        long[] t = new long[size];
        double[] a = new double[size];
        double[] f = new double[size];
        double[] lo = new double[size];
        double[] hi = new double[size];
        double[] ll = new double[size];
        boolean[] an = new boolean[size];
        Scoring[] sc = new Scoring[size];
        long[] mv = new long[size];
        for (int i = 0; i < size; i++) {
            int p = order[i];
            t[i] = times[p];
            a[i] = actual[p];
            f[i] = forecast[p];
            lo[i] = lower[p];
            hi[i] = upper[p];
            ll[i] = likelihood[p];
            an[i] = (flags[p] & ANOMALY) != 0;
            sc[i] = SCORINGS[flags[p] >> 1];
            mv[i] = modelVersion[p];
        }
        return new KeySeries(new String(key, StandardCharsets.UTF_8), t, a, f, lo, hi, ll, an, sc, mv,
                nextForecast, nextLower, nextUpper);
    }

    private boolean inTimeOrder(int[] order) {
        for (int i = 1; i < order.length; i++) {
            if (times[order[i]] < times[order[i - 1]]) {
                return false;
            }
        }
        return true;
    }
}

package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * One key's anomaly-detector state: its event count, the end of its refractory period, and per scored value the
 * statistics {@link AnomalyScorer} keeps. Fixed in size for given settings; reused from key to key.
 *
 * <h2>Stored form</h2>
 * {@link #write} and {@link #read}, version {@value #VERSION}: events (varint), quiet-until (zigzag varint),
 * value count and window (varints), then per value: low, high (float64), errors (varint), error scale (float64),
 * judged (varint), the recent normalised errors (float32 each), and the drift and volatility records (current,
 * previous; float64 each). With one value and a window of 10 that is about 120 bytes.
 */
public final class DetectorState {

    /** The version of the stored form; a state of another version restarts the detector. */
    public static final int VERSION = 1;

    long events;
    long quietUntil;
    final ValueStatistics[] values;

    DetectorState(int valueCount, int window) {
        this.values = new ValueStatistics[valueCount];
        for (int j = 0; j < valueCount; j++) {
            values[j] = new ValueStatistics(window);
        }
        reset();
    }

    /** Forgets everything: the state of a key never seen. */
    public void reset() {
        events = 0;
        quietUntil = -1;
        for (ValueStatistics value : values) {
            value.reset();
        }
    }

    /** Events folded in. */
    public long events() {
        return events;
    }

    public void write(BinaryWriter out) {
        out.writeVarLong(events);
        out.writeSignedVarLong(quietUntil);
        out.writeVarLong(values.length);
        out.writeVarLong(values[0].recent.length);
        for (ValueStatistics v : values) {
            out.writeDouble(v.low);
            out.writeDouble(v.high);
            out.writeVarLong(v.errors);
            out.writeDouble(v.errorScale);
            out.writeVarLong(v.judged);
            for (float z : v.recent) {
                out.writeFloat(z);
            }
            out.writeDouble(v.drift.current);
            out.writeDouble(v.drift.previous);
            out.writeDouble(v.volatility.current);
            out.writeDouble(v.volatility.previous);
        }
    }

    /**
     * Reads a state written by {@link #write} at {@code version}.
     *
     * @return false when it cannot be continued (another version, value count or window): the caller restarts it
     */
    public boolean read(BinaryReader in, int version) {
        if (version != VERSION) {
            return false;
        }
        events = in.readVarLong();
        quietUntil = in.readSignedVarLong();
        int count = in.readCount(values.length + 1);
        int window = in.readCount(AnomalySettings.MAX_WINDOW + 1);
        if (count != values.length || window != values[0].recent.length || events < 0) {
            return false;
        }
        for (ValueStatistics v : values) {
            v.low = in.readDouble();
            v.high = in.readDouble();
            v.errors = in.readVarLong();
            v.errorScale = in.readDouble();
            v.judged = in.readVarLong();
            for (int i = 0; i < window; i++) {
                v.recent[i] = in.readFloat();
            }
            v.drift.current = in.readDouble();
            v.drift.previous = in.readDouble();
            v.volatility.current = in.readDouble();
            v.volatility.previous = in.readDouble();
        }
        return true;
    }
}

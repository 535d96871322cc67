package io.streamcast.predict;

import io.streamcast.schema.KeyState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Moves a key's state between its stored Avro form and a reusable {@link KeyMemory}, with absolute
 * little-endian reads and writes so no views or copies are made. Encoding reuses one {@link KeyState} and its
 * buffers; the store serialises a value as soon as it is put, so reuse is safe.
 */
public final class KeyStateCodec {

    private final KeyState reusable = new KeyState();
    private ByteBuffer scaler = ByteBuffer.allocate(0);
    private ByteBuffer lstm = ByteBuffer.allocate(0);
    private ByteBuffer forecast = ByteBuffer.allocate(0);
    private ByteBuffer spreads = ByteBuffer.allocate(0);
    private ByteBuffer halfWidths = ByteBuffer.allocate(0);
    private ByteBuffer scales = ByteBuffer.allocate(0);
    private ByteBuffer squares = ByteBuffer.allocate(0);
    private ByteBuffer counts = ByteBuffer.allocate(0);
    private ByteBuffer times = ByteBuffer.allocate(0);
    private ByteBuffer values = ByteBuffer.allocate(0);
    private ByteBuffer anomaly = ByteBuffer.allocate(0);

    /**
     * Loads {@code stored} into {@code memory}; null means a key never seen. A state written for another value
     * dimension, history length or forecast shape cannot be continued and is dropped: the key starts afresh. A state
     * whose anomaly estimator has another size keeps everything else and restarts only the estimator; one written
     * before spreads and interval calibration were kept starts those afresh.
     *
     * @return false when a stored state was dropped
     */
    public boolean decode(KeyState stored, KeyMemory memory) {
        memory.reset();
        if (stored == null) {
            return true;
        }
        int v = memory.valueDimension();
        int row = memory.horizon() * memory.forecastCount();
        ByteBuffer s = littleEndian(stored.getScaler());
        ByteBuffer t = littleEndian(stored.getHistoryTimes());
        ByteBuffer hv = littleEndian(stored.getHistoryValues());
        ByteBuffer f = littleEndian(stored.getForecast());
        int historySize = t.remaining() / Long.BYTES;
        int rows = f.remaining() / (row * Double.BYTES);
        boolean logScaler = s.remaining() == 4 * Double.BYTES * v;
        boolean fits = (logScaler || s.remaining() == 2 * Double.BYTES * v)
                && historySize <= memory.historyLength()
                && hv.remaining() == historySize * v * Float.BYTES
                && f.remaining() == rows * row * Double.BYTES && rows <= memory.horizon();
        if (!fits) {
            return false;
        }
        memory.eventCount = stored.getEventCount();
        memory.lastEventTime = stored.getLastEventTime();
        memory.modelVersion = stored.getModelVersion();
        memory.lastRawScore = stored.getLastRawScore();
        memory.lastLikelihood = stored.getLastLikelihood();
        int stride = logScaler ? 32 : 16;
        for (int j = 0; j < v; j++) {
            memory.mean[j] = s.getDouble(s.position() + stride * j);
            memory.variance[j] = s.getDouble(s.position() + stride * j + 8);
            if (logScaler) {
                memory.logMean[j] = s.getDouble(s.position() + stride * j + 16);
                memory.logVariance[j] = s.getDouble(s.position() + stride * j + 24);
            }
        }
        ByteBuffer l = littleEndian(stored.getLstmState());
        float[] state = memory.lstmState(l.remaining() / Float.BYTES);
        for (int i = 0; i < memory.lstmStateSize; i++) {
            state[i] = l.getFloat(l.position() + 4 * i);
        }
        memory.forecastRows = rows;
        readDoubles(f, memory.forecasts, rows * row);
        boolean calibrated = readDoubles(littleEndian(stored.getForecastSpreads()), memory.spreads, rows * row)
                && readDoubles(littleEndian(stored.getIntervalHalfWidths()), memory.halfWidths, rows * row)
                && readDoubles(littleEndian(stored.getIntervalScales()), memory.intervalScale, row)
                && readDoubles(littleEndian(stored.getSquaredErrors()), memory.squaredErrors, row)
                && readLongs(littleEndian(stored.getErrorCounts()), memory.errorCounts, memory.horizon());
        if (!calibrated) {
            Arrays.fill(memory.spreads, Double.NaN);
            Arrays.fill(memory.halfWidths, Double.NaN);
            Arrays.fill(memory.intervalScale, 0);
            Arrays.fill(memory.squaredErrors, 0);
            Arrays.fill(memory.errorCounts, 0);
        }
        memory.historySize = historySize;
        for (int i = 0; i < historySize; i++) {
            memory.historyTimes[i] = t.getLong(t.position() + 8 * i);
        }
        for (int i = 0; i < historySize * v; i++) {
            memory.historyValues[i] = hv.getFloat(hv.position() + 4 * i);
        }
        readDoubles(littleEndian(stored.getAnomaly()), memory.anomaly, memory.anomaly.length);
        return true;
    }

    /** The stored form of {@code memory}; valid until the next call. */
    public KeyState encode(KeyMemory memory) {
        int v = memory.valueDimension();
        scaler = sized(scaler, 4 * Double.BYTES * v);
        for (int j = 0; j < v; j++) {
            scaler.putDouble(32 * j, memory.mean[j]).putDouble(32 * j + 8, memory.variance[j])
                    .putDouble(32 * j + 16, memory.logMean[j]).putDouble(32 * j + 24, memory.logVariance[j]);
        }
        lstm = sized(lstm, memory.lstmStateSize * Float.BYTES);
        for (int i = 0; i < memory.lstmStateSize; i++) {
            lstm.putFloat(4 * i, memory.lstmState[i]);
        }
        int row = memory.horizon() * memory.forecastCount();
        int kept = memory.forecastRows * row;
        forecast = writeDoubles(forecast, memory.forecasts, kept);
        spreads = writeDoubles(spreads, memory.spreads, kept);
        halfWidths = writeDoubles(halfWidths, memory.halfWidths, kept);
        scales = writeDoubles(scales, memory.intervalScale, row);
        squares = writeDoubles(squares, memory.squaredErrors, row);
        counts = sized(counts, memory.horizon() * Long.BYTES);
        for (int i = 0; i < memory.horizon(); i++) {
            counts.putLong(8 * i, memory.errorCounts[i]);
        }
        times = sized(times, memory.historySize * Long.BYTES);
        for (int i = 0; i < memory.historySize; i++) {
            times.putLong(8 * i, memory.historyTimes[i]);
        }
        values = sized(values, memory.historySize * v * Float.BYTES);
        for (int i = 0; i < memory.historySize * v; i++) {
            values.putFloat(4 * i, memory.historyValues[i]);
        }
        anomaly = writeDoubles(anomaly, memory.anomaly, memory.anomaly.length);
        reusable.setEventCount(memory.eventCount);
        reusable.setLastEventTime(memory.lastEventTime);
        reusable.setModelVersion(memory.modelVersion);
        reusable.setScaler(scaler);
        reusable.setLstmState(lstm);
        reusable.setForecast(forecast);
        reusable.setForecastSpreads(spreads);
        reusable.setIntervalHalfWidths(halfWidths);
        reusable.setIntervalScales(scales);
        reusable.setSquaredErrors(squares);
        reusable.setErrorCounts(counts);
        reusable.setHistoryTimes(times);
        reusable.setHistoryValues(values);
        reusable.setAnomaly(anomaly);
        reusable.setLastRawScore(memory.lastRawScore);
        reusable.setLastLikelihood(memory.lastLikelihood);
        return reusable;
    }

    /** Reads {@code count} doubles into {@code target} when the buffer holds exactly that many; else false. */
    private static boolean readDoubles(ByteBuffer source, double[] target, int count) {
        if (source.remaining() != count * Double.BYTES) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            target[i] = source.getDouble(source.position() + 8 * i);
        }
        return true;
    }

    private static boolean readLongs(ByteBuffer source, long[] target, int count) {
        if (source.remaining() != count * Long.BYTES) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            target[i] = source.getLong(source.position() + 8 * i);
        }
        return true;
    }

    private static ByteBuffer writeDoubles(ByteBuffer buffer, double[] source, int count) {
        ByteBuffer b = sized(buffer, count * Double.BYTES);
        for (int i = 0; i < count; i++) {
            b.putDouble(8 * i, source[i]);
        }
        return b;
    }

    private static ByteBuffer littleEndian(ByteBuffer buffer) {
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code buffer} with exactly {@code size} readable bytes from 0, reallocated only when too small. */
    private static ByteBuffer sized(ByteBuffer buffer, int size) {
        ByteBuffer b = buffer.capacity() >= size ? buffer : ByteBuffer.allocate(Math.max(size, 2 * buffer.capacity()));
        b.clear().limit(size);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }
}

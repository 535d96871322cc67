package io.streamcast.predict;

import io.streamcast.schema.KeyState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    private ByteBuffer times = ByteBuffer.allocate(0);
    private ByteBuffer values = ByteBuffer.allocate(0);
    private ByteBuffer anomaly = ByteBuffer.allocate(0);

    /**
     * Loads {@code stored} into {@code memory}; null means a key never seen. A state written for another value
     * dimension, history length or forecast shape cannot be continued and is dropped: the key starts afresh. A state
     * whose anomaly estimator has another size keeps everything else and restarts only the estimator.
     *
     * @return false when a stored state was dropped
     */
    public boolean decode(KeyState stored, KeyMemory memory) {
        memory.reset();
        if (stored == null) {
            return true;
        }
        int v = memory.valueDimension();
        ByteBuffer s = littleEndian(stored.getScaler());
        ByteBuffer t = littleEndian(stored.getHistoryTimes());
        ByteBuffer hv = littleEndian(stored.getHistoryValues());
        ByteBuffer f = littleEndian(stored.getForecast());
        ByteBuffer a = littleEndian(stored.getAnomaly());
        ByteBuffer l = littleEndian(stored.getLstmState());
        int historySize = t.remaining() / Long.BYTES;
        boolean fits = s.remaining() == 2 * Double.BYTES * v
                && historySize <= memory.historyLength()
                && hv.remaining() == historySize * v * Float.BYTES
                && (f.remaining() == 0 || f.remaining() == memory.forecast.length * Double.BYTES);
        if (!fits) {
            return false;
        }
        memory.eventCount = stored.getEventCount();
        memory.lastEventTime = stored.getLastEventTime();
        memory.modelVersion = stored.getModelVersion();
        memory.lastRawScore = stored.getLastRawScore();
        memory.lastLikelihood = stored.getLastLikelihood();
        for (int j = 0; j < v; j++) {
            memory.mean[j] = s.getDouble(s.position() + 16 * j);
            memory.variance[j] = s.getDouble(s.position() + 16 * j + 8);
        }
        float[] state = memory.lstmState(l.remaining() / Float.BYTES);
        for (int i = 0; i < memory.lstmStateSize; i++) {
            state[i] = l.getFloat(l.position() + 4 * i);
        }
        memory.hasForecast = f.remaining() > 0;
        for (int i = 0; i < f.remaining() / Double.BYTES; i++) {
            memory.forecast[i] = f.getDouble(f.position() + 8 * i);
        }
        memory.historySize = historySize;
        for (int i = 0; i < historySize; i++) {
            memory.historyTimes[i] = t.getLong(t.position() + 8 * i);
        }
        for (int i = 0; i < historySize * v; i++) {
            memory.historyValues[i] = hv.getFloat(hv.position() + 4 * i);
        }
        if (a.remaining() == memory.anomaly.length * Double.BYTES) {
            for (int i = 0; i < memory.anomaly.length; i++) {
                memory.anomaly[i] = a.getDouble(a.position() + 8 * i);
            }
        }
        return true;
    }

    /** The stored form of {@code memory}; valid until the next call. */
    public KeyState encode(KeyMemory memory) {
        int v = memory.valueDimension();
        scaler = sized(scaler, 2 * Double.BYTES * v);
        for (int j = 0; j < v; j++) {
            scaler.putDouble(16 * j, memory.mean[j]).putDouble(16 * j + 8, memory.variance[j]);
        }
        lstm = sized(lstm, memory.lstmStateSize * Float.BYTES);
        for (int i = 0; i < memory.lstmStateSize; i++) {
            lstm.putFloat(4 * i, memory.lstmState[i]);
        }
        int forecastCount = memory.hasForecast ? memory.forecast.length : 0;
        forecast = sized(forecast, forecastCount * Double.BYTES);
        for (int i = 0; i < forecastCount; i++) {
            forecast.putDouble(8 * i, memory.forecast[i]);
        }
        times = sized(times, memory.historySize * Long.BYTES);
        for (int i = 0; i < memory.historySize; i++) {
            times.putLong(8 * i, memory.historyTimes[i]);
        }
        values = sized(values, memory.historySize * v * Float.BYTES);
        for (int i = 0; i < memory.historySize * v; i++) {
            values.putFloat(4 * i, memory.historyValues[i]);
        }
        anomaly = sized(anomaly, memory.anomaly.length * Double.BYTES);
        for (int i = 0; i < memory.anomaly.length; i++) {
            anomaly.putDouble(8 * i, memory.anomaly[i]);
        }
        reusable.setEventCount(memory.eventCount);
        reusable.setLastEventTime(memory.lastEventTime);
        reusable.setModelVersion(memory.modelVersion);
        reusable.setScaler(scaler);
        reusable.setLstmState(lstm);
        reusable.setForecast(forecast);
        reusable.setHistoryTimes(times);
        reusable.setHistoryValues(values);
        reusable.setAnomaly(anomaly);
        reusable.setLastRawScore(memory.lastRawScore);
        reusable.setLastLikelihood(memory.lastLikelihood);
        return reusable;
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

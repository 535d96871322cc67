package io.streamcast.predict;

import io.streamcast.codec.UndecodableStateException;
import io.streamcast.schema.KeyState;
import io.streamcast.serde.TrustedSchemaClasses;
import io.streamcast.stats.Finite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads key states stored by releases before the sectioned format: an Avro {@code KeyState} in the schema
 * registry's wire format (magic byte 0, a 4-byte schema id, the Avro binary). Only two writer schemas were ever
 * released for it, and their encodings differ in length (the later one appends two doubles), so the body is read
 * with whichever of the two consumes it exactly, without asking the registry. Each such state is read once: the
 * predictor stores it back in the current format.
 */
final class LegacyKeyState {

    /** The registry wire format's first byte. */
    static final byte MAGIC = 0;
    private static final int HEADER = 5;
    /** The first released KeyState schema: without last_raw_score and last_likelihood. */
    private static final Schema FIRST = new Schema.Parser().parse("""
            {"type": "record", "name": "KeyState", "namespace": "io.streamcast.schema", "fields": [
              {"name": "event_count", "type": "long"},
              {"name": "last_event_time", "type": "long"},
              {"name": "model_version", "type": "long"},
              {"name": "scaler", "type": "bytes"},
              {"name": "lstm_state", "type": "bytes"},
              {"name": "forecast", "type": "bytes"},
              {"name": "history_times", "type": "bytes"},
              {"name": "history_values", "type": "bytes"},
              {"name": "anomaly", "type": "bytes"}]}""");

    private LegacyKeyState() {
    }

    static boolean recognises(byte[] stored) {
        return stored.length >= HEADER && stored[0] == MAGIC;
    }

    /**
     * Reads a legacy state into {@code memory} (reset first).
     *
     * @return false when the state was written for another value dimension, history length or forecast shape
     * @throws UndecodableStateException when the bytes are not a KeyState of either released schema
     */
    static boolean read(byte[] stored, KeyMemory memory) {
        TrustedSchemaClasses.install();
        KeyState state = parse(stored, KeyState.getClassSchema());
        if (state == null) {
            state = parse(stored, FIRST);
        }
        if (state == null) {
            throw new UndecodableStateException("a registry-framed key state of " + stored.length
                    + " bytes that neither released KeyState schema reads exactly");
        }
        return load(state, memory);
    }

    private static KeyState parse(byte[] stored, Schema writer) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(stored, HEADER, stored.length - HEADER, null);
        try {
            KeyState state = new SpecificDatumReader<KeyState>(writer, KeyState.getClassSchema()).read(null, decoder);
            return decoder.isEnd() ? state : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean load(KeyState stored, KeyMemory memory) {
        memory.reset();
        int v = memory.valueDimension();
        ByteBuffer s = littleEndian(stored.getScaler());
        ByteBuffer t = littleEndian(stored.getHistoryTimes());
        ByteBuffer hv = littleEndian(stored.getHistoryValues());
        ByteBuffer f = littleEndian(stored.getForecast());
        ByteBuffer l = littleEndian(stored.getLstmState());
        int historySize = t.remaining() / Long.BYTES;
        boolean fits = s.remaining() == 2 * Double.BYTES * v
                && historySize <= memory.historyLength()
                && hv.remaining() == historySize * v * Float.BYTES
                && (f.remaining() == 0 || f.remaining() == memory.horizon() * memory.forecastCount() * Double.BYTES);
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
        memory.deriveLogScaling();
        // As the sectioned format's scaler: statistics overflowed before values above KeyStep.MAX_MAGNITUDE were
        // refused would make every input NaN, and so would a negative variance (the signed logs' is derived from it);
        // a negative count, a variance of NaN at the next event.
        if (memory.eventCount < 0 || !Scaler.allFinite(memory.mean) || !Scaler.allFinite(memory.variance)
                || !Scaler.allFinite(memory.logMean) || !Scaler.allFinite(memory.logVariance)
                || !Scaler.allNonNegative(memory.variance)) {
            return false;
        }
        float[] lstm = memory.lstmState(l.remaining() / Float.BYTES);
        for (int i = 0; i < memory.lstmStateSize; i++) {
            lstm[i] = l.getFloat(l.position() + 4 * i);
        }
        // As the sectioned format's network section: a cell of NaN or infinity would stay so at every later step, and
        // a negative version is none a model has; the network starts afresh, re-warmed from the history at the next
        // event, the rest of the key kept.
        if (memory.modelVersion < 0 || !Finite.all(lstm, 0, memory.lstmStateSize)) {
            memory.modelVersion = 0;
            memory.lstmStateSize = 0;
        }
        if (f.remaining() > 0) {
            double[] row = new double[f.remaining() / Double.BYTES];
            for (int i = 0; i < row.length; i++) {
                row[i] = f.getDouble(f.position() + 8 * i);
            }
            memory.restoreForecastRow(row);
            // as the sectioned format's forecast section: the next event would be scored to a NaN residual and score
            if (!Finite.all(memory.forecasts, 0, memory.forecastRows * memory.slots())) {
                memory.forecastRows = 0;
            }
        }
        memory.historySize = historySize;
        for (int i = 0; i < historySize; i++) {
            memory.historyTimes[i] = t.getLong(t.position() + 8 * i);
        }
        for (int i = 0; i < historySize * v; i++) {
            memory.historyValues[i] = hv.getFloat(hv.position() + 4 * i);
        }
        // As the sectioned format's history, which is essential: a value that is not finite would be replayed into the
        // network at each re-warm, every model forecast NaN until it left the history.
        if (!Finite.all(memory.historyValues, 0, historySize * v)) {
            return false;
        }
        // those releases kept no value more exactly than the history's
        memory.recentValuesFromHistory(0);
        // The anomaly scorer of earlier releases kept other statistics: the detector starts afresh.
        return true;
    }

    private static ByteBuffer littleEndian(ByteBuffer buffer) {
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }
}

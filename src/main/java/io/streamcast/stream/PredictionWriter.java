package io.streamcast.stream;

import io.streamcast.anomaly.Statistic;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.StepResult;
import io.streamcast.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@code Prediction} in the registry wire format straight from the step's {@link StepResult}: the same
 * bytes Avro's own writer produces for the record (tests compare them byte for byte), without building the
 * record, boxing its numbers or encoding its key anew. Only the returned array is allocated. Applies when the
 * topic's records are written with the class's own schema; otherwise the predictor fills a record instead.
 *
 * <p>Field order is the schema's: key, event_time, observed, forecast, residual, raw_score, likelihood,
 * log_likelihood, is_anomaly, model_version, warming_up, forecast_lower, forecast_upper, interval_coverage,
 * anomaly_cause.
 * Not thread-safe: one per stream thread.
 */
final class PredictionWriter {

    private final InputSpec spec;
    private final BinaryWriter out = new BinaryWriter(512);

    PredictionWriter(InputSpec spec) {
        this.spec = spec;
    }

    /**
     * @param schemaId the registry id of the Prediction schema for the topic
     * @param key      the entity id as UTF-8 bytes, the record key
     */
    byte[] write(int schemaId, byte[] key, long eventTime, StepResult result) {
        out.reset();
        out.writeByte(WireFormat.MAGIC_BYTE);
        out.writeByte(schemaId >>> 24);
        out.writeByte(schemaId >>> 16);
        out.writeByte(schemaId >>> 8);
        out.writeByte(schemaId);
        writeKey(key);
        out.writeSignedVarLong(eventTime);
        int v = spec.valueDimension();
        int f = spec.forecastCount();
        int horizon = spec.horizon();
        writeArrayStart(v);
        for (int j = 0; j < v; j++) {
            out.writeDouble(result.observed(j));
        }
        writeArrayEnd();
        writeMatrix(result, horizon, f, FORECAST);
        int residuals = result.residualCount();
        writeArrayStart(residuals);
        for (int j = 0; j < residuals; j++) {
            out.writeDouble(result.residual(j));
        }
        writeArrayEnd();
        out.writeDouble(result.rawScore());
        out.writeDouble(result.likelihood());
        out.writeDouble(result.logLikelihood());
        out.writeBoolean(result.isAnomaly());
        out.writeSignedVarLong(result.modelVersion());
        out.writeBoolean(result.warmingUp());
        int rows = result.hasInterval() ? horizon : 0;
        writeMatrix(result, rows, f, LOWER);
        writeMatrix(result, rows, f, UPPER);
        out.writeDouble(result.intervalCoverage());
        byte[] cause = CAUSES[result.anomalyCause().ordinal()];
        out.writeSignedVarLong(cause.length);
        out.writeBytes(cause, 0, cause.length);
        return out.toByteArray();
    }

    /** Each cause's label as UTF-8, by ordinal: written as an Avro string without encoding it per record. */
    private static final byte[][] CAUSES = Arrays.stream(Statistic.values())
            .map(cause -> cause.label().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private static final int FORECAST = 0;
    private static final int LOWER = 1;
    private static final int UPPER = 2;

    private void writeMatrix(StepResult result, int rows, int columns, int which) {
        writeArrayStart(rows);
        for (int k = 1; k <= rows; k++) {
            writeArrayStart(columns);
            for (int j = 0; j < columns; j++) {
                out.writeDouble(switch (which) {
                    case FORECAST -> result.forecast(k, j);
                    case LOWER -> result.lower(k, j);
                    default -> result.upper(k, j);
                });
            }
            writeArrayEnd();
        }
        writeArrayEnd();
    }

    /** Avro's binary encoder writes a block count before a non-empty array's items. */
    private void writeArrayStart(int items) {
        if (items > 0) {
            out.writeSignedVarLong(items);
        }
    }

    /** ...and a zero count after them, which alone is an empty array. */
    private void writeArrayEnd() {
        out.writeSignedVarLong(0);
    }

    /**
     * An Avro string is its UTF-8 bytes after their length. Valid UTF-8 is what Avro would write for the decoded
     * key; other bytes are decoded as Java does (replacing malformed sequences) and encoded again, as Avro would.
     */
    private void writeKey(byte[] key) {
        if (Utf8.isValid(key)) {
            out.writeSignedVarLong(key.length);
            out.writeBytes(key, 0, key.length);
        } else {
            byte[] replaced = new String(key, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            out.writeSignedVarLong(replaced.length);
            out.writeBytes(replaced, 0, replaced.length);
        }
    }
}

package io.streamcast.predict;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.UndecodableStateException;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.TrustedSchemaClasses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The format of training windows on the training-samples topic and in the trainer's training-set store:
 * Streamcast's own, read by Streamcast alone, so neither the predictor nor the trainer waits on a schema registry.
 *
 * <pre>
 * magic 0xC7, version 2,
 * key (varint length, UTF-8), value dimension (varint), rows (varint),
 * event times (zigzag varints: the first time, the first difference, then differences of differences),
 * values as received (float32 little-endian, [row][value]),
 * per value the key's scaling statistics: mean and variance of the raw values, then of their signed logs (float64)
 * </pre>
 *
 * Version 1 held scaled values in place of the raw values and statistics; such windows are read (into
 * {@code values}) but no candidate can train on them, since they cannot be read through another transform.
 *
 * Windows written by earlier releases (an Avro {@code TrainingSample} in the registry's wire format, of either
 * released schema version) are read too, without the registry.
 */
public final class TrainingSampleCodec {

    static final int MAGIC = 0xC7;
    static final int VERSION = 2;
    private static final int SCALED_VERSION = 1;
    private static final int LEGACY_HEADER = 5;
    /** The first TrainingSample schema released in the registry format: scaled values only. */
    private static final Schema FIRST_RELEASED = new Schema.Parser().parse("""
            {"type": "record", "name": "TrainingSample", "namespace": "io.streamcast.schema", "fields": [
              {"name": "key", "type": "string"},
              {"name": "value_dimension", "type": "int"},
              {"name": "times", "type": "bytes"},
              {"name": "values", "type": "bytes"}]}""");
    /** Bounds a malformed length before anything is allocated for it. */
    private static final int MAX_VALUES = 1 << 26;

    private TrainingSampleCodec() {
    }

    /**
     * Writes a window from a key's history: {@code rows} times, {@code rows * dimension} raw values, and per value
     * the key's mean and variance of the raw values and of their signed logs.
     */
    public static void write(BinaryWriter out, byte[] key, int keyLength, long[] times, int rows, float[] values,
                             int dimension, double[] mean, double[] variance, double[] logMean,
                             double[] logVariance) {
        out.reset();
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeVarLong(keyLength);
        out.writeBytes(key, 0, keyLength);
        out.writeVarLong(dimension);
        out.writeVarLong(rows);
        for (int i = 0; i < rows; i++) {
            long value = i == 0 ? times[0]
                    : i == 1 ? times[1] - times[0]
                    : (times[i] - times[i - 1]) - (times[i - 1] - times[i - 2]);
            out.writeSignedVarLong(value);
        }
        out.writeFloats(values, 0, rows * dimension);
        for (int j = 0; j < dimension; j++) {
            out.writeDouble(mean[j]);
            out.writeDouble(variance[j]);
            out.writeDouble(logMean[j]);
            out.writeDouble(logVariance[j]);
        }
    }

    /** The encoded form of {@code sample}, which must carry raw values and scaling statistics. */
    public static byte[] encode(TrainingSample sample) {
        ByteBuffer timeBytes = sample.getTimes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer valueBytes = sample.getRawValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer scalerBytes = sample.getScalers().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int rows = timeBytes.remaining() / Long.BYTES;
        long[] times = new long[rows];
        for (int i = 0; i < rows; i++) {
            times[i] = timeBytes.getLong(timeBytes.position() + 8 * i);
        }
        float[] values = new float[valueBytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = valueBytes.getFloat(valueBytes.position() + 4 * i);
        }
        int dimension = sample.getValueDimension();
        if (!hasRawValues(sample)) {
            throw new IllegalArgumentException("a window of " + rows + " times, " + values.length
                    + " values and " + scalerBytes.remaining() + " bytes of scaling statistics does not have "
                    + dimension + " values per time");
        }
        double[][] statistics = new double[4][dimension];
        for (int j = 0; j < dimension; j++) {
            for (int s = 0; s < 4; s++) {
                statistics[s][j] = scalerBytes.getDouble(scalerBytes.position() + 32 * j + 8 * s);
            }
        }
        byte[] key = sample.getKey().getBytes(StandardCharsets.UTF_8);
        BinaryWriter out = new BinaryWriter(16 + key.length + 10 * rows + 4 * values.length + 32 * dimension);
        write(out, key, key.length, times, rows, values, dimension, statistics[0], statistics[1], statistics[2],
                statistics[3]);
        return out.toByteArray();
    }

    /**
     * Whether {@code sample} carries a raw value for each of its times and value dimension, as every window of this
     * release does; windows of releases before raw values were sent carry none, and can be neither trained on nor
     * stored.
     */
    public static boolean hasRawValues(TrainingSample sample) {
        int dimension = sample.getValueDimension();
        int rows = sample.getTimes().remaining() / Long.BYTES;
        return dimension >= 1 && sample.getRawValues().remaining() == (long) rows * dimension * Float.BYTES
                && sample.getScalers().remaining() == 32 * dimension;
    }

    /**
     * Reads a window in the current format or in the registry-framed Avro format of earlier releases.
     *
     * @throws UndecodableStateException when the bytes are neither
     */
    public static TrainingSample decode(byte[] bytes) {
        if (bytes.length >= LEGACY_HEADER && bytes[0] == 0) {
            return decodeLegacy(bytes);
        }
        BinaryReader in = new BinaryReader().reset(bytes, 0, bytes.length);
        if (bytes.length < 2 || in.readByte() != MAGIC) {
            throw new UndecodableStateException("not a training window: " + bytes.length + " bytes, first byte "
                    + (bytes.length == 0 ? "none" : String.valueOf(bytes[0] & 0xff)));
        }
        int version = in.readByte();
        if (version != VERSION && version != SCALED_VERSION) {
            throw new UndecodableStateException("training window format version " + version
                    + " is not a known version (" + SCALED_VERSION + " or " + VERSION + ")");
        }
        int keyLength = in.readCount(in.remaining());
        int keyStart = in.position();
        in.skip(keyLength);
        String key = new String(bytes, keyStart, keyLength, StandardCharsets.UTF_8);
        int dimension = in.readCount(MAX_VALUES);
        int rows = in.readCount(MAX_VALUES);
        if (dimension < 1 || (long) rows * dimension > MAX_VALUES) {
            throw new UndecodableStateException("a training window of " + rows + " rows of " + dimension + " values");
        }
        // each row takes at least a byte of time and 4 per value, and the scaling statistics 32 bytes per value:
        // checked before anything is allocated for them, so a corrupt count cannot ask for more memory than the record
        // holds
        long statisticsBytes = version == VERSION ? 32L * dimension : 0;
        if (rows + (long) rows * dimension * Float.BYTES + statisticsBytes > in.remaining()) {
            throw new UndecodableStateException("a training window of " + rows + " rows of " + dimension
                    + " values in " + in.remaining() + " bytes");
        }
        ByteBuffer times = ByteBuffer.allocate(rows * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long previous = 0;
        long step = 0;
        for (int i = 0; i < rows; i++) {
            long value = in.readSignedVarLong();
            if (i == 0) {
                previous = value;
            } else {
                step = i == 1 ? value : step + value;
                previous += step;
            }
            times.putLong(8 * i, previous);
        }
        ByteBuffer values = ByteBuffer.allocate(rows * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * dimension; i++) {
            values.putFloat(4 * i, in.readFloat());
        }
        ByteBuffer statistics = ByteBuffer.allocate((int) statisticsBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < statistics.capacity() / 8; i++) {
            statistics.putDouble(8 * i, in.readDouble());
        }
        if (in.remaining() != 0) {
            throw new UndecodableStateException(in.remaining() + " bytes left over after a training window");
        }
        TrainingSample.Builder sample = TrainingSample.newBuilder().setKey(key).setValueDimension(dimension)
                .setTimes(times);
        return version == VERSION
                ? sample.setValues(ByteBuffer.allocate(0)).setRawValues(values).setScalers(statistics).build()
                : sample.setValues(values).build();
    }

    /**
     * Reads a window in the registry's wire format. The header's schema id means nothing without the registry, so
     * each released schema is tried, the second (today's fields: raw values and scaling statistics) first; only a
     * parse that uses every byte counts, and no window parses whole under both, since the second adds two
     * length-prefixed fields at the end.
     */
    private static TrainingSample decodeLegacy(byte[] bytes) {
        TrustedSchemaClasses.install();
        try {
            return decodeLegacy(bytes, TrainingSample.getClassSchema());
        } catch (UndecodableStateException second) {
            try {
                return decodeLegacy(bytes, FIRST_RELEASED);
            } catch (UndecodableStateException first) {
                first.addSuppressed(second);
                throw first;
            }
        }
    }

    private static TrainingSample decodeLegacy(byte[] bytes, Schema writer) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, LEGACY_HEADER,
                bytes.length - LEGACY_HEADER, null);
        try {
            TrainingSample sample = new SpecificDatumReader<TrainingSample>(writer, TrainingSample.getClassSchema())
                    .read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableStateException("bytes left over after a registry-framed training window");
            }
            return sample;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UndecodableStateException u) {
                throw u;
            }
            throw new UndecodableStateException("a registry-framed training window that does not decode: " + e, e);
        }
    }
}

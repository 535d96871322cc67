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
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The format of training windows on the training-samples topic and in the trainer's training-set store:
 * Streamcast's own, read by Streamcast alone, so neither the predictor nor the trainer waits on a schema registry.
 *
 * <pre>
 * magic 0xC7, version 1,
 * key (varint length, UTF-8), value dimension (varint), rows (varint),
 * event times (zigzag varints: the first time, the first difference, then differences of differences),
 * scaled values (float32 little-endian, [row][value])
 * </pre>
 *
 * Windows written by earlier releases (an Avro {@code TrainingSample} in the registry's wire format, of which one
 * schema version was released) are read too, without the registry.
 */
public final class TrainingSampleCodec {

    static final int MAGIC = 0xC7;
    static final int VERSION = 1;
    private static final int LEGACY_HEADER = 5;
    /** Bounds a malformed length before anything is allocated for it. */
    private static final int MAX_VALUES = 1 << 26;

    private TrainingSampleCodec() {
    }

    /** Writes a window from a key's history: {@code rows} times and {@code rows * dimension} scaled values. */
    public static void write(BinaryWriter out, byte[] key, int keyLength, long[] times, int rows, float[] values,
                             int dimension) {
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
    }

    /** The encoded form of {@code sample}. */
    public static byte[] encode(TrainingSample sample) {
        ByteBuffer timeBytes = sample.getTimes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer valueBytes = sample.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
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
        if (dimension < 1 || values.length != rows * dimension) {
            throw new IllegalArgumentException("a window of " + rows + " times and " + values.length
                    + " values does not have " + dimension + " values per time");
        }
        byte[] key = sample.getKey().getBytes(StandardCharsets.UTF_8);
        BinaryWriter out = new BinaryWriter(16 + key.length + 10 * rows + 4 * values.length);
        write(out, key, key.length, times, rows, values, dimension);
        return out.toByteArray();
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
        if (version != VERSION) {
            throw new UndecodableStateException("training window format version " + version
                    + " is not the known version " + VERSION);
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
        if (in.remaining() != 0) {
            throw new UndecodableStateException(in.remaining() + " bytes left over after a training window");
        }
        return TrainingSample.newBuilder().setKey(key).setValueDimension(dimension).setTimes(times)
                .setValues(values).build();
    }

    private static TrainingSample decodeLegacy(byte[] bytes) {
        TrustedSchemaClasses.install();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, LEGACY_HEADER,
                bytes.length - LEGACY_HEADER, null);
        try {
            TrainingSample sample = new SpecificDatumReader<>(TrainingSample.class).read(null, decoder);
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

package io.streamcast.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A growable, unsynchronised byte buffer with its own Avro encoder, reused by one thread for record after record,
 * so that serializing allocates only the returned array.
 */
final class EncodeBuffer extends OutputStream {

    private static final int INITIAL_SIZE = 512;
    /** Above this a buffer is dropped after use, so one huge record does not pin its size for the thread's life. */
    private static final int MAX_RETAINED_SIZE = 1 << 20;

    private byte[] bytes = new byte[INITIAL_SIZE];
    private int count;
    private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(this, null);

    BinaryEncoder encoder() {
        return encoder;
    }

    void reset() {
        count = 0;
    }

    void writeHeader(int schemaId) {
        ensure(WireFormat.HEADER_SIZE);
        bytes[count++] = WireFormat.MAGIC_BYTE;
        bytes[count++] = (byte) (schemaId >>> 24);
        bytes[count++] = (byte) (schemaId >>> 16);
        bytes[count++] = (byte) (schemaId >>> 8);
        bytes[count++] = (byte) schemaId;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    /** The bytes written since the last reset, as a new array; shrinks an oversized buffer afterwards. */
    byte[] toByteArray() {
        byte[] copy = Arrays.copyOf(bytes, count);
        if (bytes.length > MAX_RETAINED_SIZE) {
            bytes = new byte[INITIAL_SIZE];
        }
        count = 0;
        return copy;
    }

    private void ensure(int extra) {
        if (count + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + extra));
        }
    }
}

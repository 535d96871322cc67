package io.streamcast.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte buffer reused from record to record, with the few primitives stored states are made of:
 * LEB128 varints (zigzag for signed values), little-endian IEEE floats and doubles, and a compact form for arrays
 * of doubles that are often zero or whole numbers. Writing allocates nothing once the buffer has grown to the
 * largest record; {@link #toByteArray} makes the one copy that leaves.
 */
public final class BinaryWriter {

    static final int ZERO = 0;
    static final int WHOLE = 1;
    static final int SINGLE = 2;
    static final int DOUBLE = 3;
    /** Whole numbers up to 2^53 are exact in a double, so they round-trip through a varint. */
    static final long MAX_WHOLE = 1L << 53;

    /** Four or eight bytes at a time, little-endian, as one store each (the JIT's intrinsic for array views). */
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int count;

    public BinaryWriter() {
        this(256);
    }

    public BinaryWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        count = 0;
    }

    /** Bytes written since the last reset. */
    public int size() {
        return count;
    }

    /** The internal buffer; valid up to {@link #size()} until the next write. */
    public byte[] buffer() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    public void writeByte(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    public void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    public void writeBytes(byte[] source, int from, int length) {
        ensure(length);
        System.arraycopy(source, from, bytes, count, length);
        count += length;
    }

    /** An unsigned LEB128 varint: 7 bits a byte, low bits first. */
    public void writeVarLong(long value) {
        ensure(10);
        while ((value & ~0x7fL) != 0) {
            bytes[count++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes[count++] = (byte) value;
    }

    /** A zigzag varint, so that small negative values are as short as small positive ones. */
    public void writeSignedVarLong(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    public void writeIntLE(int value) {
        ensure(4);
        INT.set(bytes, count, value);
        count += 4;
    }

    public void writeLongLE(long value) {
        ensure(8);
        LONG.set(bytes, count, value);
        count += 8;
    }

    /** The float's exact bits, NaN payloads included. */
    public void writeFloat(float value) {
        writeIntLE(Float.floatToRawIntBits(value));
    }

    /** The double's exact bits, NaN payloads included. */
    public void writeDouble(double value) {
        writeLongLE(Double.doubleToRawLongBits(value));
    }

    public void writeFloats(float[] source, int from, int length) {
        ensure(4 * length);
        for (int i = 0; i < length; i++) {
            INT.set(bytes, count, Float.floatToRawIntBits(source[from + i]));
            count += 4;
        }
    }

    /**
     * Doubles, each as short as it can be while staying bit-exact: 2 bits of kind per value up front (packed four
     * to a byte), then per value nothing for +0.0, a varint for a whole number in [0, 2^53], 4 bytes for a value a
     * float holds exactly, else 8 bytes. Counters kept as doubles take one or two bytes this way.
     */
    public void writeCompactDoubles(double[] source, int from, int length) {
        int classes = count;
        int classBytes = (length + 3) / 4;
        ensure(classBytes);
        Arrays.fill(bytes, classes, classes + classBytes, (byte) 0);
        count += classBytes;
        for (int i = 0; i < length; i++) {
            double value = source[from + i];
            int kind = kindOf(value);
            bytes[classes + i / 4] |= (byte) (kind << (2 * (i % 4)));
            switch (kind) {
                case ZERO -> { }
                case WHOLE -> writeVarLong((long) value);
                case SINGLE -> writeFloat((float) value);
                default -> writeDouble(value);
            }
        }
    }

    private static int kindOf(double value) {
        long bits = Double.doubleToRawLongBits(value);
        if (bits == 0) {
            return ZERO;
        }
        if (value > 0 && value <= MAX_WHOLE && value == Math.rint(value)) {
            return WHOLE;
        }
        float single = (float) value;
        if (Double.doubleToRawLongBits(single) == bits) {
            return SINGLE;
        }
        return DOUBLE;
    }

    /**
     * Starts a length-prefixed block (a section's payload): returns a mark for {@link #endBlock}, which writes the
     * length in front of the block once it is known.
     */
    public int startBlock() {
        ensure(MAX_VARINT_INT);
        int mark = count;
        count += MAX_VARINT_INT;
        return mark;
    }

    /** Ends the block started at {@code mark}: writes its length as a varint and moves the payload up to it. */
    public void endBlock(int mark) {
        int payloadStart = mark + MAX_VARINT_INT;
        int length = count - payloadStart;
        int lengthBytes = varIntSize(length);
        int p = mark;
        int value = length;
        while ((value & ~0x7f) != 0) {
            bytes[p++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes[p++] = (byte) value;
        System.arraycopy(bytes, payloadStart, bytes, p, length);
        count = mark + lengthBytes + length;
    }

    private static final int MAX_VARINT_INT = 5;

    private static int varIntSize(int value) {
        int size = 1;
        while ((value & ~0x7f) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private void ensure(int extra) {
        if (count + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, count + extra));
        }
    }
}

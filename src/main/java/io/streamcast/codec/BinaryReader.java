package io.streamcast.codec;

/**
 * Reads the primitives {@link BinaryWriter} writes from a window of a byte array. Every read is bounds-checked
 * against the window and fails with {@link UndecodableStateException}, so malformed bytes never read past a
 * section or return garbage silently. Reusable: {@link #reset} points it at other bytes; reading allocates
 * nothing.
 */
public final class BinaryReader {

    private byte[] bytes = new byte[0];
    private int position;
    private int limit;

    /** Reads {@code bytes[from, to)}. */
    public BinaryReader reset(byte[] source, int from, int to) {
        if (from < 0 || to > source.length || from > to) {
            throw new IllegalArgumentException("window [" + from + ", " + to + ") outside " + source.length + " bytes");
        }
        this.bytes = source;
        this.position = from;
        this.limit = to;
        return this;
    }

    public int position() {
        return position;
    }

    public int limit() {
        return limit;
    }

    public int remaining() {
        return limit - position;
    }

    /** Narrows the window to end at {@code newLimit}, e.g. the end of one section; returns the old limit. */
    public int limitTo(int newLimit) {
        if (newLimit < position || newLimit > limit) {
            throw new UndecodableStateException("a length of " + (newLimit - position) + " bytes runs past the "
                    + remaining() + " bytes left");
        }
        int old = limit;
        limit = newLimit;
        return old;
    }

    /** Restores a window end returned by {@link #limitTo}. */
    public void restoreLimit(int oldLimit) {
        limit = oldLimit;
    }

    public void skip(int count) {
        require(count);
        position += count;
    }

    public int readByte() {
        require(1);
        return bytes[position++] & 0xff;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new UndecodableStateException("expected a boolean (0 or 1), found " + b);
        }
        return b == 1;
    }

    /** An unsigned LEB128 varint of at most 64 bits. */
    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            if (shift == 63 && (b & 0x7e) != 0) {
                // The tenth byte holds the 64th bit alone: more would be dropped, and a corrupt count pass as small.
                throw new UndecodableStateException("a varint runs over 64 bits");
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new UndecodableStateException("a varint runs over 10 bytes");
    }

    /**
     * An unsigned varint that must be a non-negative long, as every count stored is: a count of 2^63 or more decodes
     * as negative, and would index a ring out of its bounds on the key's next event, failing each of them.
     */
    public long readNonNegativeVarLong() {
        long value = readVarLong();
        if (value < 0) {
            throw new UndecodableStateException("a count of " + Long.toUnsignedString(value) + " exceeds 2^63 - 1");
        }
        return value;
    }

    /** An unsigned varint that must fit a non-negative int no larger than {@code max}. */
    public int readCount(int max) {
        long value = readVarLong();
        if (value < 0 || value > max) {
            throw new UndecodableStateException("a count of " + value + " exceeds its bound " + max);
        }
        return (int) value;
    }

    /** A zigzag varint: small magnitudes of either sign take few bytes. */
    public long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readIntLE() {
        require(4);
        int value = (int) BinaryWriter.INT.get(bytes, position);
        position += 4;
        return value;
    }

    public long readLongLE() {
        require(8);
        long value = (long) BinaryWriter.LONG.get(bytes, position);
        position += 8;
        return value;
    }

    public float readFloat() {
        return Float.intBitsToFloat(readIntLE());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLongLE());
    }

    /** Reads {@code count} floats into {@code target[from, from + count)}. */
    public void readFloats(float[] target, int from, int count) {
        require(4L * count);
        for (int i = 0; i < count; i++) {
            target[from + i] = Float.intBitsToFloat((int) BinaryWriter.INT.get(bytes, position));
            position += 4;
        }
    }

    /** Reads {@code count} doubles written by {@link BinaryWriter#writeCompactDoubles}. */
    public void readCompactDoubles(double[] target, int from, int count) {
        int classes = position;
        int classBytes = (count + 3) / 4;
        skip(classBytes);
        for (int i = 0; i < count; i++) {
            int kind = (bytes[classes + i / 4] >>> (2 * (i % 4))) & 3;
            target[from + i] = switch (kind) {
                case BinaryWriter.ZERO -> 0.0;
                case BinaryWriter.WHOLE -> {
                    long whole = readVarLong();
                    if (whole < 0 || whole > BinaryWriter.MAX_WHOLE) {
                        throw new UndecodableStateException("a whole number " + whole + " outside [0, 2^53]");
                    }
                    yield whole;
                }
                case BinaryWriter.SINGLE -> readFloat();
                default -> readDouble();
            };
        }
    }

    private void require(long count) {
        if (count < 0 || count > limit - position) {
            throw new UndecodableStateException("needs " + count + " more bytes, " + (limit - position) + " left");
        }
    }
}

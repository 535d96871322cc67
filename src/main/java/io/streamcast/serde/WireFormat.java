package io.streamcast.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a serialized record: magic byte 0, the writer schema's registry id as 4 big-endian bytes,
 * then the Avro binary encoding of the record.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The writer schema id of {@code bytes}, checking the frame. */
    public static int schemaId(byte[] bytes) {
        if (bytes.length < HEADER_SIZE || bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("Not in the schema registry wire format: " + bytes.length
                    + " bytes, first byte " + (bytes.length == 0 ? "none" : String.valueOf(bytes[0]))
                    + " (expected magic byte 0 and a 4-byte schema id)");
        }
        return (bytes[1] & 0xff) << 24 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 8 | bytes[4] & 0xff;
    }
}

package io.streamcast.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * What another producer or consumer of the wire format does, written with Avro's generic API only, so tests can
 * stand in for Confluent clients of other schema versions.
 */
final class Framing {

    private Framing() {
    }

    /** {@code datum} written with {@code schema} under schema id {@code id}. */
    static byte[] write(int id, Schema schema, Object datum) {
        byte[] body = SampleData.encode(schema, datum);
        return ByteBuffer.allocate(WireFormat.HEADER_SIZE + body.length)
                .put(WireFormat.MAGIC_BYTE).putInt(id).put(body).array();
    }

    /** The record in {@code bytes}, written with {@code writer}, read as {@code reader}. */
    static GenericRecord read(byte[] bytes, Schema writer, Schema reader) {
        try {
            return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get()
                    .binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema kept beside the tests, under src/test/resources/io/streamcast/serde. */
    static Schema testSchema(String fileName) {
        try (InputStream in = Framing.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("No test schema " + fileName);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.streamcast.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one generated Avro class in the Confluent Schema Registry wire format: magic byte 0, the writer
 * schema's registry id as 4 big-endian bytes, then the Avro binary encoding. Reading resolves the writer's
 * schema (looked up by id) against the generated class's schema, so records written by older or newer
 * versions of a compatible schema decode.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;

    static {
        GeneratedClasses.trust();
    }

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this.type = type;
        this.readerSchema = schemaOf(type);
        this.registry = registry;
        this.isKey = isKey;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, false);
    }

    private static Schema schemaOf(Class<?> type) {
        try {
            return (Schema) type.getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro class", e);
        }
    }

    /** Subject under Confluent's default topic name strategy. */
    String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Integer id = idsByTopic.get(topic);
        if (id == null) {
            id = registry.register(subject(topic), readerSchema);
            idsByTopic.put(topic, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName() + " for topic " + topic, e);
        }
        return out.toByteArray();
    }

    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER_SIZE || bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("Not in the schema registry wire format (" + bytes.length
                    + " bytes, first byte " + (bytes.length == 0 ? "none" : bytes[0]) + ") on topic " + topic);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        DatumReader<T> reader = readersById.get(id);
        if (reader == null) {
            reader = readerFor(id);
            readersById.put(id, reader);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE,
                    bytes.length - HEADER_SIZE, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException(decoder.inputStream().available()
                        + " bytes left over after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " with writer schema "
                    + id + " on topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (RuntimeException e) {
            throw new SerializationException("Unknown writer schema id " + id + " for "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }
}

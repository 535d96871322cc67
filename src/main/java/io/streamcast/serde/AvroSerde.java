package io.streamcast.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one generated Avro class in the Confluent Schema Registry wire format (see {@link WireFormat}), byte
 * for byte what Confluent's {@code KafkaAvroSerializer} writes and its deserializer reads. Reading resolves the
 * writer's schema against the generated class's, so records written by older or newer versions of a compatible
 * schema decode. Works with any {@link SchemaRegistry}: {@code mock://} or HTTP.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** A serde with Confluent's default serializer settings: topic name strategy, auto-registration. */
    public AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this(type, registry, isKey, SerdeOptions.DEFAULTS);
    }

    public AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, SerdeOptions options) {
        this.serializer = new AvroSerializer<>(type, registry, isKey, options);
        this.deserializer = new AvroDeserializer<>(type, registry);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, false);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, true);
    }

    /**
     * A serde whose serializer settings ({@code auto.register.schemas}, {@code use.latest.version},
     * {@code latest.compatibility.strict}, {@code key.subject.name.strategy} / {@code value.subject.name.strategy})
     * come from {@code configs}, the same map the registry was created from.
     */
    public static <T extends SpecificRecord> AvroSerde<T> create(Class<T> type, SchemaRegistry registry,
                                                                 Map<String, ?> configs, boolean isKey) {
        return new AvroSerde<>(type, registry, isKey, new SchemaRegistryConfig(configs).serdeOptions(isKey));
    }

    /** See {@link AvroSerializer#prepare(String)}: settles (and checks) the schema id for {@code topic} now. */
    public int prepare(String topic) {
        return serializer.prepare(topic);
    }

    /** See {@link AvroSerializer#ownSchemaId(String)}. */
    public int ownSchemaId(String topic) {
        return serializer.ownSchemaId(topic);
    }

    /** See {@link AvroDeserializer#writerUnitsPerMilli(int, String)}. */
    public long writerUnitsPerMilli(int id, String field) {
        return deserializer.writerUnitsPerMilli(id, field);
    }

    /** See {@link AvroDeserializer#writesReaderLayout(String, int)}. */
    public boolean writesReaderLayout(String topic, int id) {
        return deserializer.writesReaderLayout(topic, id);
    }

    /** The subject records for {@code topic} are registered or looked up under. */
    public String subject(String topic) {
        return serializer.subject(topic);
    }

    public byte[] serialize(String topic, T record) {
        return serializer.serialize(topic, record);
    }

    public T deserialize(String topic, byte[] bytes) {
        return deserializer.deserialize(topic, bytes);
    }

    /** See {@link AvroDeserializer#deserialize(String, byte[], SpecificRecord)}: decodes into {@code reuse}. */
    public T deserialize(String topic, byte[] bytes, T reuse) {
        return deserializer.deserialize(topic, bytes, reuse);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}

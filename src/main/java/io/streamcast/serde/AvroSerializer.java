package io.streamcast.serde;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes one generated Avro class in Confluent's wire format. The schema id for a topic is settled on first use
 * (registered, looked up, or the subject's latest version, as {@link SerdeOptions} say) and kept; after that,
 * serializing touches no registry and allocates the returned array and, for classes Avro generates without custom
 * coders (those with logical types), a box for each primitive field it reads through {@code SpecificRecord.get}.
 * Safe for concurrent use.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Class<T> type;
    private final Schema schema;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final SerdeOptions options;
    private final SpecificData model;
    private final DatumWriter<T> ownWriter;
    private final Map<String, WriterChoice<T>> choicesByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<EncodeBuffer> buffers = ThreadLocal.withInitial(EncodeBuffer::new);

    public AvroSerializer(Class<T> type, SchemaRegistry registry, boolean isKey, SerdeOptions options) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.registry = registry;
        this.isKey = isKey;
        this.options = options;
        this.ownWriter = ownWriter(type, schema, model);
    }

    /**
     * Avro generates {@code customEncode} for classes without logical types; it writes fields without boxing them,
     * but runs only when the writer's model asks for it, so such classes get a model of their own that does.
     */
    private static <T> DatumWriter<T> ownWriter(Class<T> type, Schema schema, SpecificData model) {
        try {
            type.getDeclaredMethod("customEncode", Encoder.class);
        } catch (NoSuchMethodException e) {
            return new LeanDatumWriter<>(schema, model);
        }
        SpecificData customCoders = new SpecificData(type.getClassLoader());
        customCoders.setCustomCoders(true);
        return new SpecificDatumWriter<>(schema, customCoders);
    }

    /**
     * Settles the schema id for {@code topic} now rather than at the first record, so that a missing or unreachable
     * registry shows at start-up with the subject and URL named.
     *
     * @return the schema id records for {@code topic} will carry
     * @throws SerializationException when the registry has no id for it (not registered, incompatible)
     * @throws SchemaRegistryUnavailableException when the registry cannot be asked
     */
    public int prepare(String topic) {
        return choiceFor(topic).id();
    }

    /**
     * The schema id records for {@code topic} carry when they are written with the class's own schema, or -1 when
     * they are written with another (the subject's latest version, under {@code use.latest.version}), so that a
     * writer of the class's own layout may frame them itself. Settles the choice as {@link #prepare} does.
     */
    public int ownSchemaId(String topic) {
        WriterChoice<T> choice = choiceFor(topic);
        return choice.writer() == ownWriter ? choice.id() : -1;
    }

    /** The subject this serializer uses for {@code topic}. */
    public String subject(String topic) {
        return options.subjectNameStrategy().subject(topic, isKey, schema);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        WriterChoice<T> choice = choiceFor(topic);
        EncodeBuffer buffer = buffers.get();
        buffer.reset();
        buffer.writeHeader(choice.id());
        try {
            choice.writer().write(record, buffer.encoder());
        } catch (IOException | RuntimeException e) {
            buffer.reset();
            throw new SerializationException("Cannot encode " + type.getSimpleName() + " for topic " + topic
                    + " with schema id " + choice.id() + ": " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    private WriterChoice<T> choiceFor(String topic) {
        WriterChoice<T> choice = choicesByTopic.get(topic);
        return choice != null ? choice : choicesByTopic.computeIfAbsent(topic, this::choose);
    }

    private WriterChoice<T> choose(String topic) {
        String subject = subject(topic);
        try {
            if (options.autoRegister()) {
                return new WriterChoice<>(registry.register(subject, schema), ownWriter);
            }
            if (options.useLatestVersion()) {
                return latestVersion(topic, subject);
            }
            return new WriterChoice<>(registry.lookup(subject, schema).id(), ownWriter);
        } catch (SchemaRegistryException e) {
            String message = "Cannot serialize " + type.getSimpleName() + " to topic '" + topic + "': "
                    + withRegistry(e.getMessage(), subject);
            throw e.isUnavailable() ? SchemaRegistryUnavailableException.of(message, e)
                    : new SerializationException(message, e);
        }
    }

    private WriterChoice<T> latestVersion(String topic, String subject) {
        RegisteredSchema latest = registry.latest(subject);
        if (latest.schema().equals(schema)) {
            return new WriterChoice<>(latest.id(), ownWriter);
        }
        if (options.latestCompatibilityStrict()) {
            refuseUnlessItHoldsOurRecords(topic, subject, latest);
        }
        return new WriterChoice<>(latest.id(), new ByNameDatumWriter<>(latest.schema(), model));
    }

    /**
     * The strict check: the latest version must read data written with the class's schema (Avro's check, the
     * latest version as reader) and give every value the logical type ours does, which Avro's check ignores; a
     * latest version our records cannot be written with would otherwise fail every record, not start-up.
     */
    private void refuseUnlessItHoldsOurRecords(String topic, String subject, RegisteredSchema latest) {
        SchemaPairCompatibility check = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        List<String> problems = new ArrayList<>();
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            problems.add(SchemaIncompatibilities.describe(check.getResult().getIncompatibilities(), latest.schema()));
        }
        problems.addAll(LogicalTypeDifferences.between(schema, latest.schema()));
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot serialize " + type.getSimpleName() + " to topic '" + topic
                    + "': the latest version (" + latest.version() + ", id " + latest.id() + ") of subject '"
                    + subject + "' cannot read data written with " + type.getName() + "'s schema as it is meant ("
                    + SchemaRegistryConfig.LATEST_COMPATIBILITY_STRICT_CONFIG + "=true): "
                    + String.join("; ", problems));
        }
    }

    /** Registry messages name the URL and subject; the in-memory registry's may not, so they are added. */
    private String withRegistry(String message, String subject) {
        String where = registry.describe();
        return message.contains(where) && message.contains(subject) ? message
                : message + " (subject '" + subject + "', schema registry " + where + ")";
    }

    private record WriterChoice<T>(int id, DatumWriter<T> writer) {
    }
}

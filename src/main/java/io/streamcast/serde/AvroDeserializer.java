package io.streamcast.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one generated Avro class from Confluent's wire format, resolving the writer's schema (fetched once per id)
 * against the class's own, so records from older and newer compatible producers decode. A writer schema the class
 * cannot read is found out once and refused with the reasons (except a writer enum symbol or union branch the class
 * lacks or cannot read where it reads another of the union's branches, such as the null of a nullable field: as in
 * Avro, only the records that use it fail); bytes left over after the record are refused too, as they
 * mean the id does not describe the bytes. When the registry cannot be asked, the failure is a
 * {@link SchemaRegistryUnavailableException}, so handlers can tell an outage from a bad record. Safe for
 * concurrent use.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistry registry;
    private final SpecificData model;
    private final Map<Integer, ReaderChoice<T>> readersById = new ConcurrentHashMap<>();
    /** The reader used last: most topics carry one writer schema, and this spares boxing the id to find it. */
    private volatile ReaderChoice<T> lastUsed;
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
        TrustedSchemaClasses.install();
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.registry = registry;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        return deserialize(topic, bytes, null);
    }

    /**
     * Decodes into {@code reuse} when it is not null, reusing its byte buffers and lists where they are large
     * enough, so that a caller decoding record after record allocates next to nothing.
     */
    public T deserialize(String topic, byte[] bytes, T reuse) {
        if (bytes == null) {
            return null;
        }
        int id;
        try {
            id = WireFormat.schemaId(bytes);
        } catch (SerializationException e) {
            throw new SerializationException(e.getMessage() + " on topic " + topic);
        }
        ReaderChoice<T> choice = lastUsed;
        if (choice == null || choice.id() != id) {
            choice = choiceFor(id);
            lastUsed = choice;
        }
        if (choice.refusal() != null) {
            throw new SchemaMismatchException(choice.refusal() + " (topic " + topic + ")");
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                bytes.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            T record = choice.reader().read(reuse, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("bytes left over after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(cannotDecode(id, topic) + why(e, choice), e);
        } catch (StackOverflowError e) {
            // Avro reads and skips nested records by recursion: a recursive writer schema lets a record of a few
            // hundred kilobytes nest deeper than the thread's stack. The stack has unwound here; the error, left
            // to the stream thread, stopped the instance on that record after every restart.
            throw new SerializationException(cannotDecode(id, topic) + "the record nests too deeply to decode ("
                    + bytes.length + " bytes)");
        }
    }

    private String why(Exception e, ReaderChoice<T> choice) {
        if (e instanceof AvroTypeException && e.getMessage() != null && e.getMessage().startsWith("Found null,")
                && !choice.unreadableNulls().isEmpty()) {
            // Avro's words name the reader's type, not where the null is
            return String.join(" or ", choice.unreadableNulls()) + " is null, which " + type.getSimpleName()
                    + "'s schema does not allow";
        }
        // Avro's end of input carries no message
        return e.getMessage() != null ? e.getMessage()
                : e instanceof EOFException ? "the record ends early" : e.getClass().getName();
    }

    private String cannotDecode(int id, String topic) {
        return "Cannot decode " + type.getSimpleName() + " written with schema id " + id + " on topic " + topic + ": ";
    }

    /**
     * Whether records written with schema {@code id} have exactly the binary layout of the class's own schema (the
     * same parsing canonical form), so that a reader of that layout may decode them directly. Asks the registry
     * as {@link #deserialize} would, once per id, and fails the same ways.
     */
    public boolean writesReaderLayout(String topic, int id) {
        ReaderChoice<T> choice = lastUsed;
        if (choice == null || choice.id() != id) {
            choice = choiceFor(id);
            lastUsed = choice;
        }
        if (choice.refusal() != null) {
            throw new SchemaMismatchException(choice.refusal() + " (topic " + topic + ")");
        }
        return choice.sameLayout();
    }

    /**
     * How many of the writer's units make a millisecond in the reader's {@code timestamp-millis} field {@code field}
     * under schema {@code id} ({@link WriterEpochUnits}): Avro reads the writer's long as milliseconds whatever unit
     * the writer declares. Asks the registry as {@link #deserialize} would, and fails the same ways.
     */
    public long writerUnitsPerMilli(int id, String field) {
        return WriterEpochUnits.perMilli(registry.schemaById(id), readerSchema, field);
    }

    /**
     * The reader for schema id {@code id}, made once it is known. Not {@code computeIfAbsent}: making it may ask the
     * registry, and the map's lock held for the call would have another thread reading the same id wait out this
     * call and then make its own. Two threads may make the same reader; the registry still asks once.
     */
    private ReaderChoice<T> choiceFor(int id) {
        ReaderChoice<T> known = readersById.get(id);
        if (known != null) {
            return known;
        }
        ReaderChoice<T> made = readerFor(id);
        ReaderChoice<T> raced = readersById.putIfAbsent(id, made);
        return raced != null ? raced : made;
    }

    private ReaderChoice<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            String where = registry.describe();
            String message = "Cannot decode " + type.getSimpleName() + ": writer schema id " + id
                    + " is not available: " + e.getMessage()
                    + (e.getMessage().contains(where) ? "" : " (schema registry " + where + ")");
            if (e.isUnusableSchema()) {
                // the registry's answer for this id will not change: refuse its records without asking again
                return new ReaderChoice<>(id, null, false, message, List.of());
            }
            throw e.isUnavailable() ? SchemaRegistryUnavailableException.of(message, e)
                    : new SchemaMismatchException(message, e);
        }
        Set<Schema> perRecord = SchemaIncompatibilities.branchesFailingPerRecord(readerSchema, writerSchema);
        List<Incompatibility> problems = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema)
                .getResult().getIncompatibilities().stream()
                .filter(problem -> !SchemaIncompatibilities.isDataDependent(problem)
                        && !perRecord.contains(problem.getWriterFragment()))
                .toList();
        if (!problems.isEmpty()) {
            return new ReaderChoice<>(id, null, false, type.getName() + " cannot read data written with schema id " + id
                    + " (" + writerSchema.getFullName() + "): "
                    + SchemaIncompatibilities.describe(problems, readerSchema), List.of());
        }
        boolean sameLayout = SchemaNormalization.toParsingForm(writerSchema)
                .equals(SchemaNormalization.toParsingForm(readerSchema));
        // Avro's fast reader converts a logical type inside a writer's union twice and fails every record: those
        // writers are read by its plain reader
        SpecificData readModel = SchemaIncompatibilities.readsAWriterUnionAsOneType(readerSchema, writerSchema)
                ? plainReaderModel() : model;
        DatumReader<T> reader = new SpecificDatumReader<>(writerSchema,
                MeasuredReaderSchema.of(readerSchema, writerSchema), readModel);
        return new ReaderChoice<>(id, reader, sameLayout, null,
                SchemaIncompatibilities.unreadableNulls(readerSchema, writerSchema));
    }

    /** The class's model, with its logical types' conversions, without Avro's fast reader. */
    private SpecificData plainReaderModel() {
        SpecificData plain = new SpecificData(type.getClassLoader());
        model.getConversions().forEach(plain::addLogicalTypeConversion);
        plain.setFastReaderEnabled(false);
        return plain;
    }

    /** @param unreadableNulls where the writer may write a null the reader cannot read, named for people */
    private record ReaderChoice<T>(int id, DatumReader<T> reader, boolean sameLayout, String refusal,
                                   List<String> unreadableNulls) {
    }
}

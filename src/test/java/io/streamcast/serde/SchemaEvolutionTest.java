package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.schema.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema evolution, checked at build time: every schema in schemas/ must be FULL_TRANSITIVE compatible with each
 * released version kept in schemas/previous/ (the current schema reads data of every kept version, and every kept
 * version reads data of the current schema). FULL because Streamcast reads its own output back across upgrades
 * (key-state changelogs; the compacted models topic keeps old versions indefinitely), runs old and new instances side
 * by side in rolling upgrades, and feeds consumers that upgrade on their own schedule; TRANSITIVE because data of
 * every released version can still be in a topic or store.
 */
class SchemaEvolutionTest {

    private static final Path SCHEMAS = Path.of(System.getProperty("basedir", "."), "schemas");
    private static final Path PREVIOUS = SCHEMAS.resolve("previous");
    private static final Pattern KEPT_VERSION = Pattern.compile("(\\w+)\\.v(\\d+)\\.avsc");
    private static final String SCOPE = "schema-evolution-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    static List<String> currentSchemaNames() {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            List<String> names = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".avsc"))
                    .map(name -> name.substring(0, name.length() - ".avsc".length()))
                    .sorted()
                    .toList();
            assertThat(names).as("schemas in %s", SCHEMAS.toAbsolutePath()).isNotEmpty();
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemaNames")
    void shouldKeepEveryReleasedVersionNumberedWithoutGaps(String name) {
        List<Integer> versions = keptVersions(name).stream().map(KeptVersion::version).toList();

        assertThat(versions)
                .as("released versions of %s; keep the first release as schemas/previous/%s.v1.avsc", name, name)
                .isNotEmpty();
        assertThat(versions).as("kept versions of %s", name)
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
    }

    @ParameterizedTest
    @MethodSource("currentSchemaNames")
    void shouldEvolveFullyTransitivelyCompatibleWithEveryKeptVersion(String name) {
        List<Schema> kept = keptVersions(name).stream().map(KeptVersion::schema).toList();

        List<String> problems = CompatibilityLevel.FULL_TRANSITIVE.problems(current(name), kept);

        assertThat(problems)
                .as("schemas/%s.avsc must stay FULL_TRANSITIVE compatible with schemas/previous/%s.v*.avsc: add "
                        + "fields only with defaults, remove only fields with defaults", name, name)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("currentSchemaNames")
    void shouldExchangeDataBothWaysWithEveryKeptVersion(String name) {
        Schema current = current(name);
        for (KeptVersion kept : keptVersions(name)) {
            for (long seed = 0; seed < 3; seed++) {
                assertReadable(kept.schema(), current, seed, name + " v" + kept.version() + " -> current");
                assertReadable(current, kept.schema(), seed, name + " current -> v" + kept.version());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemaNames")
    void shouldCompileTheGeneratedClassFromTheSchemaFile(String name) throws ClassNotFoundException {
        Schema compiled = SpecificData.get().getSchema(Class.forName("io.streamcast.schema." + name));

        assertThat(withoutJavaStringType(compiled)).isEqualTo(current(name));
    }

    @Test
    void shouldReadEventsOfANewerProducerWithTheCurrentClass() {
        Schema newer = Framing.testSchema("Event.next.avsc");
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("events-value", Event.getClassSchema());
        int newerId = registry.register("events-value", newer);
        GenericRecord fromNewerProducer = new GenericData.Record(newer);
        fromNewerProducer.put("source", "plant-7");
        fromNewerProducer.put("values", List.of(4.0, 5.5));
        fromNewerProducer.put("event_time", 1_700_000_123_000L);
        fromNewerProducer.put("quality", 0.25);

        Event read = AvroSerde.forValues(Event.class, registry)
                .deserialize("events", Framing.write(newerId, newer, fromNewerProducer));

        assertThat(read).isEqualTo(new Event(Instant.ofEpochMilli(1_700_000_123_000L), List.of(4.0, 5.5)));
    }

    @Test
    void shouldHaveCurrentEventsReadByANewerConsumer() {
        Schema newer = Framing.testSchema("Event.next.avsc");
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        byte[] bytes = AvroSerde.forValues(Event.class, registry)
                .serialize("events", new Event(Instant.ofEpochMilli(1_700_000_123_000L), List.of(4.0, 5.5)));

        GenericRecord read = Framing.read(bytes, registry.schemaById(WireFormat.schemaId(bytes)), newer);

        assertThat(read.get("event_time")).isEqualTo(1_700_000_123_000L);
        assertThat(read.get("values")).isEqualTo(List.of(4.0, 5.5));
        assertThat(read.get("source")).isNull();
        assertThat(read.get("quality")).isEqualTo(1.0);
    }

    @Test
    void shouldHaveCurrentEventsReadByTheConsumerOfEveryKeptVersion() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        byte[] bytes = AvroSerde.forValues(Event.class, registry)
                .serialize("events", new Event(Instant.ofEpochMilli(1_700_000_123_000L), List.of(4.0, 5.5)));
        Schema writer = registry.schemaById(WireFormat.schemaId(bytes));

        for (KeptVersion kept : keptVersions("Event")) {
            GenericRecord read = Framing.read(bytes, writer, kept.schema());
            assertThat(read.get("event_time")).as("event_time read by Event v%d", kept.version())
                    .isEqualTo(1_700_000_123_000L);
            assertThat(read.get("values")).as("values read by Event v%d", kept.version())
                    .isEqualTo(List.of(4.0, 5.5));
        }
    }

    @Test
    void shouldAcceptACompatibleNextVersion() {
        List<Schema> history = new ArrayList<>(keptVersions("Event").stream().map(KeptVersion::schema).toList());
        history.add(current("Event"));

        assertThat(CompatibilityLevel.FULL_TRANSITIVE.problems(Framing.testSchema("Event.next.avsc"), history))
                .isEmpty();
    }

    @Test
    void shouldRejectANewRequiredFieldWithoutDefault() {
        Schema incompatible = Framing.testSchema("Event.incompatible.avsc");
        List<Schema> kept = keptVersions("Event").stream().map(KeptVersion::schema).toList();

        assertThat(CompatibilityLevel.FULL_TRANSITIVE.problems(incompatible, kept))
                .isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).contains("field sequence"));
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("events-value", Event.getClassSchema());
        assertThatThrownBy(() -> registry.register("events-value", incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409));
    }

    private static void assertReadable(Schema writer, Schema reader, long seed, String direction) {
        GenericRecord written = (GenericRecord) new SampleData(seed).of(writer);
        GenericRecord read = Framing.read(Framing.write(1, writer, written), writer, reader);
        for (Schema.Field field : reader.getFields()) {
            Schema.Field writerField = writer.getField(field.name());
            if (writerField != null && writerField.schema().equals(field.schema())) {
                assertThat(asJson(read.get(field.name())))
                        .as("%s: field %s", direction, field.name())
                        .isEqualTo(asJson(written.get(field.name())));
            }
        }
    }

    /** A datum as a JSON tree, so that maps compare whatever order their entries come in. */
    private static JsonNode asJson(Object datum) {
        try {
            return JSON.readTree(GenericData.get().toString(datum));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code schema} without the {@code avro.java.string} properties the code generator adds (stringType String);
     * they steer Java code generation only and change neither the encoding nor compatibility.
     */
    private static Schema withoutJavaStringType(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            removeJavaStringType(tree);
            return new Schema.Parser().parse(tree.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeJavaStringType(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("avro.java.string");
        }
        node.forEach(SchemaEvolutionTest::removeJavaStringType);
    }

    private static Schema current(String name) {
        return parse(SCHEMAS.resolve(name + ".avsc"));
    }

    private static List<KeptVersion> keptVersions(String name) {
        try (Stream<Path> files = Files.list(PREVIOUS)) {
            return files.map(path -> KEPT_VERSION.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .filter(matcher -> matcher.group(1).equals(name))
                    .map(matcher -> new KeptVersion(Integer.parseInt(matcher.group(2)),
                            parse(PREVIOUS.resolve(matcher.group()))))
                    .sorted(Comparator.comparingInt(KeptVersion::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record KeptVersion(int version, Schema schema) {
    }
}

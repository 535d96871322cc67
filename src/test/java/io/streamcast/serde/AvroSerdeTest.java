package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.fastRetries;
import static io.streamcast.serde.RegistryTestSupport.unusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.Event;
import io.streamcast.schema.KeyState;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The serdes over both kinds of registry: subjects, caching, the three ways of choosing a schema id, refusals. */
class AvroSerdeTest {

    private static final String SCOPE = "avro-serde-test";
    private static final Event EVENT = new Event(Instant.ofEpochMilli(1_700_000_000_000L), List.of(1.5, -2.0, 3.25));

    private final TestSchemaRegistry server = TestSchemaRegistry.start();

    @AfterEach
    void cleanUp() {
        server.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @ParameterizedTest
    @ValueSource(classes = {Event.class, Prediction.class, ModelSnapshot.class, KeyState.class, TrainingSample.class})
    <T extends SpecificRecord> void shouldRoundTripEveryGeneratedClassThroughTheMockRegistry(Class<T> type) {
        shouldRoundTrip(type, MockSchemaRegistry.forScope(SCOPE));
    }

    @ParameterizedTest
    @ValueSource(classes = {Event.class, Prediction.class, ModelSnapshot.class, KeyState.class, TrainingSample.class})
    <T extends SpecificRecord> void shouldRoundTripEveryGeneratedClassThroughAnHttpRegistry(Class<T> type) {
        shouldRoundTrip(type, SchemaRegistries.forUrl(server.url()));
        assertThat(server.store().subjects()).containsExactly("topic-value");
    }

    private <T extends SpecificRecord> void shouldRoundTrip(Class<T> type, SchemaRegistry registry) {
        AvroSerde<T> serde = AvroSerde.forValues(type, registry);
        SampleData samples = new SampleData(7);
        for (int i = 0; i < 5; i++) {
            T record = samples.of(type);
            assertThat(serde.deserialize("topic", serde.serialize("topic", record))).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Event.class, Prediction.class, ModelSnapshot.class, KeyState.class, TrainingSample.class})
    <T extends SpecificRecord> void shouldWriteTheBytesAvrosOwnSpecificWriterWrites(Class<T> type) throws Exception {
        AvroSerde<T> serde = AvroSerde.forValues(type, MockSchemaRegistry.forScope(SCOPE));
        SpecificData model = SpecificData.getForClass(type);
        SpecificDatumWriter<T> avro = new SpecificDatumWriter<>(model.getSchema(type), model);
        SampleData samples = new SampleData(11);
        for (int i = 0; i < 5; i++) {
            T record = samples.of(type);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(expected, null);
            avro.write(record, encoder);

            byte[] bytes = serde.serialize("topic", record);

            assertThat(Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length))
                    .isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void shouldRegisterUnderTheSubjectTheStrategyNames() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        new AvroSerde<>(Event.class, registry, false).prepare("events");
        new AvroSerde<>(Event.class, registry, true).prepare("events");
        new AvroSerde<>(Event.class, registry, false,
                SerdeOptions.DEFAULTS.withSubjectNameStrategy(SubjectNameStrategy.RECORD)).prepare("events");
        new AvroSerde<>(Event.class, registry, false,
                SerdeOptions.DEFAULTS.withSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD)).prepare("events");

        assertThat(registry.subjects()).containsExactly("events-io.streamcast.schema.Event", "events-key",
                "events-value", "io.streamcast.schema.Event");
    }

    @Test
    void shouldMakeSerdesWithTheConfiguredSettings() {
        Map<String, Object> config = fastRetries(server.url());
        config.put("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        config.put("auto.register.schemas", "false");
        server.store().register("io.streamcast.schema.Event", Event.getClassSchema());

        try (AvroSerdes serdes = AvroSerdes.create(config)) {
            AvroSerde<Event> events = serdes.forValues(Event.class);
            assertThat(events.subject("events")).isEqualTo("io.streamcast.schema.Event");
            assertThat(events.deserialize("events", events.serialize("events", EVENT))).isEqualTo(EVENT);
            assertThat(serdes.forKeys(Event.class).subject("events")).isEqualTo("events-key");
        }
        assertThat(server.requests()).containsExactly("POST /subjects/io.streamcast.schema.Event");
    }

    @Test
    void shouldNotCallTheRegistryOnceCachesAreWarm() {
        AvroSerde<Event> producer = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));
        AvroSerde<Event> consumer = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));

        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = producer.serialize("events", EVENT);
            assertThat(producer.deserialize("events", bytes)).isEqualTo(EVENT);
            assertThat(consumer.deserialize("events", bytes)).isEqualTo(EVENT);
        }

        int id = server.store().latest("events-value").id();
        assertThat(server.requests()).containsExactly("POST /subjects/events-value/versions", "GET /schemas/ids/" + id);
    }

    @Test
    void shouldLookTheSchemaUpInsteadOfRegisteringItWhenAutoRegisterIsOff() {
        int id = server.store().register("events-value", Event.getClassSchema());
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false));

        assertThat(WireFormat.schemaId(serde.serialize("events", EVENT))).isEqualTo(id);
        assertThat(server.requests()).containsExactly("POST /subjects/events-value");
    }

    @Test
    void shouldNameSubjectAndUrlWhenTheSchemaIsNotRegisteredAndAutoRegisterIsOff() {
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false));

        assertThatThrownBy(() -> serde.serialize("events", EVENT))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasCauseInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'events-value'")
                .hasMessageContaining(server.url())
                .hasMessageContaining("40401");
        assertThat(server.store().subjects()).isEmpty();
    }

    @Test
    void shouldNameUrlAndSubjectAtStartUpWhenTheRegistryIsUnreachable() {
        String url = unusedUrl();
        AvroSerde<Event> serde = AvroSerde.create(Event.class, SchemaRegistries.create(fastRetries(url)),
                fastRetries(url), false);

        assertThatThrownBy(() -> serde.prepare("events"))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("subject 'events-value'")
                .hasMessageContaining("cannot reach the schema registry at " + url);
    }

    @Test
    void shouldTellARegistryOutageFromABadRecordAndRecoverWhenTheRegistryDoes() {
        int id = server.store().register("events-value", Event.getClassSchema());
        byte[] bytes = AvroSerde.forValues(Event.class, server.store()).serialize("events", EVENT);
        AvroSerde<Event> serde = AvroSerde.create(Event.class, SchemaRegistries.create(fastRetries(server.url())),
                fastRetries(server.url()), false);
        server.failNext(3, 503);

        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("writer schema id " + id)
                .hasMessageContaining("HTTP 503");
        assertThat(serde.deserialize("events", bytes)).isEqualTo(EVENT);
    }

    /**
     * Two threads (two stream threads, say) reading records of the same schema id while the registry does not answer:
     * the second waits for the first one's call and shares its failure, so neither waits longer than the call
     * timeout, and the registry is asked once. Were the second to wait for the first call to end and then make its
     * own, its wait would be two call timeouts, and the registry would see two requests.
     */
    @Test
    void shouldLetThreadsReadingTheSameSchemaIdShareOneRegistryCall() throws Exception {
        int id = server.store().register("events-value", Event.getClassSchema());
        byte[] bytes = AvroSerde.forValues(Event.class, server.store()).serialize("events", EVENT);
        Map<String, Object> config = fastRetries(server.url());
        config.put(SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0);
        config.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, 3_000);
        AvroSerde<Event> serde = AvroSerde.create(Event.class, SchemaRegistries.create(config), config, false);
        server.stallNext(10);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Event> first = threads.submit(() -> serde.deserialize("events", bytes));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requestCount() == 1);
            Future<Event> second = threads.submit(() -> serde.deserialize("events", bytes));

            for (Future<Event> reader : List.of(first, second)) {
                assertThatThrownBy(() -> reader.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SchemaRegistryUnavailableException.class)
                        .hasMessageContaining("writer schema id " + id)
                        .hasMessageContaining(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG);
            }
            assertThat(server.requestCount()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A record whose schema id the registry answers with a JSON Schema (a producer with Confluent's JSON Schema
     * serializer) is the record's fault, a schema mismatch the stream dead-letters, not an outage that would stop the
     * instance on it after every restart; the answer will not change, so the next such record is refused without
     * asking the registry again.
     */
    @Test
    void shouldRefuseARecordWhoseSchemaIsNotAvroAsAMismatchAndAskOnce() {
        byte[] bytes = AvroSerde.forValues(Event.class, server.store()).serialize("events", EVENT);
        bytes[4] = 99;
        AvroSerde<Event> serde = AvroSerde.create(Event.class, SchemaRegistries.create(fastRetries(server.url())),
                fastRetries(server.url()), false);
        server.answerNext("{\"schemaType\": \"JSON\", \"schema\": \"{}\"}");

        assertThatThrownBy(() -> serde.deserialize("events", bytes)).isInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("JSON schema, not Avro");
        assertThatThrownBy(() -> serde.deserialize("events", bytes)).isInstanceOf(SchemaMismatchException.class);
        assertThat(server.requests()).containsExactly("GET /schemas/ids/99");
    }

    @Test
    void shouldWriteWithTheLatestVersionWhenUseLatestVersionIsOn() {
        Schema newer = Framing.testSchema("Event.next.avsc");
        server.store().register("events-value", Event.getClassSchema());
        int newerId = server.store().register("events-value", newer);
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));

        byte[] bytes = serde.serialize("events", EVENT);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(newerId);
        GenericRecord asNewer = Framing.read(bytes, newer, newer);
        assertThat(asNewer.get("event_time")).isEqualTo(1_700_000_000_000L);
        assertThat(asNewer.get("values")).isEqualTo(List.of(1.5, -2.0, 3.25));
        assertThat(asNewer.get("source")).isNull();
        assertThat(asNewer.get("quality")).isEqualTo(1.0);
        assertThat(serde.deserialize("events", bytes)).isEqualTo(EVENT);
        assertThat(server.requests()).containsExactly("GET /subjects/events-value/versions/latest");
    }

    @Test
    void shouldWriteEnumSymbolsByNameWhenTheLatestVersionOrdersThemDifferently() {
        Schema latest = withExtraLeadingEnumSymbol(ModelSnapshot.getClassSchema());
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        int latestId = registry.register("models-value", latest);
        AvroSerde<ModelSnapshot> serde = new AvroSerde<>(ModelSnapshot.class, registry, false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));
        ModelSnapshot snapshot = new SampleData(3).of(ModelSnapshot.class);
        snapshot.getSpec().setCalendarFeatures(List.of(CalendarFeature.DAY_OF_WEEK, CalendarFeature.TIME_OF_DAY));

        byte[] bytes = serde.serialize("models", snapshot);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latestId);
        GenericRecord spec = (GenericRecord) Framing.read(bytes, latest, latest).get("spec");
        assertThat(spec.get("calendar_features").toString()).isEqualTo("[DAY_OF_WEEK, TIME_OF_DAY]");
        assertThat(serde.deserialize("models", bytes)).isEqualTo(snapshot);
    }

    @Test
    void shouldRefuseALatestVersionThatCannotReadOurRecordsWhenStrict() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.setCompatibility("events-value", CompatibilityLevel.NONE);
        registry.register("events-value", Framing.testSchema("Event.incompatible.avsc"));
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, registry, false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));

        assertThatThrownBy(() -> serde.prepare("events"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest version (1, id 1) of subject 'events-value' cannot read")
                .hasMessageContaining("sequence");
    }

    /**
     * Avro's compatibility check ignores logical types, so a latest version whose event_time is a plain long passes
     * it; the strict check refuses it at start-up, naming subject and field, rather than let every record fail.
     */
    @Test
    void shouldRefuseALatestVersionWhoseTimestampIsAPlainLongWhenStrict() {
        server.store().register("events-value", Framing.testSchema("Event.plain-long-time.avsc"));
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));

        assertThatThrownBy(() -> serde.prepare("events"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest version (1, id 1) of subject 'events-value' cannot read data written")
                .hasMessageContaining("latest.compatibility.strict=true")
                .hasMessageContaining("field event_time: a plain long in the latest version, a long of logical type "
                        + "timestamp-millis in ours (with latest.compatibility.strict=false written as its epoch "
                        + "milliseconds)");
    }

    @Test
    void shouldWriteATimestampToALatestVersionsPlainLongAsItsEpochMillisecondsWhenNotStrict() {
        Schema plain = Framing.testSchema("Event.plain-long-time.avsc");
        int plainId = server.store().register("events-value", plain);
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true)
                        .withLatestCompatibilityStrict(false));

        byte[] bytes = serde.serialize("events", EVENT);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(plainId);
        GenericRecord asPlain = Framing.read(bytes, plain, plain);
        assertThat(asPlain.get("event_time")).isEqualTo(1_700_000_000_000L);
        assertThat(asPlain.get("values")).isEqualTo(List.of(1.5, -2.0, 3.25));
        assertThat(serde.deserialize("events", bytes)).isEqualTo(EVENT);
    }

    /** Strict, microseconds are refused too, the refusal saying what turning the check off writes. */
    @Test
    void shouldRefuseALatestVersionInMicrosecondsWhenStrict() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("events-value", Framing.testSchema("Event.micros-time.avsc"));
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, registry, false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));

        assertThatThrownBy(() -> serde.prepare("events"))
                .isInstanceOf(SerializationException.class)
                .hasMessageEndingWith("field event_time: a long of logical type timestamp-micros in the latest "
                        + "version, a long of logical type timestamp-millis in ours (with "
                        + "latest.compatibility.strict=false written as its epoch microseconds)");
    }

    /**
     * Not strict, a latest version that counts its event times in microseconds or nanoseconds gets the same instant
     * in its unit: read by its own schema, 2023-11-14T22:13:20Z is 1,700,000,000 seconds after the epoch. Before,
     * every record failed ("cannot be cast to expected type long").
     */
    @Test
    void shouldWriteATimestampToALatestVersionInMicrosecondsOrNanosecondsInItsUnitWhenNotStrict() {
        for (Map.Entry<String, Long> unit : Map.of("Event.micros-time.avsc", 1_700_000_000_000_000L,
                "Event.nanos-time.avsc", 1_700_000_000_000_000_000L).entrySet()) {
            MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
            Schema latest = Framing.testSchema(unit.getKey());
            registry.register("events-value", latest);
            AvroSerde<Event> serde = new AvroSerde<>(Event.class, registry, false, SerdeOptions.DEFAULTS
                    .withAutoRegister(false).withUseLatestVersion(true).withLatestCompatibilityStrict(false));

            byte[] bytes = serde.serialize("events", EVENT);

            GenericRecord asLatest = Framing.read(bytes, latest, latest);
            assertThat(asLatest.get("event_time")).as(unit.getKey()).isEqualTo(unit.getValue());
            assertThat(asLatest.get("values")).isEqualTo(List.of(1.5, -2.0, 3.25));
        }
    }

    /**
     * Not strict, a value the latest version cannot hold fails its record, the reason naming the field: a local
     * timestamp (a wall time without a zone), which of our instants' wall times it should hold being the consumer's
     * to say.
     */
    @Test
    void shouldFailARecordNamingTheFieldTheLatestVersionCannotHoldWhenNotStrict() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("events-value", Framing.testSchema("Event.local-time.avsc"));
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, registry, false, SerdeOptions.DEFAULTS
                .withAutoRegister(false).withUseLatestVersion(true).withLatestCompatibilityStrict(false));

        assertThatThrownBy(() -> serde.serialize("events", EVENT))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot encode Event for topic events with schema id 1: value 2023-11-14T22:13:20Z "
                        + "(a java.time.Instant) cannot be cast to expected type long at Event.event_time");
    }

    /**
     * Avro's check pairs a renamed field with ours through its alias, so the writer must too: going by name alone
     * it wrote the renamed field's default, 0, in place of every event time.
     */
    @Test
    void shouldWriteAFieldTheLatestVersionRenamedUnderItsNewNameWhenItsAliasIsOurs() {
        Schema renamed = Framing.testSchema("Event.renamed-time.avsc");
        int renamedId = server.store().register("events-value", renamed);
        AvroSerde<Event> serde = new AvroSerde<>(Event.class, SchemaRegistries.forUrl(server.url()), false,
                SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true));

        byte[] bytes = serde.serialize("events", EVENT);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(renamedId);
        GenericRecord asRenamed = Framing.read(bytes, renamed, renamed);
        assertThat(asRenamed.get("observed_at")).isEqualTo(1_700_000_000_000L);
        assertThat(asRenamed.get("values")).isEqualTo(List.of(1.5, -2.0, 3.25));
    }

    /**
     * A latest version whose enum lacks one of our symbols but has a default, or has bytes where we have a string
     * or a string where we have bytes, passes Avro's check: a reader of the latest version gets the default, the
     * string's UTF-8 bytes, the bytes as a string. The records are written so, as Avro's own resolving reader makes
     * of our records (the expected values).
     */
    @Test
    void shouldWriteWhatAvrosResolutionMakesOfOurRecordsForAnEnumDefaultAndBetweenStringAndBytes() {
        Schema latestSnapshot = edited(ModelSnapshot.getClassSchema(), node -> {
            if ("CalendarFeature".equals(node.path("name").asText())) {
                node.set("symbols", new ObjectMapper().createArrayNode().add("DAY_OF_WEEK").add("OTHER"));
                node.put("default", "OTHER");
            }
            if ("weights".equals(node.path("name").asText())) {
                node.put("type", "string");
            }
        });
        Schema latestPrediction = edited(Prediction.getClassSchema(), node -> {
            if ("key".equals(node.path("name").asText())) {
                node.put("type", "bytes");
            }
        });
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("models-value", latestSnapshot);
        registry.register("predictions-value", latestPrediction);
        SerdeOptions latest = SerdeOptions.DEFAULTS.withAutoRegister(false).withUseLatestVersion(true);
        ModelSnapshot snapshot = new SampleData(3).of(ModelSnapshot.class);
        snapshot.getSpec().setCalendarFeatures(List.of(CalendarFeature.DAY_OF_WEEK, CalendarFeature.TIME_OF_DAY));
        Prediction prediction = new SampleData(4).of(Prediction.class);
        prediction.setKey("pump-7");

        byte[] snapshotBytes = new AvroSerde<>(ModelSnapshot.class, registry, false, latest)
                .serialize("models", snapshot);
        byte[] predictionBytes = new AvroSerde<>(Prediction.class, registry, false, latest)
                .serialize("predictions", prediction);

        GenericRecord spec = (GenericRecord) Framing.read(snapshotBytes, latestSnapshot, latestSnapshot).get("spec");
        assertThat(spec.get("calendar_features").toString()).isEqualTo("[DAY_OF_WEEK, OTHER]");
        assertThat(Framing.read(snapshotBytes, latestSnapshot, latestSnapshot))
                .isEqualTo(asAvroResolves(snapshot, latestSnapshot));
        GenericRecord written = Framing.read(predictionBytes, latestPrediction, latestPrediction);
        assertThat(written.get("key")).isEqualTo(java.nio.ByteBuffer.wrap("pump-7".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(written).isEqualTo(asAvroResolves(prediction, latestPrediction));
    }

    @Test
    void shouldRefuseAWriterSchemaTheClassCannotReadAndRememberTheVerdict() {
        Schema unreadable = Framing.testSchema("Event.unreadable.avsc");
        server.store().setCompatibility("events-value", CompatibilityLevel.NONE);
        int id = server.store().register("events-value", unreadable);
        GenericData.Record record = new GenericData.Record(unreadable);
        record.put("event_time", 1L);
        record.put("values", "1.5");
        byte[] bytes = Framing.write(id, unreadable, record);
        AvroSerde<Event> serde = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> serde.deserialize("events", bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot read data written with schema id " + id)
                    .hasMessageContaining("values")
                    .hasMessageContaining("topic events");
        }
        assertThat(server.requests()).containsExactly("GET /schemas/ids/" + id);
    }

    /**
     * Avro skips a field the reader lacks by recursing into it; a recursive writer schema lets a record of a few
     * hundred kilobytes nest deeper than any thread's stack, and the error it raised stopped the instance on that
     * record after every restart.
     */
    @Test
    void shouldRefuseARecordNestedTooDeeplyToDecodeAndReadTheNextOne() throws Exception {
        Schema recursive = Framing.testSchema("Event.recursive.avsc");
        int id = server.store().register("events-value", recursive);
        AvroSerde<Event> serde = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeLong(1_700_000_000_000L);
        encoder.writeArrayStart();
        encoder.setItemCount(1);
        encoder.startItem();
        encoder.writeDouble(1.5);
        encoder.writeArrayEnd();
        int depth = 1_000_000;
        for (int link = 0; link < depth; link++) {
            encoder.writeIndex(1);
        }
        encoder.writeIndex(0);
        byte[] deep = framed(id, body.toByteArray());

        assertThatThrownBy(() -> serde.deserialize("events", deep))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaMismatchException.class)
                .hasMessageContaining("schema id " + id)
                .hasMessageContaining("nests too deeply");
        GenericData.Record shallow = new GenericData.Record(recursive);
        shallow.put("event_time", 1_700_000_000_000L);
        shallow.put("values", List.of(2.5));
        assertThat(serde.deserialize("events", Framing.write(id, recursive, shallow)).getValues())
                .containsExactly(2.5);
    }

    /** Avro's end of input has no message of its own: the refusal said only "null". */
    @Test
    void shouldSayARecordEndsEarlyWhereItsSkippedFieldClaimsMoreBytesThanFollow() throws Exception {
        Schema next = Framing.testSchema("Event.next.avsc");
        int id = server.store().register("events-value", next);
        AvroSerde<Event> serde = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeIndex(1);
        encoder.writeLong(2_000_000_000L);
        byte[] cut = framed(id, body.toByteArray());

        assertThatThrownBy(() -> serde.deserialize("events", cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageEndingWith("schema id " + id + " on topic events: the record ends early");
    }

    @Test
    void shouldNameIdAndUrlWhenTheWriterSchemaIsUnknown() {
        byte[] bytes = Framing.write(999, Event.getClassSchema(), new GenericData.Record(Event.getClassSchema()) {
            {
                put("event_time", 1L);
                put("values", List.of());
            }
        });
        AvroSerde<Event> serde = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));

        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("writer schema id 999")
                .hasMessageContaining(server.url())
                .hasMessageContaining("40403");
    }

    /**
     * Records naming an id the registry does not know go the dead-letter way (a mismatch, not an outage) without a
     * call each: the registry's answer is remembered, and the refusals say so.
     */
    @Test
    void shouldRefuseRecordsOfAnUnknownWriterSchemaWithoutAskingTheRegistryForEach() {
        byte[] bytes = Framing.write(999, Event.getClassSchema(), new GenericData.Record(Event.getClassSchema()) {
            {
                put("event_time", 1L);
                put("values", List.of());
            }
        });
        AvroSerde<Event> serde = AvroSerde.forValues(Event.class, SchemaRegistries.forUrl(server.url()));

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> serde.deserialize("events", bytes))
                    .isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("writer schema id 999")
                    .hasMessageContaining("40403")
                    .hasMessageContaining("the registry is asked about schema id 999 again from");
        }
        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .hasMessageContaining("did not know schema id 999 as of");
        assertThat(server.requests()).containsExactly("GET /schemas/ids/999");
    }

    @Test
    void shouldServeManyThreadsFromOneSerde() throws Exception {
        AvroSerde<Prediction> serde = AvroSerde.forValues(Prediction.class, SchemaRegistries.forUrl(server.url()));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(threads.submit(() -> {
                    SampleData samples = new SampleData(seed);
                    int checked = 0;
                    for (int i = 0; i < 250; i++) {
                        Prediction prediction = samples.of(Prediction.class);
                        assertThat(serde.deserialize("predictions", serde.serialize("predictions", prediction)))
                                .isEqualTo(prediction);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(250);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(server.requests()).containsExactly("POST /subjects/predictions-value/versions");
    }

    /** {@code record} written with its own schema and read by Avro's resolving reader as {@code reader}. */
    private static GenericRecord asAvroResolves(SpecificRecord record, Schema reader) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return Framing.read(framed(1, body.toByteArray()), record.getSchema(), reader);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code body} in the registry's wire format, under schema id {@code id}, as a producer frames it. */
    private static byte[] framed(int id, byte[] body) {
        return java.nio.ByteBuffer.allocate(WireFormat.HEADER_SIZE + body.length)
                .put(WireFormat.MAGIC_BYTE).putInt(id).put(body).array();
    }

    /** {@code schema} with {@code edit} applied to each JSON object in it. */
    private static Schema edited(Schema schema, java.util.function.Consumer<ObjectNode> edit) {
        try {
            JsonNode tree = new ObjectMapper().readTree(schema.toString());
            editEach(tree, edit);
            return new Schema.Parser().parse(tree.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void editEach(JsonNode node, java.util.function.Consumer<ObjectNode> edit) {
        if (node instanceof ObjectNode object) {
            edit.accept(object);
        }
        node.forEach(child -> editEach(child, edit));
    }

    /** {@code schema} with a new first symbol in each enum, so positions differ from the generated enum's. */
    private static Schema withExtraLeadingEnumSymbol(Schema schema) {
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode tree = json.readTree(schema.toString());
            prependEnumSymbol(tree);
            return new Schema.Parser().parse(tree.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void prependEnumSymbol(JsonNode node) {
        if (node instanceof ObjectNode object && "enum".equals(object.path("type").asText())) {
            ((ArrayNode) object.get("symbols")).insert(0, "MONTH_OF_YEAR");
        }
        node.forEach(AvroSerdeTest::prependEnumSymbol);
    }
}

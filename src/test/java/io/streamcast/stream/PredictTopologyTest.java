package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.anomaly.ScoringProgress;
import io.streamcast.codec.UndecodableStateException;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Architecture;
import io.streamcast.schema.Event;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.MockSchemaRegistry;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PredictTopologyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long YEAR_3000 = 32_503_680_000_000L;

    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<String, ModelSnapshot> models;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, Prediction> anomalies;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, Object> overrides) {
        start(overrides, Instant.now());
    }

    /** Starts the topology with its wall clock at {@code wallClock}. */
    private void start(Map<String, Object> overrides, Instant wallClock) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        settings.putAll(overrides);
        config = new StreamcastConfig(settings);
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        Properties properties = config.streamsProperties();
        driver = new TopologyTestDriver(built.topology(), properties, wallClock);
        StreamcastTopics topics = built.topics();
        events = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
                topics.predictions().valueSerde().deserializer());
        anomalies = driver.createOutputTopic(topics.anomalies().name(), new StringDeserializer(),
                topics.anomalies().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private byte[] event(long time, Double... values) {
        return built.topics().events().serializeValue(new Event(Instant.ofEpochMilli(time), List.of(values)));
    }

    private void send(String key, byte[] value) {
        events.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private io.streamcast.predict.KeyStateView view(String key) {
        return built.keyStates().view(storedState(key));
    }

    private byte[] storedState(String key) {
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        return store.get(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Key a's state after 20 events under the test's settings (two values, a history of 24, an anomaly window of 10),
     * put in the store of a topology restarted with {@code overrides}, as a restart with changed settings finds it.
     */
    private void restartedWithKeyAStored(Map<String, Object> overrides) {
        for (int i = 0; i < 20; i++) {
            send("a", event(T0 + i * MINUTE, 1.0 + i, 2.0));
        }
        byte[] stored = storedState("a");
        driver.close();
        start(overrides);
        driver.<byte[], byte[]>getKeyValueStore(StreamcastTopology.KEY_STATE_STORE)
                .put("a".getBytes(StandardCharsets.UTF_8), stored);
    }

    /**
     * A key stored under a value dimension the settings no longer have starts afresh, and the warning names the
     * sections that did not fit, so that an operator who changed a setting sees which part of the keys' state it cost.
     */
    @Test
    void shouldNameTheSectionsThatDidNotFitWhenAKeyStoredUnderOtherSettingsIsReset() {
        restartedWithKeyAStored(Map.of(StreamcastConfig.VALUE_DIMENSION_CONFIG, 3));

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("a", event(T0 + 20 * MINUTE, 3.0, 4.0, 5.0));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("State of key a does not fit the current settings and was reset",
                            "sections that did not fit: ", "scaler", "history");
        }
        assertThat(view("a").eventCount()).as("counted afresh").isEqualTo(1);
    }

    /**
     * A key's query view says how far it is from being scored under the instance's anomaly settings: with a learning
     * period of 30, 10 of its next events after its first 20.
     */
    @Test
    void shouldSayHowManyOfTheKeysNextEventsAreNotScoredUnderTheSettings() {
        driver.close();
        start(Map.of(StreamcastConfig.ANOMALY_LEARNING_PERIOD_CONFIG, 30,
                StreamcastConfig.ANOMALY_RELEARNING_PERIOD_CONFIG, 45));
        for (int i = 0; i < 20; i++) {
            send("a", event(T0 + i * MINUTE, 1.0 + i, 2.0));
        }

        assertThat(view("a").scoring()).isEqualTo(new ScoringProgress(30, 10, 45, 0));
    }

    /**
     * A shorter {@code history.length} keeps each key, with its newest events in the history: rolling back a longer
     * one tried for a while costs no key its state.
     */
    @Test
    void shouldKeepAKeyStoredUnderALongerHistory() {
        restartedWithKeyAStored(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 12));

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("a", event(T0 + 20 * MINUTE, 3.0, 4.0));

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(view("a").eventCount()).as("kept").isEqualTo(21);
        assertThat(resets("key")).isZero();
        assertThat(resets("section")).isZero();
    }

    /**
     * A key whose anomaly detector was stored under another window keeps its history and forecasts, and its detector
     * starts afresh: said in the log, as a whole key's reset is, where only the count said it before.
     */
    @Test
    void shouldSayWhichSectionsStartAfreshWhenPartOfAKeysStateNoLongerFits() {
        restartedWithKeyAStored(Map.of(StreamcastConfig.ANOMALY_WINDOW_CONFIG, 20));

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("a", event(T0 + 20 * MINUTE, 3.0, 4.0));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("State of key a does not wholly fit the current settings", "detector",
                            "the rest of the key's state is kept");
        }
        assertThat(view("a").eventCount()).as("kept").isEqualTo(21);
        assertThat(resets("section")).isEqualTo(1);
    }

    /**
     * After a change of settings every key meets it once: ten keys are named, then one line says the rest are only
     * counted, rather than a line per key for every key of the task.
     */
    @Test
    void shouldNameTenKeysWhoseStateNoLongerFitsAndCountTheRest() {
        List<byte[]> stored = new ArrayList<>();
        for (int k = 0; k < 13; k++) {
            for (int i = 0; i < 20; i++) {
                send("k" + k, event(T0 + i * MINUTE, 1.0 + i, 2.0));
            }
            stored.add(storedState("k" + k));
        }
        driver.close();
        start(Map.of(StreamcastConfig.VALUE_DIMENSION_CONFIG, 3));
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        for (int k = 0; k < 13; k++) {
            store.put(("k" + k).getBytes(StandardCharsets.UTF_8), stored.get(k));
        }

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            for (int k = 0; k < 13; k++) {
                send("k" + k, event(T0 + 20 * MINUTE, 3.0, 4.0, 5.0));
            }

            assertThat(log.warnings()).hasSize(11);
            for (int k = 0; k < 10; k++) {
                assertThat(log.warnings().get(k)).startsWith("State of key k" + k + " does not fit");
            }
            assertThat(log.warnings().get(10)).contains("More keys' states do not fit the current settings",
                    "streamcast_key_state_resets_total");
        }
        assertThat(resets("key")).isEqualTo(13);
    }

    /**
     * Events of another value dimension (value.dimension set wrong) are refused without the key's state being taken
     * in: each refused event logged and counted its key as reset, though nothing was stored, and the keys are whole
     * once the setting is right again.
     */
    @Test
    void shouldRefuseEventsOfAnotherDimensionWithoutTakingTheKeysStateIn() {
        send("a", event(T0, 1.0, 2.0));
        byte[] storedUnder2 = storedState("a");
        driver.close();
        start(Map.of(StreamcastConfig.VALUE_DIMENSION_CONFIG, 1));
        driver.<byte[], byte[]>getKeyValueStore(StreamcastTopology.KEY_STATE_STORE)
                .put("a".getBytes(StandardCharsets.UTF_8), storedUnder2);

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("a", event(T0 + MINUTE, 3.0, 4.0));
            send("a", event(T0 + 2 * MINUTE, 5.0, 6.0));

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(deadLetters.readValuesToList()).hasSize(2);
        assertThat(resets("key")).isZero();
        assertThat(storedState("a")).isEqualTo(storedUnder2);
        // a query is told so, where it read an empty key (0 events, the earliest time there is)
        assertThatThrownBy(() -> view("a")).isInstanceOf(UndecodableStateException.class)
                .hasMessageContaining("stored under other settings than the current ones (sections that did not fit: ");
    }

    /**
     * Events refused for their times store nothing, so a key whose state no longer wholly fits is taken in again at
     * its next event: it is logged and counted once, when the event that stores it is applied, not at every refused
     * one (here two events more than the grace late, as a replay after a change of settings sends them).
     */
    @Test
    void shouldCountAKeyWhoseStateNoLongerFitsOnceThoughEventsBeforeItsNextStoreAreRefused() {
        restartedWithKeyAStored(Map.of(StreamcastConfig.ANOMALY_WINDOW_CONFIG, 20));

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("a", event(T0 - 2 * HOUR, 3.0, 4.0));
            send("a", event(T0 - 2 * HOUR, 3.0, 4.0));
            send("a", event(T0 + 20 * MINUTE, 3.0, 4.0));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("State of key a does not wholly fit the current settings", "detector");
        }
        assertThat(deadLetters.readValuesToList()).hasSize(2);
        assertThat(view("a").eventCount()).isEqualTo(21);
        assertThat(resets("section")).isEqualTo(1);
    }

    /** A key whose state cannot be decoded is counted once, when it starts afresh, not at each event refused before. */
    @Test
    void shouldCountAnUndecodableKeyOnceThoughEventsBeforeItsNextStoreAreRefused() {
        send("a", event(T0, 1.0, 2.0));
        driver.<byte[], byte[]>getKeyValueStore(StreamcastTopology.KEY_STATE_STORE)
                .put("a".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));

        send("a", event(YEAR_3000, 3.0, 4.0));
        send("a", event(YEAR_3000, 3.0, 4.0));
        send("a", event(T0 + MINUTE, 3.0, 4.0));

        assertThat(deadLetters.readValuesToList()).hasSize(2);
        assertThat(view("a").eventCount()).as("started afresh").isEqualTo(1);
        assertThat(built.metrics().registry().get("streamcast.key.state.undecodable").counter().count())
                .isEqualTo(1);
    }

    private double resets(String scope) {
        return built.metrics().registry().get("streamcast.key.state.resets").tag("scope", scope).counter().count();
    }

    @Test
    void shouldStartAKeyAfreshWhenItsStoredStateCannotBeDecodedAndCountIt() {
        send("a", event(T0, 1.0, 2.0));
        send("b", event(T0, 1.0, 2.0));
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        // A state written by a newer format version, and bytes that are no state at all.
        store.put("a".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC5, 99, 1, 2, 3});
        store.put("b".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));
        predictions.readValuesToList();

        send("a", event(T0 + MINUTE, 3.0, 4.0));
        send("b", event(T0 + MINUTE, 3.0, 4.0));
        send("a", event(T0 + 2 * MINUTE, 5.0, 6.0));

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(predictions.readValuesToList()).hasSize(3);
        assertThat(view("a").eventCount()).as("started afresh at the undecodable state").isEqualTo(2);
        assertThat(view("b").eventCount()).isEqualTo(1);
        assertThat(built.metrics().registry().get("streamcast.key.state.undecodable").counter().count())
                .isEqualTo(2);
    }

    @Test
    void shouldEmitOnePredictionPerEventWithPersistenceFallbackWhileNoModelExists() {
        send("a", event(T0, 1.0, 10.0));
        send("b", event(T0, 5.0, 50.0));
        send("a", event(T0 + 1000, 2.0, 20.0));

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("a", "b", "a");
        Prediction last = out.get(2).value();
        assertThat(last.getObserved()).containsExactly(2.0, 20.0);
        assertThat(last.getForecast()).containsExactly(List.of(2.0, 20.0));
        assertThat(last.getModelVersion()).isZero();
        assertThat(last.getWarmingUp()).isTrue();
        assertThat(last.getResidual()).hasSize(2);
        assertThat(out.get(0).value().getResidual()).isEmpty();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepKeyStatesAndTrainingWindowsOutOfTheRegistryWhenSchemasAreNotAutoRegistered() {
        driver.close();
        Map<String, Object> settings = TestSettings.base();
        MockSchemaRegistry registry = registeredBeforehand(settings, Prediction.getClassSchema());
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 4);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 2);
        settings.put("auto.register.schemas", false);
        StreamcastConfig strict = new StreamcastConfig(settings);
        built = StreamcastTopology.build(strict, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), strict.streamsProperties());
        events = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic("predictions", new StringDeserializer(),
                built.topics().predictions().valueSerde().deserializer());
        TestOutputTopic<byte[], byte[]> samples = driver.createOutputTopic("training-samples",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<String> subjectsBefore = registry.subjects();

        for (int i = 0; i < 8; i++) {
            send("a", event(T0 + i * 1000L, 1.0 + i, 2.0));
        }

        TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dead.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetters.MESSAGE_HEADER))
                .isEmpty();
        assertThat(predictions.readValuesToList()).hasSize(8);
        assertThat(samples.readValuesToList()).hasSize(3)
                .allSatisfy(sample -> assertThat(sample[0] & 0xff).isEqualTo(0xC7));
        assertThat(storedState("a")[0] & 0xff).isEqualTo(0xC5);
        assertThat(registry.subjects()).isEqualTo(subjectsBefore);
    }

    /**
     * The registry of {@code settings} with every topic's schema registered, as an operator does before turning
     * auto-registration off: the class's own, but {@code predictions} for the predictions topic.
     */
    private static MockSchemaRegistry registeredBeforehand(Map<String, Object> settings, Schema predictions) {
        return registeredBeforehand(settings, predictions, Prediction.getClassSchema());
    }

    /** As {@link #registeredBeforehand(Map, Schema)}, with {@code anomalies} for the anomalies topic. */
    private static MockSchemaRegistry registeredBeforehand(Map<String, Object> settings, Schema predictions,
                                                           Schema anomalies) {
        String scope = settings.get(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG).toString()
                .substring(MockSchemaRegistry.URL_PREFIX.length());
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.register("predictions-value", predictions);
        registry.register("anomalies-value", anomalies);
        registry.register("models-value", ModelSnapshot.getClassSchema());
        registry.register("training-rounds-value", TrainingRoundReport.getClassSchema());
        registry.register("events-value", Event.getClassSchema());
        return registry;
    }

    /**
     * With schemas not auto-registered and the subjects' latest versions used, a predictions subject whose latest is
     * an older version of the schema gets predictions in that layout; the anomalies topic, whose latest is the
     * class's own, must not get those bytes under its own id (they would not decode).
     */
    @Test
    void shouldWriteEachAnomalyInTheAnomaliesTopicsOwnSchemaWhenThePredictionsTopicsLatestIsAnOlderVersion()
            throws IOException {
        driver.close();
        Map<String, Object> settings = TestSettings.base();
        registeredBeforehand(settings, new Schema.Parser().parse(new File("schemas/previous/Prediction.v2.avsc")));
        settings.put("auto.register.schemas", false);
        settings.put("use.latest.version", true);
        StreamcastConfig latest = new StreamcastConfig(settings);
        built = StreamcastTopology.build(latest, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), latest.streamsProperties());
        events = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        anomalies = driver.createOutputTopic("anomalies", new StringDeserializer(),
                built.topics().anomalies().valueSerde().deserializer());
        Random noise = new Random(7);

        for (int i = 0; i < 700; i++) {
            // a steady key, then a jump of 40 standard deviations for six events
            send("pump", event(T0 + i * 5 * MINUTE, 10 + noise.nextGaussian() + (i >= 600 && i < 606 ? 40 : 0)));
        }

        List<Prediction> raised = anomalies.readValuesToList();
        assertThat(raised).isNotEmpty().allSatisfy(anomaly -> assertThat(anomaly.getKey()).isEqualTo("pump"));
        assertThat(raised).as("the jump is among them").anySatisfy(
                anomaly -> assertThat(anomaly.getObserved().get(0)).isGreaterThan(40));
    }

    /**
     * An event whose anomaly cannot be written goes to the dead letters as a processing error, and leaves nothing
     * behind: no prediction sent, the key's stored state as it was before the event, so that its dead letter, replayed,
     * is applied once. Here the anomalies subject's latest version, used with the strict check off, makes
     * anomaly_cause an enum of the causes the schema's doc names (none, range, drift, volatility, daily), as a consumer
     * that took that list for all of them would register it, and the key's first anomaly is a surprise.
     */
    @Test
    void shouldLeaveTheKeysStateAsItWasAndSendNothingWhenAnEventsAnomalyCannotBeWritten() {
        driver.close();
        Map<String, Object> settings = TestSettings.base();
        registeredBeforehand(settings, Prediction.getClassSchema(), causesAsTheDocNamesThem());
        settings.put("auto.register.schemas", false);
        settings.put("use.latest.version", true);
        settings.put("latest.compatibility.strict", false);
        StreamcastConfig latest = new StreamcastConfig(settings);
        built = StreamcastTopology.build(latest, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), latest.streamsProperties());
        events = driver.createInputTopic("events", new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic("predictions", new StringDeserializer(),
                built.topics().predictions().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        Random noise = new Random(7);

        byte[] before = null;
        int sent = 0;
        while (deadLetters.isEmpty() && sent < 700) {
            before = storedState("pump");
            send("pump", event(T0 + sent * 5 * MINUTE, 10 + noise.nextGaussian()));
            sent++;
        }

        assertThat(deadLetters.isEmpty()).as("an anomaly of a cause the enum lacks, within 700 events").isFalse();
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo("processing-error");
        assertThat(header(dead.headers(), DeadLetters.MESSAGE_HEADER)).contains("has no symbol surprise")
                .endsWith(" at Prediction.anomaly_cause");
        Instant refused = Instant.ofEpochMilli(T0 + (sent - 1) * 5 * MINUTE);
        assertThat(view("pump").eventCount()).as("events the key's state counts").isEqualTo(sent - 1);
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .as("the event times of the predictions").hasSize(sent - 1).doesNotContain(refused);
        assertThat(storedState("pump")).as("the key's state as before the refused event").isEqualTo(before);
    }

    /**
     * The Prediction schema with anomaly_cause an enum of the causes its doc names, where the class's schema has a
     * string (to which causes may be added).
     */
    private static Schema causesAsTheDocNamesThem() {
        Schema own = Prediction.getClassSchema();
        Schema causes = Schema.createEnum("AnomalyCause", null, "com.example.consumer",
                List.of("none", "range", "drift", "volatility", "daily"));
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : own.getFields()) {
            fields.add(field.name().equals("anomaly_cause")
                    ? new Schema.Field(field.name(), causes, field.doc(), "none")
                    : new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(own.getName(), own.getDoc(), own.getNamespace(), false, fields);
    }

    @Test
    void shouldForecastWithThePublishedModelAndNameItsVersion() {
        ForecastModel model = TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 3,
                config.inputSpec(), 8, 1);
        models.pipeInput(model.name(), ModelSnapshotCodec.toSnapshot(model));
        for (int i = 0; i < 20; i++) {
            send("a", event(T0 + i * 1000L, Math.sin(i), Math.cos(i)));
        }
        List<Prediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(20).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(3));
        assertThat(out.get(19).getWarmingUp()).isFalse();
        // a model is trusted until its forecasts have a record to be compared on; this one, untrained, later loses
        // the key to persistence
        assertThat(out.get(5).getForecast().get(0)).isNotEqualTo(out.get(5).getObserved());
        assertThat(view("a").modelVersion()).isEqualTo(3);
    }

    @Test
    void shouldKeepTheModelInUseWhenAGarbageSnapshotArrives() {
        ForecastModel model = TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                config.inputSpec(), 8, 1);
        models.pipeInput(model.name(), ModelSnapshotCodec.toSnapshot(model));
        TestInputTopic<byte[], byte[]> rawModels = driver.createInputTopic(built.topics().models().name(),
                new ByteArraySerializer(), new ByteArraySerializer());
        rawModels.pipeInput(model.name().getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1, 42, 42});

        send("a", event(T0, 1.0, 2.0));
        assertThat(predictions.readValue().getModelVersion()).isEqualTo(1);
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheModelInUseWhenASnapshotWithAWeightBeyondTheBoundArrives() {
        ModelSnapshot wild = secondVersion();
        java.nio.ByteBuffer weights = wild.getWeights().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        weights.putFloat(0, 1e30f);
        wild.setWeights(weights);

        assertRefusedAfterTheFirstVersion(wild, ModelKeys.of(wild.getName(), wild.getVersion()));
    }

    /**
     * A snapshot whose network's recurrent state is longer than a key's stored state may hold (one hidden unit in each
     * of 65,537 layers: 131,074 values, where 16 layers of 4,096 units, the largest the settings allow, hold 131,072)
     * is refused. Taken into use, every key's state would be stored longer than it can be read back, and each of the
     * key's events would find it undecodable and start the key afresh, for as long as that version is in use.
     */
    @Test
    void shouldKeepTheModelInUseWhenASnapshotsStateIsLongerThanAKeyStateHolds() {
        ModelSnapshot deep = secondVersion();
        int layers = 65_537;
        Architecture shape = deep.getArchitecture();
        long weights = LstmModel.parameterCount(shape.getInputSize(), 1, layers,
                shape.getOutputSize());
        deep.setArchitecture(Architecture.newBuilder(shape).setHiddenSize(1).setLayers(layers).build());
        deep.setWeights(ByteBuffer.allocate(Math.toIntExact(4 * weights)));
        ForecastModel first = TestSettings.model(deep.getName(), 1, config.inputSpec(), 8, 1);
        models.pipeInput(first.name(), ModelSnapshotCodec.toSnapshot(first));
        models.pipeInput(ModelKeys.of(deep.getName(), deep.getVersion()), deep);

        for (int i = 0; i < 3; i++) {
            send("a", event(T0 + i * MINUTE, 1.0 + i, 2.0));
        }

        assertThat(view("a").eventCount()).as("the key's state read back after each event").isEqualTo(3);
        assertThat(predictions.readValuesToList()).extracting(Prediction::getModelVersion).containsOnly(1L);
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    /**
     * Under a producer's max.request.size of 40,000 bytes, which a key's state with the configured network (8 hidden
     * units, one layer) fits, a model whose network keeps 2 x 5,000 floats (40,000 bytes) more is refused: a key's
     * stored state with it could not be sent (PredictorIT shows the instance stop on it).
     */
    @Test
    void shouldKeepTheModelInUseWhenASnapshotsStateWouldMakeAKeysStoredStateTooLargeToSend() {
        stop();
        start(Map.of(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8, "producer.max.request.size", 40_000));
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        ForecastModel first = TestSettings.model(name, 1, config.inputSpec(), 8, 1);
        ForecastModel deep = new ForecastModel(name, 2, T0, config.inputSpec(), LstmModel.initialise(
                config.inputSpec().inputSize(), 1, 5_000, config.inputSpec().outputSize(), 3), null);
        models.pipeInput(ModelKeys.of(name, 1), ModelSnapshotCodec.toSnapshot(first));
        models.pipeInput(ModelKeys.of(name, 2), ModelSnapshotCodec.toSnapshot(deep));

        send("a", event(T0, 1.0, 2.0));

        assertThat(predictions.readValue().getModelVersion()).isEqualTo(1);
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    /**
     * The longest model state allowed keeps the largest key state within the producer's limit, and is no more than a
     * few bytes short of it: two floats more do not fit.
     */
    @Test
    void shouldAllowAModelStateThatKeepsTheLargestKeyStateWithinTheProducersLimit() {
        stop();
        start(Map.of(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8, "producer.max.request.size", 40_000));
        int largest = RecordSizeCheck.largestModelState(config);

        assertThat(largest).isGreaterThan(2 * 8);
        assertThat(io.streamcast.predict.LargestRecords.keyState(config.predictorSettings(), largest)
                + RecordSizeCheck.RECORD_OVERHEAD).isLessThanOrEqualTo(40_000);
        assertThat(io.streamcast.predict.LargestRecords.keyState(config.predictorSettings(), largest + 2)
                + RecordSizeCheck.RECORD_OVERHEAD).isGreaterThan(40_000);
    }

    /**
     * At the smallest max.request.size start-up accepts for a key's state with the configured network (32 hidden
     * units, two layers: 128 floats), a model of that shape is still allowed: the trainer's own models are never
     * refused.
     */
    @Test
    void shouldAllowTheConfiguredNetworkAtTheSmallestLimitStartUpAccepts() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.MODEL_LAYERS_CONFIG, 2);
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
        StreamcastConfig roomy = new StreamcastConfig(settings);
        long smallest = io.streamcast.predict.LargestRecords.keyState(roomy.predictorSettings(), 128)
                + RecordSizeCheck.RECORD_OVERHEAD;
        settings.put("producer.max.request.size", (int) smallest);

        assertThat(RecordSizeCheck.largestModelState(new StreamcastConfig(settings))).isGreaterThanOrEqualTo(128);
    }

    /**
     * The trainer publishes each version under its own key and then, for earlier releases, the same snapshot under the
     * bare name. A publication refused under its own key is one refused model, not two: the bare copy is not offered
     * again.
     */
    @Test
    void shouldCountAPublicationRefusedUnderItsOwnKeyOnceWhenItsBareNameCopyFollows() {
        ModelSnapshot wild = secondVersion();
        ByteBuffer weights = wild.getWeights().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        weights.putFloat(0, 1e30f);
        wild.setWeights(weights);
        ForecastModel first = TestSettings.model(wild.getName(), 1, config.inputSpec(), 8, 1);
        models.pipeInput(ModelKeys.of(first.name(), 1), ModelSnapshotCodec.toSnapshot(first));

        models.pipeInput(ModelKeys.of(wild.getName(), wild.getVersion()), wild);
        models.pipeInput(wild.getName(), wild);

        send("a", event(T0, 1.0, 2.0));
        assertThat(predictions.readValue().getModelVersion()).isEqualTo(1);
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(built.metrics().registry().get("streamcast.models.refused").counter().count()).isEqualTo(1);
    }

    /**
     * A bare-name record that differs from the one refused under the version's own key is another publication (one
     * written by hand, say), offered on its own: here a sound version 2 after a spoilt one, taken into use.
     */
    @Test
    void shouldOfferABareNameRecordThatDiffersFromTheOneRefusedUnderTheVersionsKey() {
        ModelSnapshot wild = secondVersion();
        ByteBuffer weights = wild.getWeights().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        weights.putFloat(0, 1e30f);
        wild.setWeights(weights);
        ForecastModel first = TestSettings.model(wild.getName(), 1, config.inputSpec(), 8, 1);
        models.pipeInput(ModelKeys.of(first.name(), 1), ModelSnapshotCodec.toSnapshot(first));

        models.pipeInput(ModelKeys.of(wild.getName(), wild.getVersion()), wild);
        models.pipeInput(wild.getName(), secondVersion());

        send("a", event(T0, 1.0, 2.0));
        assertThat(predictions.readValue().getModelVersion()).isEqualTo(2);
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    /** A snapshot of version 2 of the configured model, to be spoilt. */
    private ModelSnapshot secondVersion() {
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        return ModelSnapshotCodec.toSnapshot(TestSettings.model(name, 2, config.inputSpec(), 8, 2));
    }

    /** Publishes version 1, then {@code spoilt} under {@code key}: keys go on with version 1. */
    private void assertRefusedAfterTheFirstVersion(ModelSnapshot spoilt, String key) {
        ForecastModel first = TestSettings.model(spoilt.getName(), 1, config.inputSpec(), 8, 1);
        models.pipeInput(first.name(), ModelSnapshotCodec.toSnapshot(first));
        models.pipeInput(key, spoilt);

        send("a", event(T0, 1.0, 2.0));
        assertThat(predictions.readValue().getModelVersion()).isEqualTo(1);
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    /**
     * A record that fits the producer's limit alone, but not with the dead letter's headers (here a limit of 20,000
     * bytes and 19,600 bytes of garbage, with several hundred bytes of headers and framing beyond them), goes to the
     * dead letters without its value, which the source headers locate: sent whole, it would fail the task, and the
     * same record would stop the instance after every restart.
     */
    @Test
    void shouldSendADeadLetterWithoutAValueTooLargeToSendWithItsHeaders() {
        driver.close();
        start(Map.of("producer.max.request.size", 20_000));
        byte[] garbage = new byte[19_600];
        java.util.Arrays.fill(garbage, (byte) 'x');
        send("a", garbage);
        send("a", "x".repeat(18_000).getBytes(StandardCharsets.UTF_8));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEmpty();
        assertThat(header(dead.headers(), DeadLetters.VALUE_LEFT_OUT_HEADER)).startsWith("19600 bytes");
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo("unparseable");
        assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("0");
        TestRecord<byte[], byte[]> fits = deadLetters.readRecord();
        assertThat(fits.value()).hasSize(18_000);
        assertThat(header(fits.headers(), DeadLetters.VALUE_LEFT_OUT_HEADER)).isNull();
    }

    /**
     * A record larger than the dead-letter topic takes (20,000 bytes, set before the start as {@code run} sets what it
     * read), though well within the producer's limit (the default 1 MiB), goes there without its value: sent whole,
     * the broker would refuse it, which fails the task, again after every restart.
     */
    @Test
    void shouldSendADeadLetterWithoutAValueTheDeadLetterTopicWouldRefuse() {
        built.sendLimits().deadLetterTopicTakes(20_000);
        byte[] garbage = new byte[60_000];
        java.util.Arrays.fill(garbage, (byte) 'x');
        send("a", garbage);
        send("a", "x".repeat(18_000).getBytes(StandardCharsets.UTF_8));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEmpty();
        assertThat(header(dead.headers(), DeadLetters.VALUE_LEFT_OUT_HEADER)).startsWith("60000 bytes");
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo("unparseable");
        assertThat(deadLetters.readRecord().value()).hasSize(18_000);
    }

    /**
     * A dead letter replayed into the events topic as it was read, headers and all (as a replay tool does): one that
     * fails again carries only its new reason, one now predicted carries none, and the event's own headers pass on.
     */
    @Test
    void shouldReplaceTheReasonOfADeadLetterReplayedAndDropItWhenTheReplayIsPredicted() {
        send("a", event(T0, 1.0, 2.0));
        send("a", event(T0 - 2 * HOUR, 3.0, 4.0));
        TestRecord<byte[], byte[]> first = deadLetters.readRecord();
        assertThat(header(first.headers(), DeadLetters.REASON_HEADER)).isEqualTo("out-of-order");
        first.headers().add("trace", "t-7".getBytes(StandardCharsets.UTF_8));

        // replayed as it was: still late, so refused again, for a reason stated once
        events.pipeInput(new TestRecord<>(first.key(), first.value(), first.headers()));
        // replayed with a corrected time, after the key's latest
        events.pipeInput(new TestRecord<>(first.key(), event(T0 + MINUTE, 3.0, 4.0), first.headers()));

        TestRecord<byte[], byte[]> again = deadLetters.readRecord();
        assertThat(again.headers().headers(DeadLetters.REASON_HEADER)).hasSize(1);
        assertThat(again.headers().headers(DeadLetters.MESSAGE_HEADER)).hasSize(1);
        assertThat(again.headers().headers(DeadLetters.SOURCE_OFFSET_HEADER)).extracting(h -> new String(h.value(),
                StandardCharsets.UTF_8)).containsExactly("2");
        assertThat(header(again.headers(), "trace")).isEqualTo("t-7");
        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(2);
        Headers predicted = out.get(1).headers();
        assertThat(predicted.toArray()).extracting(Header::key).containsExactly("trace");
    }

    /**
     * A record whose own headers, or whose key, are too large to send with a dead letter's headers (a limit of
     * 20,000 bytes; a header of 19,600 bytes, a key of 19,600 bytes) goes to the dead letters without its own
     * headers, and then without its key, each left out named with its size, so that the dead letter always fits.
     */
    @Test
    void shouldSendADeadLetterWithoutHeadersOrAKeyTooLargeToSend() {
        driver.close();
        start(Map.of("producer.max.request.size", 20_000));
        RecordHeaders traced = new RecordHeaders();
        traced.add("trace", new byte[19_600]);
        events.pipeInput(new TestRecord<>("a".getBytes(StandardCharsets.UTF_8),
                "not an event".getBytes(StandardCharsets.UTF_8), traced));
        events.pipeInput(new byte[19_600], event(T0, 1.0, 2.0));

        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();

        assertThat(letters).hasSize(2).allSatisfy(letter -> assertThat(size(letter)).isLessThan(20_000));
        TestRecord<byte[], byte[]> withoutHeaders = letters.get(0);
        assertThat(header(withoutHeaders.headers(), "trace")).isNull();
        assertThat(header(withoutHeaders.headers(), DeadLetters.HEADERS_LEFT_OUT_HEADER))
                .startsWith("1 headers of 19605 bytes");
        assertThat(header(withoutHeaders.headers(), DeadLetters.REASON_HEADER)).isEqualTo("unparseable");
        assertThat(withoutHeaders.key()).containsExactly('a');
        TestRecord<byte[], byte[]> withoutKey = letters.get(1);
        assertThat(withoutKey.key()).isNull();
        assertThat(header(withoutKey.headers(), DeadLetters.KEY_LEFT_OUT_HEADER)).startsWith("19600 bytes");
        assertThat(header(withoutKey.headers(), DeadLetters.REASON_HEADER)).isEqualTo("key-too-long");
        assertThat(header(withoutKey.headers(), DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("1");
    }

    /** The bytes a record takes in a produce request, but for its framing: key, value and headers. */
    private static long size(TestRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /**
     * A version at the largest long would leave the trainer no newer version to publish, for good. Under a version's
     * own key no such version can be named; under the bare model name, which earlier releases write, it can.
     */
    @Test
    void shouldKeepTheModelInUseWhenASnapshotWithAVersionBeyondTheBoundArrives() {
        ModelSnapshot last = secondVersion();
        last.setVersion(Long.MAX_VALUE);

        assertRefusedAfterTheFirstVersion(last, last.getName());
    }

    @Test
    void shouldSendUnparseableBytesToDeadLettersWithTheirSource() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        send("a", garbage);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo("unparseable");
        assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC_HEADER)).isEqualTo(built.topics().events().name());
        assertThat(header(dead.headers(), DeadLetters.SOURCE_PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("0");
        assertThat(predictions.isEmpty()).isTrue();
    }

    @Test
    void shouldSendAnUnknownWriterSchemaToDeadLettersAsASchemaMismatch() {
        byte[] valid = event(T0, 1.0, 2.0);
        valid[4] = 99;
        send("a", valid);
        assertThat(header(deadLetters.readRecord().headers(), DeadLetters.REASON_HEADER)).isEqualTo("schema-mismatch");
    }

    /**
     * A key goes into every prediction and training window twice; one long enough to grow them past the producer's
     * limit would stop the instance on its record after every restart. Keys up to 512 bytes are served.
     */
    @Test
    void shouldSendAKeyLongerThan512BytesToDeadLetters() {
        send("k".repeat(RecordSizeCheck.MAX_KEY_BYTES), event(T0, 1.0, 2.0));
        assertThat(predictions.readValuesToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();

        send("k".repeat(RecordSizeCheck.MAX_KEY_BYTES + 1), event(T0, 1.0, 2.0));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo("key-too-long");
        assertThat(header(dead.headers(), DeadLetters.MESSAGE_HEADER)).contains("513 bytes");
        assertThat(dead.value()).isEqualTo(event(T0, 1.0, 2.0));
        assertThat(predictions.isEmpty()).isTrue();
    }

    /**
     * A record with a negative timestamp (a client that set an invalid one) is predicted like any other, its output
     * stamped with the wall clock: Kafka Streams' default extractor failed it before any processor saw it, and so
     * stopped the instance on it after every restart.
     */
    @Test
    void shouldPredictARecordWhoseTimestampIsNegative() {
        long before = System.currentTimeMillis();
        events.pipeInput(new TestRecord<>("a".getBytes(StandardCharsets.UTF_8), event(T0, 1.0, 2.0), null,
                Instant.ofEpochMilli(T0)));
        events.pipeInput(new TestRecord<>("a".getBytes(StandardCharsets.UTF_8), event(T0 + MINUTE, 1.5, 2.5), null,
                Instant.ofEpochMilli(-5)));
        long after = System.currentTimeMillis();

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).timestamp()).isBetween(before, after);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /**
     * A prediction carries its event's headers, but not when it could not be sent with them: under a producer's
     * max.request.size of 40,000 bytes, an event with 39,500 bytes of headers fits, its prediction with them does not.
     */
    @Test
    void shouldSendAPredictionWithoutItsEventsHeadersWhenItCannotBeSentWithThem() {
        stop();
        start(Map.of("producer.max.request.size", 40_000));
        assertThatTheSecondOfTwoPredictionsGoesWithoutItsEventsHeavyHeaders();
    }

    /**
     * The same within the output topics' limit (40,000 bytes, set before the start as {@code run} sets what it read),
     * under the producer's default of 1 MiB: sent with its event's 39,500 bytes of headers, the broker would refuse the
     * prediction, which fails the task, again after every restart.
     */
    @Test
    void shouldSendAPredictionWithoutItsEventsHeadersWhenItsTopicWouldRefuseItWithThem() {
        built.sendLimits().outputTopicsTake(40_000);
        assertThatTheSecondOfTwoPredictionsGoesWithoutItsEventsHeavyHeaders();
    }

    /** Two events of one key, 3 bytes of headers, then 39,500: the first prediction carries them, not the second. */
    private void assertThatTheSecondOfTwoPredictionsGoesWithoutItsEventsHeavyHeaders() {
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        Headers light = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        Headers heavy = new RecordHeaders().add("trace", new byte[39_500]);
        events.pipeInput(new TestRecord<>(key, event(T0, 1.0, 2.0), light, Instant.ofEpochMilli(T0)));
        events.pipeInput(new TestRecord<>(key, event(T0 + MINUTE, 1.5, 2.5), heavy, Instant.ofEpochMilli(T0)));

        List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
        assertThat(out).hasSize(2);
        assertThat(header(out.get(0).headers(), "trace")).isEqualTo("t-1");
        assertThat(out.get(1).headers().lastHeader("trace") == null).as("the event's own header left out").isTrue();
        assertThat(header(out.get(1).headers(), OutputHeaders.HEADERS_LEFT_OUT_HEADER))
                .isEqualTo("1 headers of 39505 bytes, too large to send with this record");
    }

    @Test
    void shouldSendNullKeyAndNullValueToDeadLetters() {
        send(null, event(T0, 1.0, 2.0));
        send("a", null);
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("null-key", "null-value");
        assertThat(dead.get(0).value()).isEqualTo(event(T0, 1.0, 2.0));
    }

    @Test
    void shouldRefuseNonFiniteValuesWithoutTouchingTheKeyState() {
        assertRefusedWithStateUnchanged(event(T0 + 1000, Double.NaN, 1.0), "non-finite-value");
        assertRefusedWithStateUnchanged(event(T0 + 1000, 1.0, Double.POSITIVE_INFINITY), "non-finite-value");
    }

    @Test
    void shouldRefuseAValueBeyondTheLargestMagnitudeWithoutTouchingTheKeyState() {
        assertRefusedWithStateUnchanged(event(T0 + 1000, Double.MAX_VALUE, 1.0), "value-out-of-range");
        assertRefusedWithStateUnchanged(event(T0 + 1000, 1.0, -1e19), "value-out-of-range");
    }

    @Test
    void shouldRefuseAWrongDimensionWithoutTouchingTheKeyState() {
        assertRefusedWithStateUnchanged(event(T0 + 1000, 1.0), "wrong-dimension");
        assertRefusedWithStateUnchanged(event(T0 + 1000, 1.0, 2.0, 3.0), "wrong-dimension");
    }

    @Test
    void shouldRefuseAnEventLateBeyondTheGraceWithoutTouchingTheKeyState() {
        assertRefusedWithStateUnchanged(event(T0 - HOUR - 1, 1.0, 2.0), "out-of-order");
    }

    @Test
    void shouldRefuseEveryLateEventWhenTheLateEventPolicyIsRefuse() {
        stop();
        start(Map.of(StreamcastConfig.LATE_EVENT_POLICY_CONFIG, "REFUSE"));
        assertRefusedWithStateUnchanged(event(T0 - 1, 1.0, 2.0), "out-of-order");
    }

    @Test
    void shouldApplyEventsInArrivalOrderWhenTheClockStepsBackAnHour() {
        for (int i = 0; i < 12; i++) {
            send("a", event(T0 + i * 5 * MINUTE, 1.0 + i, 2.0));
        }
        // A daylight-saving change: the source's clock goes back an hour and repeats it.
        for (int i = 0; i < 12; i++) {
            send("a", event(T0 + i * 5 * MINUTE, 20.0 + i, 2.0));
        }

        assertThat(deadLetters.isEmpty()).isTrue();
        List<Prediction> out = predictions.readValuesToList();
        assertThat(out).hasSize(24);
        assertThat(out.get(12).getEventTime()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(out.get(12).getObserved()).containsExactly(20.0, 2.0);
        assertThat(view("a").eventCount()).isEqualTo(24);
        assertThat(view("a").lastEventTime()).as("the key keeps the largest event time it has seen")
                .isEqualTo(T0 + 55 * MINUTE);
    }

    @Test
    void shouldRefuseAFarFutureEventSoThatTheKeysGenuineEventsGoOn() {
        send("a", event(T0, 1.0, 2.0));
        send("a", event(YEAR_3000, 1.0, 2.0));
        send("a", event(T0 * 1000, 1.0, 2.0));
        send("a", event(T0 + MINUTE, 1.5, 2.5));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("far-future", "far-future");
        assertThat(header(dead.get(0).headers(), DeadLetters.MESSAGE_HEADER)).contains("3000-01-01T00:00:00Z");
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .containsExactly(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + MINUTE));
        assertThat(view("a").lastEventTime()).isEqualTo(T0 + MINUTE);
    }

    /**
     * A producer whose clock is centuries ahead stamps the record too, and a broker that does not refuse such
     * timestamps (Kafka 3's default) takes it: the event is judged against the wall clock, not the record's stamp, so
     * it is refused and the key's genuine events go on.
     */
    @Test
    void shouldNotLetARecordStampedFarAheadOfTheClockCarryItsEventIn() {
        long now = System.currentTimeMillis();
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        events.pipeInput(new TestRecord<>(key, event(now, 1.0, 2.0), null, Instant.ofEpochMilli(now)));
        events.pipeInput(new TestRecord<>(key, event(YEAR_3000, 1.0, 2.0), null, Instant.ofEpochMilli(YEAR_3000)));
        events.pipeInput(new TestRecord<>(key, event(now + 30 * MINUTE, 1.5, 2.5), null,
                Instant.ofEpochMilli(now + 30 * MINUTE)));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("far-future");
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .containsExactly(Instant.ofEpochMilli(now), Instant.ofEpochMilli(now + 30 * MINUTE));
    }

    /**
     * A host that booted with its clock a year ahead, and a producer on it, put a key's latest event time a year ahead;
     * once the clock is set right no event of the key could be accepted for a year. No event can be accepted that far
     * ahead of a clock, so the key's time can only come from a clock that went back since: the key starts afresh.
     */
    @Test
    void shouldStartAfreshAKeyWhoseLatestTimeOnlyAClockThatWentBackCouldHaveAccepted() {
        long now = System.currentTimeMillis();
        long yearAhead = now + 365 * 24 * HOUR;
        stop();
        start(Map.of(), Instant.ofEpochMilli(yearAhead));
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            events.pipeInput(new TestRecord<>(key, event(yearAhead + i * MINUTE, 1.0 + i, 2.0), null,
                    Instant.ofEpochMilli(yearAhead + i * MINUTE)));
        }
        byte[] aheadState = storedState("a");
        assertThat(built.keyStates().view(aheadState).lastEventTime()).isEqualTo(yearAhead + 2 * MINUTE);
        stop();
        start(Map.of(), Instant.ofEpochMilli(now));
        driver.<byte[], byte[]>getKeyValueStore(StreamcastTopology.KEY_STATE_STORE).put(key, aheadState);

        events.pipeInput(new TestRecord<>(key, event(now, 7.0, 8.0), null, Instant.ofEpochMilli(now)));
        events.pipeInput(new TestRecord<>(key, event(now + MINUTE, 7.5, 8.5), null,
                Instant.ofEpochMilli(now + MINUTE)));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .isEmpty();
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .containsExactly(Instant.ofEpochMilli(now), Instant.ofEpochMilli(now + MINUTE));
        assertThat(view("a").eventCount()).as("started afresh at the first genuine event").isEqualTo(2);
        assertThat(view("a").lastEventTime()).isEqualTo(now + MINUTE);
        assertThat(built.metrics().registry().get("streamcast.key.state.clock.resets").counter().count())
                .isEqualTo(1);
    }

    /**
     * An event accepted as far ahead of the clock as the limit allows (an hour) makes later events late, but a clock
     * that runs on could have accepted it: the key is not restarted, and an event late beyond the grace is refused as
     * before.
     */
    @Test
    void shouldNotRestartAKeyWhoseLatestTimeTheClockCouldHaveAccepted() {
        long now = System.currentTimeMillis();
        stop();
        start(Map.of(), Instant.ofEpochMilli(now));
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        events.pipeInput(new TestRecord<>(key, event(now + HOUR, 1.0, 2.0), null, Instant.ofEpochMilli(now)));
        events.pipeInput(new TestRecord<>(key, event(now - 2 * MINUTE, 1.5, 2.5), null, Instant.ofEpochMilli(now)));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("out-of-order");
        assertThat(view("a").eventCount()).isEqualTo(1);
        assertThat(view("a").lastEventTime()).isEqualTo(now + HOUR);
        assertThat(built.metrics().registry().get("streamcast.key.state.clock.resets").counter().count())
                .isEqualTo(0);
    }

    /**
     * Records stamped years ahead or in 1970 by producers with wrong clocks, whose events' own times are right, are
     * predicted, and their outputs are stamped with the wall clock: topics that refuse records stamped further from
     * the broker's clock than they allow (an hour ahead by Kafka 4's default) would refuse them, and the task would
     * fail on the record after every restart. The dead letter of such a record is stamped so too.
     */
    @Test
    void shouldStampTheOutputsOfARecordStampedFarFromTheClockWithTheClock() {
        long before = System.currentTimeMillis();
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        events.pipeInput(new TestRecord<>(key, event(before, 1.0, 2.0), null, Instant.ofEpochMilli(YEAR_3000)));
        events.pipeInput(new TestRecord<>(key, event(before + 1, 1.0, 2.0), null, Instant.ofEpochMilli(1_000)));
        events.pipeInput(new TestRecord<>(key, event(YEAR_3000, 1.0, 2.0), null, Instant.ofEpochMilli(YEAR_3000)));
        long after = System.currentTimeMillis();

        assertThat(predictions.readRecordsToList()).hasSize(2)
                .allSatisfy(r -> assertThat(r.timestamp()).isBetween(before, after));
        assertThat(deadLetters.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(r.timestamp()).isBetween(before, after));
    }

    /**
     * An event time before the year 1 (the smallest long, say) is refused on a new key too, where no earlier event
     * makes it late: its prediction would stop every consumer that reads the time as a date at that record.
     */
    @Test
    void shouldRefuseAnEventTimeBeforeTheYearOneOnANewKey() {
        send("new", event(Long.MIN_VALUE, 1.0, 2.0));
        send("new", event(-62_135_596_800_001L, 1.0, 2.0));
        send("new", event(-62_135_596_800_000L, 1.0, 2.0));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("far-past", "far-past");
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .containsExactly(Instant.parse("0001-01-01T00:00:00Z"));
    }

    /**
     * Event times in seconds since 1970 where milliseconds are meant read as times in January 1970, which nothing
     * tells from real ones: they are applied, and the instance says what it read, at most once a minute, once the
     * event's outputs are made.
     */
    @Test
    void shouldApplyAnEventTimeInSecondsAndWarnThatItReadsAsSeconds() {
        long seconds = System.currentTimeMillis() / 1000;
        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send("pump", event(seconds, 1.0, 2.0));
            send("pump", event(seconds + 60, 1.5, 2.5));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("Key pump: event time " + seconds, Instant.ofEpochSecond(seconds).toString());
        }
        assertThat(predictions.readValuesToList()).extracting(Prediction::getEventTime)
                .containsExactly(Instant.ofEpochMilli(seconds), Instant.ofEpochMilli(seconds + 60));
    }

    @Test
    void shouldAcceptAnEventWithTheSameTimeAsTheKeysLast() {
        send("a", event(T0, 1.0, 2.0));
        send("a", event(T0, 1.5, 2.5));
        assertThat(predictions.readValuesToList()).hasSize(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private void assertRefusedWithStateUnchanged(byte[] bad, String reason) {
        send("a", event(T0, 1.0, 2.0));
        predictions.readValuesToList();
        byte[] before = storedState("a");

        send("a", bad);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo(reason);
        assertThat(header(dead.headers(), DeadLetters.MESSAGE_HEADER)).isNotBlank();
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(storedState("a")).isEqualTo(before);
        assertThat(predictions.isEmpty()).isTrue();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

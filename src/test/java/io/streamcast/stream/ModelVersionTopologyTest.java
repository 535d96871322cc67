package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.Event;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key's model version only moves forward: a key that arrives built by a version this instance has not read yet
 * waits for it instead of being re-warmed back to an older one; and taking a first model is no re-warm.
 */
class ModelVersionTopologyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;

    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<String, ModelSnapshot> models;
    private TestOutputTopic<String, Prediction> predictions;

    private void start(long catchUpMillis) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, catchUpMillis);
        config = new StreamcastConfig(settings);
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        events = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
                topics.predictions().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private ForecastModel model(long version) {
        return TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), version, config.inputSpec(),
                8, version);
    }

    private void send(String key, long time, double value) {
        events.pipeInput(key.getBytes(StandardCharsets.UTF_8),
                built.topics().events().serializeValue(new Event(Instant.ofEpochMilli(time), List.of(value))));
    }

    /** Stores {@code key}'s state as another instance left it: ten events stepped with {@code model}. */
    private void storeStateBuiltBy(String key, ForecastModel model) {
        KeyStep step = new KeyStep(config.predictorSettings());
        KeyMemory memory = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(memory, T0 + i * MINUTE, new double[] {Math.sin(i)}, model, result);
        }
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        store.put(key.getBytes(StandardCharsets.UTF_8), new KeyStateCodec().encode(memory));
    }

    private double counter(String name) {
        return built.metrics().registry().get(name).counter().count();
    }

    @Test
    void shouldWaitForTheVersionAKeyWasBuiltWithInsteadOfGoingBack() throws InterruptedException {
        start(10_000);
        models.pipeInput(model(1).name(), ModelSnapshotCodec.toSnapshot(model(1)));
        storeStateBuiltBy("a", model(2));
        // This instance's models consumer delivers version 2 while the predictor waits for it.
        Thread modelsConsumer = new Thread(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> built.models().waiting() > 0);
            built.models().offer(model(2));
        });
        modelsConsumer.start();

        send("a", T0 + 10 * MINUTE, 0.5);
        modelsConsumer.join(Duration.ofSeconds(30).toMillis());

        assertThat(predictions.readValue().getModelVersion()).isEqualTo(2);
        assertThat(built.keyStates().view(driver.<byte[], byte[]>getKeyValueStore(StreamcastTopology.KEY_STATE_STORE)
                .get("a".getBytes(StandardCharsets.UTF_8))).modelVersion()).isEqualTo(2);
        assertThat(counter("streamcast.key.rewarms")).isZero();
        assertThat(counter("streamcast.model.version.regressions")).isZero();
    }

    @Test
    void shouldContinueWithTheVersionInUseOnlyWhenTheKeysVersionDoesNotArriveAndCountIt() {
        start(0);
        models.pipeInput(model(1).name(), ModelSnapshotCodec.toSnapshot(model(1)));
        storeStateBuiltBy("a", model(2));
        storeStateBuiltBy("b", model(2));

        send("a", T0 + 10 * MINUTE, 0.5);
        send("a", T0 + 11 * MINUTE, 0.6);
        send("b", T0 + 10 * MINUTE, 0.5);

        assertThat(predictions.readValuesToList()).extracting(Prediction::getModelVersion)
                .containsExactly(1L, 1L, 1L);
        assertThat(counter("streamcast.model.version.regressions")).as("a's first event and b's").isEqualTo(2);
    }

    @Test
    void shouldNotCountAKeyThatTakesItsFirstModelWithNoHistoryAsARewarm() {
        start(0);
        send("old", T0, 1.0);
        models.pipeInput(model(1).name(), ModelSnapshotCodec.toSnapshot(model(1)));

        send("new", T0, 1.0);
        assertThat(counter("streamcast.key.rewarms")).isZero();
        send("old", T0 + MINUTE, 2.0);
        assertThat(counter("streamcast.key.rewarms")).as("a key built by the fallback replays its history")
                .isEqualTo(1);
    }
}

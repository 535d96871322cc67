package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.registry.NewerProducerEvents;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schema registry over HTTP that stops answering while a record written with a schema id not seen yet arrives: the
 * record is good, so it must not be dead-lettered; the task fails within the registry's call timeout, naming the
 * registry and the setting, and the record is processed once the registry answers again. A model record whose schema
 * the registry refuses the instance's credentials for fails the models' read at once, without the outage's wait.
 */
class RegistryOutageTopologyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int CALL_TIMEOUT_MS = 500;

    private final TestSchemaRegistry registry = TestSchemaRegistry.start();
    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        settings.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        config = new StreamcastConfig(settings);
        config.requireRunnable();
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        events = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
                topics.predictions().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void shouldFailTheTaskWithinTheCallTimeoutAndNotDeadLetterTheRecord() {
        int newerId = registry.store().register("another-subject", NewerProducerEvents.schema());
        byte[] record = NewerProducerEvents.frame(newerId, T0, 1.0, 2.0);
        registry.stallNext(1_000);

        Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> catchThrowable(
                () -> events.pipeInput(key("a"), record)));

        assertThat(outage(failure)).as("the failure, as the stream thread sees it: %s", failure).isNotNull()
                .hasMessageContaining("writer schema id " + newerId)
                .hasMessageContaining(registry.url())
                .hasMessageContaining(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG);
        assertThat(deadLetters.isEmpty()).as("not the record's fault").isTrue();
        assertThat(predictions.isEmpty()).isTrue();

        // Once the registry answers again, the same record, read again by the thread that replaces the failed one
        // (StreamThreadFailures), is predicted.
        registry.stallNext(0);
        events.pipeInput(key("a"), record);

        assertThat(predictions.readValuesToList()).singleElement()
                .satisfies(p -> assertThat(p.getObserved()).containsExactly(1.0, 2.0));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /**
     * A registry that refuses the credentials (403) for a new model's schema fails the models' read at once, naming
     * the settings that hold them, where an outage is read again for {@code model.registry.wait.ms}: no wait mends
     * credentials. The model in use stays, and the record, neither applied nor refused, is applied when read again
     * once the registry allows the read (as the next start does).
     */
    @Test
    void shouldFailTheModelsReadAtOnceWhenTheRegistryRefusesTheCredentials() {
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        Topic<String, ModelSnapshot> topic = built.topics().models();
        TestInputTopic<String, byte[]> models = driver.createInputTopic(topic.name(), new StringSerializer(),
                new ByteArraySerializer());
        models.pipeInput(name + "@1", snapshot(topic, name, 1));
        byte[] versionTwo = snapshot(topic, name, 2);
        // another release's schema for the same fields, whose id the instance has not fetched
        Schema anotherRelease = new Schema.Parser().parse(ModelSnapshot.getClassSchema().toString());
        anotherRelease.addProp("written.by", "another release");
        int id = registry.store().register("another-release-models", anotherRelease);
        ByteBuffer.wrap(versionTwo).putInt(1, id);
        String fetch = "GET /schemas/ids/" + id;
        // refused once only: a read made again would be answered, and apply the model
        registry.failNextMatching(fetch, 1, 403);

        Throwable failure = catchThrowable(() -> models.pipeInput(name + "@2", versionTwo));

        assertThat(refused(failure)).as("the failure, as the global thread sees it: %s", failure).isNotNull()
                .hasMessageContaining("writer schema id " + id)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG)
                .hasMessageContaining(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG);
        assertThat(registry.requests().stream().filter(fetch::equals).count()).as("not read again").isEqualTo(1);
        assertThat(built.models().current().version()).as("the model in use").isEqualTo(1);
        assertThat(built.models().refusedCount()).as("not the record's fault").isZero();

        models.pipeInput(name + "@2", versionTwo);

        assertThat(built.models().current().version()).isEqualTo(2);
    }

    private byte[] snapshot(Topic<String, ModelSnapshot> topic, String name, long version) {
        return topic.serializeValue(ModelSnapshotCodec.toSnapshot(TestSettings.model(name, version,
                config.inputSpec(), 8, 7)));
    }

    private static SchemaRegistryCredentialsRefusedException refused(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SchemaRegistryCredentialsRefusedException credentials) {
                return credentials;
            }
        }
        return null;
    }

    private static SchemaRegistryUnavailableException outage(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SchemaRegistryUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

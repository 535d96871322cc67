package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schema registry over HTTP that stops answering after the instance started and before its trainer's first round
 * ends: the round's winner and report are still written, in the tick after the one that recorded the round's end, and
 * nothing escapes the trainer's punctuation (which would fail the stream thread and lose them). The output topics'
 * schema ids are settled as the topology is built ({@link StreamcastTopics#from}), so a publication asks the registry
 * nothing.
 */
class TrainerRegistryOutageTest {

    private static final int MIN_WINDOWS = 40;
    private static final int CALL_TIMEOUT_MS = 500;
    /** More failed requests than the trainer could make in the test: the registry answers none until told. */
    private static final int OUTAGE_REQUESTS = 1_000_000;

    private final TestSchemaRegistry registry = TestSchemaRegistry.start();
    private final ManualExecutor executor = new ManualExecutor();
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> samples;

    @BeforeEach
    void start() {
        Map<String, Object> settings = TestSettings.smallTrainer(MIN_WINDOWS);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        StreamcastConfig config = new StreamcastConfig(settings);
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding(), () -> executor);
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        samples = driver.createInputTopic(built.topics().trainingSamples().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        for (TrainingSample window : PeriodicKeyWindows.of(config.predictorSettings()).subList(0, MIN_WINDOWS)) {
            samples.pipeInput(window.getKey().getBytes(StandardCharsets.UTF_8),
                    built.topics().trainingSamples().serializeValue(window));
        }
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void shouldPublishTheFirstRoundsWinnerAndReportAlthoughTheRegistryIsDown() {
        driver.advanceWallClockTime(TrainerProcessor.TICK);
        assertThat(executor.runAll()).as("the first round ran").isEqualTo(1);
        registry.failNext(OUTAGE_REQUESTS, 503);
        int asked = registry.requestCount();

        // the tick that records the round's end, then the one that writes its report and publication
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatCode(() -> {
            driver.advanceWallClockTime(TrainerProcessor.TICK);
            driver.advanceWallClockTime(TrainerProcessor.TICK);
        }).as("nothing escapes the trainer's punctuation").doesNotThrowAnyException());
        assertThat(registry.requestCount()).as("the trainer asked the registry nothing").isEqualTo(asked);

        // this test's own readers of the topics ask the registry for the writer schemas
        registry.failNext(0, 503);
        List<KeyValue<String, ModelSnapshot>> published = driver.createOutputTopic(built.topics().models().name(),
                new StringDeserializer(), built.topics().models().valueSerde().deserializer())
                .readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).containsExactly("default@1", "default");
        assertThat(published).extracting(kv -> kv.value.getVersion()).containsExactly(1L, 1L);
        TestOutputTopic<String, TrainingRoundReport> rounds = driver.createOutputTopic(
                built.topics().trainingRounds().name(), new StringDeserializer(),
                built.topics().trainingRounds().valueSerde().deserializer());
        assertThat(rounds.readValuesToList()).singleElement()
                .satisfies(report -> assertThat(report.getPublishedVersion()).isEqualTo(1L));
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer sub-topology on the wall clock: rounds start on schedule, run on the injected executor (stepped by
 * the test, so the stream thread is never the one training) and publish versions that only increase.
 */
class TrainerTopologyTest {

    private static final Duration TICK = TrainerProcessor.TICK;
    private static final long INTERVAL_MS = 10_000;
    private static final int MIN_WINDOWS = 40;

    private final ManualExecutor executor = new ManualExecutor();
    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> samples;
    private TestInputTopic<byte[], byte[]> modelsIn;
    private TestOutputTopic<String, ModelSnapshot> modelsOut;
    private List<TrainingSample> windows;
    private int sent;

    @BeforeEach
    void start() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 4);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, MIN_WINDOWS);
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, MIN_WINDOWS);
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, INTERVAL_MS);
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 30);
        settings.put(StreamcastConfig.TRAINING_LEARNING_RATE_CONFIG, 0.01);
        settings.put(StreamcastConfig.TRAINING_BURN_IN_CONFIG, 4);
        settings.put(StreamcastConfig.TRAINING_THREADS_CONFIG, 1);
        config = new StreamcastConfig(settings);
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding(), () -> executor);
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        samples = driver.createInputTopic(topics.trainingSamples().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        modelsIn = driver.createInputTopic(topics.models().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        modelsOut = driver.createOutputTopic(topics.models().name(), new StringDeserializer(),
                topics.models().valueSerde().deserializer());
        windows = PeriodicKeyWindows.of(config.predictorSettings());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            TrainingSample window = windows.get(sent++ % windows.size());
            samples.pipeInput(window.getKey().getBytes(StandardCharsets.UTF_8),
                    built.topics().trainingSamples().serializeValue(window));
        }
    }

    private void tick() {
        driver.advanceWallClockTime(TICK);
    }

    private void publishInUse(long version) {
        ForecastModel model = TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), version,
                config.inputSpec(), 8, 1);
        modelsIn.pipeInput(model.name().getBytes(StandardCharsets.UTF_8),
                built.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model)));
        modelsOut.readValuesToList();
    }

    @Test
    void shouldStartARoundOnTheExecutorOnlyOnceEnoughWindowsArrived() {
        send(MIN_WINDOWS - 1);
        tick();
        assertThat(executor.pending()).isZero();

        send(1);
        tick();
        assertThat(executor.pending()).isEqualTo(1);
        assertThat(modelsOut.isEmpty()).as("nothing is published while the round runs").isTrue();
    }

    @Test
    void shouldPublishAFinishedRoundsCandidateAsVersionOne() {
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        tick();

        List<ModelSnapshot> published = modelsOut.readValuesToList();
        assertThat(published).extracting(ModelSnapshot::getVersion).containsExactly(1L);
        assertThat(built.models().current().version()).as("taken into use through the models topic").isEqualTo(1);
    }

    @Test
    void shouldNotStartAnotherRoundWhileOneRunsNorBeforeTheInterval() {
        send(MIN_WINDOWS);
        tick();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(2 * INTERVAL_MS));
        assertThat(executor.pending()).as("only the first round, which has not finished").isEqualTo(1);

        executor.runAll();
        tick();
        assertThat(executor.pending()).as("collected, and the next one started at once: it is due").isEqualTo(1);

        executor.runAll();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS - TICK.toMillis()));
        assertThat(executor.pending()).as("within the interval after the second round started").isZero();
        tick();
        assertThat(executor.pending()).isEqualTo(1);
    }

    @Test
    void shouldPublishAboveTheVersionInUse() {
        publishInUse(7);
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        tick();

        assertThat(modelsOut.readValuesToList()).extracting(ModelSnapshot::getVersion).containsExactly(8L);
    }
}

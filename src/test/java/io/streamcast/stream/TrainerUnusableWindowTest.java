package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A window no predictor sends (its scaling statistics hold a negative variance) is skipped as it arrives, as README
 * says: it takes no place in the training set and does not count towards training.min.samples.
 */
class TrainerUnusableWindowTest {

    private static final int MIN_WINDOWS = 40;

    private final ManualExecutor executor = new ManualExecutor();
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> samples;
    private List<TrainingSample> windows;

    @BeforeEach
    void start() {
        StreamcastConfig config = new StreamcastConfig(TestSettings.smallTrainer(MIN_WINDOWS));
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding(), () -> executor);
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        samples = driver.createInputTopic(built.topics().trainingSamples().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        windows = PeriodicKeyWindows.of(config.predictorSettings());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(TrainingSample window) {
        samples.pipeInput(window.getKey().getBytes(StandardCharsets.UTF_8),
                built.topics().trainingSamples().serializeValue(window));
    }

    @Test
    void shouldNotCountAWindowWithANegativeVarianceTowardsTheFirstRound() {
        for (int i = 0; i < MIN_WINDOWS - 1; i++) {
            send(windows.get(i % windows.size()));
        }
        TrainingSample good = windows.get(0);
        ByteBuffer scalers = ByteBuffer.allocate(good.getScalers().remaining()).order(ByteOrder.LITTLE_ENDIAN);
        scalers.put(good.getScalers().duplicate()).flip();
        // mean, variance, log mean, log variance of the first value
        scalers.putDouble(Double.BYTES, -1.0);
        send(TrainingSample.newBuilder(good).setKey("no-predictor-sends-this").setScalers(scalers).build());

        driver.advanceWallClockTime(TrainerProcessor.TICK);

        assertThat(executor.pending()).as("one usable window short of training.min.samples").isZero();
    }
}

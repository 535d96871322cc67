package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.LogCapture;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The close of Kafka Streams on a real broker, as {@code run} and its SIGTERM hook close it. */
@ExtendWith(KafkaClusterExtension.class)
class StreamsStartAndCloseIT {

    @Test
    void shouldWarnNamingTheStateAndTheSettingWhenKafkaStreamsDoesNotStopWithinTheCloseTimeout(KafkaCluster kafka,
                                                                                               @TempDir Path dir)
            throws Exception {
        String id = "close-timeout-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(id, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // Given running streams whose task takes longer to close than the close timeout (1 s): its processor's close
        // waits until the test lets it go
        CountDownLatch letGo = new CountDownLatch(1);
        Topology topology = new Topology();
        topology.addSource("in", id);
        topology.addProcessor("closes-slowly", () -> new ClosesSlowly(letGo), "in");
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        ConsumerWakeups clients = new ConsumerWakeups(new StreamsConfig(properties).getKafkaClientSupplier(), true);
        KafkaStreams streams = new KafkaStreams(topology, properties, clients);
        StreamsStartAndClose lifecycle = new StreamsStartAndClose(streams, clients, Duration.ofSeconds(1), false, id);
        streams.setStateListener((now, before) -> lifecycle.stateChanged(now));
        try (LogCapture log = LogCapture.of(StreamsStartAndClose.class)) {
            assertThat(lifecycle.start()).as("started").isTrue();
            bounded().until(() -> streams.state() == KafkaStreams.State.RUNNING);

            // When they are closed
            lifecycle.close(() -> { });

            // Then the close says that they did not stop, in which state, and after which setting
            assertThat(streams.state()).as("state as the close returns").isEqualTo(KafkaStreams.State.PENDING_SHUTDOWN);
            assertThat(log.warnings()).containsExactly("Kafka Streams did not stop within close.timeout.ms (1000 ms):"
                    + " it is in state PENDING_SHUTDOWN, and what it has not closed is cut short");
        } finally {
            letGo.countDown();
            bounded().until(() -> streams.state() == KafkaStreams.State.NOT_RUNNING);
        }
    }

    /** Does nothing with records; its close waits until {@code letGo} is counted down (60 s at most). */
    private record ClosesSlowly(CountDownLatch letGo) implements Processor<byte[], byte[], Void, Void> {

        @Override
        public void process(Record<byte[], byte[]> record) {
        }

        @Override
        public void close() {
            try {
                letGo.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }
}

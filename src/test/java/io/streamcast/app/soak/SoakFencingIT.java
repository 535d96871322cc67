package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.StreamsNamedAssignor;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's wiring of {@link BrokerRestartFencing}: its "broker restart" here fences the running instance's
 * {@code group.instance.id} as Kafka's classic coordinator does after a lost hand-over (another member joins under
 * the stream thread's id, as in FencedInstanceIT), so that {@code run} exits 1 with its advice during the restart.
 * The soak must count that exit as fenced after a broker restart, not as a crash, and still finish every event.
 */
@ExtendWith(KafkaClusterExtension.class)
class SoakFencingIT {

    @Test
    void shouldCountAnInstanceFencedDuringABrokerRestartAsFencedNotCrashed(KafkaCluster kafka, @TempDir Path directory)
            throws Exception {
        // one instance, no kill, one "broker restart" halfway through 6 s of events
        SoakPlan plan = new SoakPlan(1, 0, 1, 2, 300, 100, false, 1, 3L);
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> cluster = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                    // one stream thread, so that its consumer's group.instance.id is the instance's with "-1"
                    StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            SoakReport report = new SoakRun(cluster, plan, () -> fenceTheInstance(kafka, directory), directory,
                    System.out, true).run();

            System.out.println(report.line());
            assertThat(report.fencedAfterBrokerRestart()).as("instances fenced after the broker restart").isEqualTo(1);
            assertThat(report.crashed()).as("instances that exited by themselves (their logs' ends above)").isZero();
            assertThat(report.brokerRestarts()).isEqualTo(1);
            assertThat(report.events()).isEqualTo(plan.events()).isEqualTo(report.eventsProduced());
            assertThat(report.predictions()).isEqualTo(plan.events());
            assertThat(report.lost()).isZero();
            assertThat(report.duplicated()).isZero();
            assertThat(report.mismatches()).isZero();
            assertThat(report.clean()).as(report.line()).isTrue();
        }
    }

    /**
     * Stands in for the broker restart: once the soak's one instance is ready, a plain consumer joins the group under
     * its stream thread's {@code group.instance.id}, which the coordinator hands to it, fencing the instance; returns
     * once the instance has exited, so that its exit falls within the restart.
     */
    private static void fenceTheInstance(KafkaCluster kafka, Path directory) throws Exception {
        Path log = directory.resolve("instance-0-0.log");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> InstanceProcess.answersReady(log));
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        assertThat(children).as("processes the soak started: its one instance").hasSize(1);
        ProcessHandle instance = children.get(0);

        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve("instance-0-0.properties"))) {
            settings.load(reader);
        }
        Map<String, Object> other = new HashMap<>(kafka.clientSettings());
        other.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        other.put(ConsumerConfig.GROUP_ID_CONFIG, settings.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        other.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                settings.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) + "-1");
        other.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, StreamsNamedAssignor.class.getName());
        other.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        other.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3_000);
        other.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(other, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            member.subscribe(List.of(settings.getProperty(StreamcastConfig.EVENTS_TOPIC_CONFIG)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !instance.isAlive();
            });
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers of another application whose group.id is this one's application.id: Kafka Streams cannot join their
 * group, and the start failed in words that named the wrong setting (group.protocol, training.enabled) or, under the
 * consumer protocol (KIP-848), in a NullPointerException; {@code run} refuses it before Kafka Streams starts.
 */
@ExtendWith(KafkaClusterExtension.class)
class ForeignGroupMembersIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** A consumer of another application in the group, reading the events topic, its partitions assigned. */
    private static KafkaConsumer<byte[], byte[]> foreignMember(KafkaCluster kafka, Map<String, Object> settings,
                                                               String protocol) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of((String) settings.get(StreamcastConfig.EVENTS_TOPIC_CONFIG)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    /** run, with a registry so that only the group can stop it, beside a foreign member of {@code protocol}. */
    private static RunInProcess runBeside(KafkaCluster kafka, Path dir, String protocol, boolean training)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "foreign");
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
        }
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             KafkaConsumer<byte[], byte[]> member = foreignMember(kafka, settings, protocol)) {
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
            settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
            settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, training);
            return RunInProcess.with(settings, dir, Duration.ofSeconds(60));
        }
    }

    private static String refusal(String kind) {
        return " (application.id) has members that are no Kafka Streams instances (" + kind + "; state Stable):"
                + " consumers of another application use it as their group.id, and Kafka Streams cannot join their"
                + " group. Give this application an application.id of its own, or stop those consumers and wait for"
                + " the sessions of those that stopped without leaving the group to time out";
    }

    @Test
    void shouldRefuseToStartInAGroupOfTheConsumerProtocol(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        // a classic stream thread was handed partitions without Kafka Streams' assignment: NullPointerException
        RunInProcess run = runBeside(kafka, dir, "consumer", false);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("Configuration error: Consumer group foreign-",
                        refusal("a group of group.protocol=consumer, which Kafka Streams does not use"))
                .doesNotContain("Streams state");
    }

    @Test
    void shouldRefuseToStartInAClassicGroupOfAnotherApplication(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // refused as an instance that trains among instances that do not, though none is an instance
        RunInProcess run = runBeside(kafka, dir, "classic", true);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("Configuration error: Consumer group foreign-",
                        refusal("a classic group whose partition assignor is range, where Kafka Streams' is stream"))
                .doesNotContain("Streams state");
    }

    @Test
    void shouldLetAnInstanceJoinItsApplicationsInstances(KafkaCluster kafka) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
             Admin admin = admin(kafka)) {
            // Given a running instance, its group settled
            StreamcastService instance = app.startInstanceThroughTwoEvents(T0);
            app.awaitConsumerGroup(group -> instance.state() == KafkaStreams.State.RUNNING
                    && group.groupState() == GroupState.STABLE);
            ApplicationGroup group = ApplicationGroup.read(admin, app.config()).orElseThrow();
            // passed for its members' assignor, not for want of reading it
            assertThat(group.members()).isNotEmpty();
            assertThat(group.assignor()).isEqualTo("stream");

            assertThatCode(() -> ForeignGroupMembers.require(group)).doesNotThrowAnyException();
        }
    }
}

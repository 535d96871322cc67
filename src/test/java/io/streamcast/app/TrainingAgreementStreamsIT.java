package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.enabled} other than the group's under {@code group.protocol=streams}: Kafka's coordinator keeps the
 * topology of the group's first member while the group exists, and refused an instance of the other setting a second
 * after its start, in Kafka's words ({@code Topology updates are not supported yet.}), beside a running instance and
 * after every instance had stopped alike; {@code run} refuses it before Kafka Streams starts, naming the setting.
 */
@ExtendWith(KafkaClusterExtension.class)
class TrainingAgreementStreamsIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static StreamcastFixture streamsApp(KafkaCluster kafka, TestSchemaRegistry registry, boolean training) {
        return new StreamcastFixture(kafka, Map.of(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams", StreamcastConfig.TRAINING_ENABLED_CONFIG, training));
    }

    /** Starts an instance of {@code app} and waits until it has processed events, its group's topology set. */
    private static StreamcastService running(StreamcastFixture app) {
        StreamcastService instance = app.startInstanceThroughTwoEvents(T0);
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.state() == KafkaStreams.State.RUNNING);
        return instance;
    }

    @Test
    void shouldRefuseToStartWithoutTrainingInAStreamsGroupThatTrains(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = streamsApp(kafka, registry, true)) {
            // Given a running instance that trains, under the streams protocol
            running(app);

            // When another instance starts with training.enabled=false
            Map<String, Object> settings = app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
            RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(60));

            // Then it refuses in one line, before Kafka Streams starts, naming the setting and what mends it
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("Configuration error: Consumer group " + app.applicationId()
                    + " (application.id) is a streams group whose topology has the trainer (a sub-topology reads"
                    + " topic " + app.topics().trainingSamples().name() + ", training.samples.topic), but"
                    + " training.enabled=false here: Kafka's coordinator keeps the topology that the group's first"
                    + " member sent for as long as the group exists, with members or without, and refuses a member"
                    + " with another (Topology updates are not supported yet). Give every instance the group's"
                    + " training.enabled=true; to change it, stop every instance, start one with the new"
                    + " training.enabled under group.protocol=classic until it is ready (/health/ready answers 200),"
                    + " stop it, then start them all with that setting under group.protocol=streams: the group turns"
                    + " classic on that instance's join and back to streams, of the new topology, on the next one's,"
                    + " its committed offsets kept. Or stop every instance and delete the group"
                    + " (kafka-streams-groups.sh --bootstrap-server BROKERS --delete --group " + app.applicationId()
                    + "), which deletes its committed offsets too")
                    .doesNotContain("Streams state");
        }
    }

    @Test
    void shouldRefuseToTrainInAStreamsGroupWithoutTheTrainerOnceEveryInstanceStopped(KafkaCluster kafka,
                                                                                     @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = streamsApp(kafka, registry, false);
             Admin admin = admin(kafka)) {
            // Given a group whose only instance, which did not train, stopped and left it: stopping every instance
            // does not let the coordinator take another topology
            running(app).close();
            StreamcastConfig config = new StreamcastConfig(app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, true)));
            ApplicationGroup group = ApplicationGroup.read(admin, config).orElseThrow();
            assertThat(group.state()).isEqualTo(GroupState.EMPTY);

            // When an instance would start with training.enabled=true, Then it is refused, naming the setting
            assertThatThrownBy(() -> TrainingAgreement.require(group, config,
                    () -> ApplicationGroup.read(admin, config)))
                    .isInstanceOf(ClusterMismatch.class)
                    .hasMessageStartingWith("Consumer group " + app.applicationId() + " (application.id) is a"
                            + " streams group whose topology has no trainer (no sub-topology reads topic "
                            + app.topics().trainingSamples().name() + ", training.samples.topic), but"
                            + " training.enabled=true here: ")
                    .hasMessageContaining("Give every instance the group's training.enabled=false; to change it,");
        }
    }

    @Test
    void shouldLetAnInstanceJoinAStreamsGroupOfItsOwnTopology(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             Admin admin = admin(kafka)) {
            for (boolean training : List.of(true, false)) {
                try (StreamcastFixture app = streamsApp(kafka, registry, training)) {
                    running(app);
                    StreamcastConfig config = new StreamcastConfig(app.anotherInstanceSettings(
                            dir.resolve("state"), Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, training)));
                    ApplicationGroup group = ApplicationGroup.read(admin, config).orElseThrow();
                    // passed because the topologies agree, not for want of finding the group's
                    assertThat(group.subtopologies()).as("training %s", training).isNotEmpty();

                    assertThatCode(() -> TrainingAgreement.require(group, config,
                            () -> ApplicationGroup.read(admin, config))).as("training %s", training)
                            .doesNotThrowAnyException();
                }
            }
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.enabled} changed in a rolling restart: an instance without the trainer joined a group led by one with
 * it, was handed the trainer's task and an events partition, and processed neither while it read ready; {@code run}
 * refuses it before Kafka Streams starts, naming the setting; as it refuses an instance that trains in a group of
 * instances that do not, whose leader would hand it no trainer task.
 */
@ExtendWith(KafkaClusterExtension.class)
class TrainingAgreementIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Whether a member of the group reads the training samples: the trainer's task is placed. */
    private static boolean samplesAssigned(ConsumerGroupDescription group, StreamcastFixture app) {
        String samples = app.topics().trainingSamples().name();
        return group.members().stream().map(MemberDescription::assignment)
                .anyMatch(assignment -> assignment.topicPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(samples)));
    }

    @Test
    void shouldRefuseToStartWithoutTrainingWhileAnInstanceThatTrainsRuns(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
             Admin admin = admin(kafka)) {
            // Given a running instance that trains, holding the trainer's task, its rebalance over (what it logs
            // meanwhile would go to the standard error read below)
            StreamcastService instance = app.startInstanceThroughTwoEvents(T0);
            app.awaitConsumerGroup(group -> samplesAssigned(group, app)
                    && instance.state() == KafkaStreams.State.RUNNING);

            // When another instance of the application starts with training.enabled=false
            Map<String, Object> settings = app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
            RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(60));

            // Then it refuses in one line, before Kafka Streams starts, naming the setting and what mends it
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("Configuration error: An instance in consumer group " + app.applicationId()
                    + " (application.id) trains (it reads topic " + app.topics().trainingSamples().name()
                    + ", training.samples.topic), but training.enabled=false here: the trainer is a sub-topology of"
                    + " its own, and Kafka Streams cannot run instances of other topologies in one group",
                    "Give every instance the same training.enabled: stop them all to change it")
                    .doesNotContain("Streams state");
        }
    }

    /** The group of a running instance, once it has settled with its members' assignments. */
    private static ApplicationGroup settled(Admin admin, StreamcastFixture app, StreamcastService instance) {
        app.awaitConsumerGroup(group -> instance.state() == KafkaStreams.State.RUNNING
                && group.groupState() == GroupState.STABLE);
        return ApplicationGroup.read(admin, app.config()).orElseThrow();
    }

    @Test
    void shouldRefuseToTrainWhileTheGroupsInstancesDoNot(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
             Admin admin = admin(kafka)) {
            // Given a running instance that does not train, leading the group, whose assignment holds no trainer task
            StreamcastService instance = app.startInstanceThroughTwoEvents(T0);
            ApplicationGroup group = settled(admin, app, instance);
            assertThat(group.members()).isNotEmpty();

            // When another would start with training.enabled=true, Then it is refused, naming the setting
            StreamcastConfig config = new StreamcastConfig(app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, true)));
            assertThatThrownBy(() -> TrainingAgreement.require(group, config,
                    () -> ApplicationGroup.read(admin, config))).isInstanceOf(ClusterMismatch.class)
                    .hasMessage("The instances in consumer group " + app.applicationId() + " (application.id)"
                            + " process events but none trains (none reads topic "
                            + app.topics().trainingSamples().name() + ", training.samples.topic), while"
                            + " training.enabled=true here: the trainer is a sub-topology of its own, and Kafka"
                            + " Streams cannot run instances of other topologies in one group (led by an instance"
                            + " without the trainer, which assigns the group's tasks, this one would predict but train"
                            + " nothing). Give every instance the same training.enabled: stop them all to change it,"
                            + " and wait for the sessions of those that stopped without leaving the group (killed, or"
                            + " with a group.instance.id) to time out (session.timeout.ms, 45 s by default)");
        }
    }

    @Test
    void shouldLetAnInstanceThatTrainsJoinOthersThatTrain(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
             Admin admin = admin(kafka)) {
            // Given a running instance that trains, holding the trainer's task in its settled group
            StreamcastService instance = app.startInstanceThroughTwoEvents(T0);
            app.awaitConsumerGroup(group -> samplesAssigned(group, app));
            ApplicationGroup group = settled(admin, app, instance);

            // Then another that trains passes
            StreamcastConfig config = new StreamcastConfig(app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, true)));
            assertThatCode(() -> TrainingAgreement.require(group, config,
                    () -> ApplicationGroup.read(admin, config))).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldLetAnInstanceWithoutTrainingJoinOthersWithout(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
             Admin admin = admin(kafka)) {
            // Given a running instance that does not train, holding the events partitions
            app.startInstanceThroughTwoEvents(T0);
            app.awaitConsumerGroup(group -> !group.members().isEmpty());

            // Then another without training passes, having found the group's member
            StreamcastConfig config = new StreamcastConfig(app.anotherInstanceSettings(dir.resolve("state"),
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false)));
            ApplicationGroup group = ApplicationGroup.read(admin, config).orElseThrow();
            assertThatCode(() -> TrainingAgreement.require(group, config,
                    () -> ApplicationGroup.read(admin, config))).doesNotThrowAnyException();
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic setup against a real broker, with topics an operator created beforehand. */
@ExtendWith(KafkaClusterExtension.class)
class TopicSetupIT {

    private static StreamcastConfig config(KafkaCluster kafka, String models) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String id = UUID.randomUUID().toString().substring(0, 8);
        for (String topic : List.of(StreamcastConfig.EVENTS_TOPIC_CONFIG, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG,
                StreamcastConfig.ANOMALIES_TOPIC_CONFIG, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG,
                StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG)) {
            settings.put(topic, topic.replace('.', '-') + "-" + id);
        }
        settings.put(StreamcastConfig.MODELS_TOPIC_CONFIG, models);
        return new StreamcastConfig(settings);
    }

    @Test
    void shouldCreateTheModelsTopicCompactedAndRefuseOneCreatedBeforehandThatIsNot(KafkaCluster kafka)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            String created = "models-" + UUID.randomUUID();
            TopicSetup.ensure(admin, config(kafka, created), 1, Optional.empty());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, created);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);

            String beforehand = "models-" + UUID.randomUUID();
            admin.createTopics(List.of(new NewTopic(beforehand, Optional.of(1), Optional.empty()))).all().get();
            assertThatThrownBy(() -> TopicSetup.ensure(admin, config(kafka, beforehand), 1, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(beforehand)
                    .hasMessageContaining(StreamcastConfig.MODELS_TOPIC_CONFIG)
                    .hasMessageContaining("cleanup.policy=delete");
        }
    }

    /**
     * Topics deleted while instances run are created again only among those asked for, not every absent one: the
     * events topic, say, is not created again while instances run, since Kafka Streams stops at once without it.
     */
    @Test
    void shouldCreateAgainOnlyTheDeletedTopicsItIsAskedFor(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            StreamcastConfig config = config(kafka, "models-" + UUID.randomUUID());
            TopicSetup.ensure(admin, config, 2, Optional.empty());
            String deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
            String models = config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG);
            admin.deleteTopics(List.of(deadLetters, models)).all().get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Set<String> names = admin.listTopics().names().get();
                return !names.contains(deadLetters) && !names.contains(models);
            });

            List<String> created = TopicSetup.createMissing(admin, config,
                    Set.of(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG));

            assertThat(created).containsExactly(deadLetters + " (dead.letters.topic)");
            // a broker lists a topic just created once its metadata has caught up (a CI run listed it missing)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.listTopics().names().get().contains(deadLetters));
            assertThat(admin.listTopics().names().get()).doesNotContain(models);
            assertThat(admin.describeTopics(List.of(deadLetters)).allTopicNames().get().get(deadLetters)
                    .partitions()).hasSize(config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG));
        }
    }

    /** More replicas than the cluster has brokers: the refusal names the setting that asked for them. */
    @Test
    void shouldNameTheReplicationSettingWhenTheClusterCannotReplicateThatOften(KafkaCluster kafka) throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(config(kafka, "models-" + UUID.randomUUID())
                .originals());
        settings.put(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG, "7");
        StreamcastConfig config = new StreamcastConfig(settings);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            assertThatThrownBy(() -> TopicSetup.ensure(admin, config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot create topics with topics.replication.factor=7: ");
        }
    }

    /**
     * The trainer writes a version under its own key and then a copy under the bare name, and retires older versions
     * with tombstones: on one partition every instance reads them in that order. A models topic created beforehand
     * with three partitions, compacted as required, is refused at start-up.
     */
    @Test
    void shouldRefuseAModelsTopicCreatedBeforehandWithMoreThanOnePartition(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            String beforehand = "models-" + UUID.randomUUID();
            admin.createTopics(List.of(new NewTopic(beforehand, Optional.of(3), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();

            assertThatThrownBy(() -> TopicSetup.ensure(admin, config(kafka, beforehand), 1, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(beforehand)
                    .hasMessageContaining(StreamcastConfig.MODELS_TOPIC_CONFIG)
                    .hasMessageContaining("has 3 partitions");
        }
    }

    /**
     * Every instance keeps the training round reports keyed by their offset, newest first: a training-rounds topic
     * created beforehand with three partitions is refused at start-up, naming its setting.
     */
    @Test
    void shouldRefuseATrainingRoundsTopicCreatedBeforehandWithMoreThanOnePartition(KafkaCluster kafka)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            StreamcastConfig config = config(kafka, "models-" + UUID.randomUUID());
            String rounds = config.getString(StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG);
            admin.createTopics(List.of(new NewTopic(rounds, Optional.of(3), Optional.empty()))).all().get();

            assertThatThrownBy(() -> TopicSetup.ensure(admin, config, 1, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(rounds)
                    .hasMessageContaining(StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG)
                    .hasMessageContaining("has 3 partitions");
        }
    }
}

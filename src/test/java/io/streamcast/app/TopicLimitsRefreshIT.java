package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.stream.SendLimits;
import io.streamcast.stream.SendLimitsProbe;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics' limits read again while the instance runs: a read that fails keeps the limits last read, with one
 * warning until a read succeeds; a dead-letter topic lowered below what a dead letter can need is an error.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicLimitsRefreshIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /**
     * A dead-letter topic that cannot be read (here one not yet created; as well a broker away, or a user no longer
     * granted DESCRIBE_CONFIGS) leaves the limits read at start-up, 50,000 bytes, in force, with one warning for two
     * failed reads; once it can be read, its own limit, 30,000 bytes, is; the next failure warns again.
     */
    @Test
    void shouldKeepTheLastLimitsWarningOncePerStreakOfFailedReads(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "again");
        StreamcastConfig config = new StreamcastConfig(settings);
        String deadLetters = "later-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        settings.put(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, deadLetters);
        StreamcastConfig later = new StreamcastConfig(settings);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        limits.deadLetterTopicTakes(50_000);
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), later, limits,
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(50_000),
                             OptionalLong.of(1_048_588)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            refresh.refresh();
            refresh.refresh();

            assertThat(log.warnings()).hasSize(1).first().asString().startsWith(
                    "Cannot read the max.message.bytes of topics [" + deadLetters + ", ");
            assertThat(SendLimitsProbe.deadLetters(limits)).isEqualTo(50_000);

            admin.createTopics(List.of(new NewTopic(deadLetters, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "30000")))).all().get();
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.deadLetters(limits) == 30_000;
            });

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.messages()).contains("Dead letters are now fitted to 30000 bytes, the max.message.bytes"
                    + " of topic " + deadLetters + " (was 50000 bytes)");

            admin.deleteTopics(List.of(deadLetters)).all().get();
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return log.warnings().size() == 2;
            });
            assertThat(SendLimitsProbe.deadLetters(limits)).isEqualTo(30_000);
        }
    }

    /**
     * A dead letter keeps Streamcast's own headers whatever the topic takes: 13,573 bytes at most, counted by hand in
     * {@code MessageSizeCheckIT}. Start-up refuses a topic taking less; lowered to 10,000 bytes while the instance
     * runs, it is said in an error naming the topic and both figures, and the new limit is in force all the same.
     */
    @Test
    void shouldSayInAnErrorThatTheDeadLetterTopicNoLongerTakesWhatADeadLetterCanNeed(KafkaCluster kafka,
                                                                                     @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "low");
        StreamcastConfig config = new StreamcastConfig(settings);
        String deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), config, limits,
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(1_048_588),
                             OptionalLong.of(1_048_588)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10000"), AlterConfigOp.OpType.SET)))).all().get();

            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.deadLetters(limits) == 10_000;
            });

            assertThat(log.errors()).containsExactly("Topic " + deadLetters + " now takes records of up to 10000"
                    + " bytes (max.message.bytes), less than the 13573 a dead letter can need with nothing left but"
                    + " Streamcast's own headers: such a dead letter would be refused, which stops the instance;"
                    + " raise that limit");
        }
    }
}

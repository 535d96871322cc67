package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The refresh that {@code run} starts ({@link TopicLimitsRefresh#start}) records each finding of the trainer's stores'
 * changelogs with whether its own instance runs the trainer's task: of two instances, only the one whose stream
 * thread stops committing has its health reports follow the loss.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicLimitsRefreshStartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldHaveOnlyTheInstanceThatRunsTheTrainersTaskStalledByItsLostChangelog(KafkaCluster kafka)
            throws Exception {
        Map<String, Object> settings = new HashMap<>(TestSettings.quickTraining(0.0));
        settings.put(StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG, 100L);
        try (StreamcastFixture app = new StreamcastFixture(kafka, settings);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            StreamcastConfig config = app.config();
            String progress = RecordSizeCheck.changelog(config, StreamcastTopology.TRAINER_PROGRESS_STORE);
            StreamcastNode first = node(app);
            StreamcastNode second = node(app);
            // the trainer's task on one instance of the two, once both run
            await().atMost(WAIT).until(() -> first.service().ran() && second.service().ran()
                    && first.service().runsTrainer() != second.service().runsTrainer());
            StreamcastNode trainer = first.service().runsTrainer() ? first : second;
            StreamcastNode other = trainer == first ? second : first;
            MessageSizeCheck.TopicLimits read = MessageSizeCheck.require(admin, config);
            try (TopicLimitsRefresh trainerRefresh = TopicLimitsRefresh.start(config, read, trainer);
                 TopicLimitsRefresh otherRefresh = TopicLimitsRefresh.start(config, read, other)) {
                admin.deleteTopics(List.of(progress)).all().get();

                await().atMost(WAIT).until(() -> trainer.trainerLost().reasonWhereStalled().isPresent()
                        && other.trainerLost().reason().isPresent());

                assertThat(trainer.service().runsTrainer()).as("the trainer's task stayed where it was").isTrue();
                assertThat(trainer.trainerLost().reasonWhereStalled()).hasValueSatisfying(why ->
                        assertThat(why).startsWith("Topics [" + progress + "]"));
                assertThat(other.trainerLost().reasonWhereStalled()).isEmpty();
            } finally {
                // made again, so that the trainer's producer, which waits for it without end, lets its instance close
                // (a creation while the deletion is under way is refused, and tried again)
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (admin.listTopics().names().get().contains(progress)) {
                        return true;
                    }
                    try {
                        admin.createTopics(List.of(new NewTopic(progress, 1, (short) 1).configs(Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
                        return true;
                    } catch (ExecutionException e) {
                        return false;
                    }
                });
            }
        }
    }

    private static StreamcastNode node(StreamcastFixture app) {
        return app.startInstance(Map.of(), config -> StreamcastNode.start(config, OpsHttpServer.bind("127.0.0.1", 0)));
    }
}

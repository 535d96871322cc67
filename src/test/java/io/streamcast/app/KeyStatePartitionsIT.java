package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An events topic given more partitions than the application's key states are kept in: Kafka Streams stopped every
 * start within seconds of RUNNING, advising a reset that throws the states away; {@code run} refuses it before the
 * start, naming the events topic.
 */
@ExtendWith(KafkaClusterExtension.class)
class KeyStatePartitionsIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Map<String, Object> settings(KafkaCluster kafka, Path dir) {
        // the partitions are checked before the registry is needed
        return TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "parts");
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Test
    void shouldRefuseToStartWhenTheEventsTopicHasMorePartitionsThanTheKeyStates(KafkaCluster kafka,
                                                                               @TempDir Path dir) throws Exception {
        // Given an application whose topics and key states' changelog were made with 2 partitions, as by earlier runs
        Map<String, Object> settings = settings(kafka, dir);
        String events = (String) settings.get(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        String changelog = settings.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-key-state-changelog";
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
            admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1))).all().get();
            // When the events topic is given 2 more
            admin.createPartitions(Map.of(events, NewPartitions.increaseTo(4))).all().get();
            // the call returns once the controller has them, and the broker can still answer 2 for a moment: run
            // must be judged on the 4 it will see
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(events)).allTopicNames()
                    .get().get(events).partitions().size() == 4);
        }

        RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(60));

        // Then run refuses in one line, before Kafka Streams starts, naming both counts and what mends them
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        // (the in-process broker's own log lines share the standard error)
        assertThat(run.err().lines()).contains("Configuration error: Topic " + events + " (events.topic) has 4"
                + " partitions, but application " + settings.get(StreamsConfig.APPLICATION_ID_CONFIG)
                + " keeps its key states in 2 (topic " + changelog + "), and Kafka Streams cannot move them to other"
                + " partitions: give topic " + events + " its 2 partitions again (Kafka cannot take partitions from a"
                + " topic: recreate it, which deletes the events it holds), or run under a new application.id, with"
                + " which every key's state starts afresh");
    }

    /**
     * Partitions added while an instance runs: Kafka Streams stops it once its main consumer's metadata shows them
     * (here within 5 s; 30 s by Streamcast's default, 5 minutes by Kafka's), in its own words, to which run adds what
     * they leave out; the restart is refused.
     */
    @Test
    void shouldSayWhyARunningInstanceStoppedWhenTheEventsTopicGotMorePartitionsAndRefuseItsRestart(
            KafkaCluster kafka) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
             Admin admin = admin(kafka)) {
            // Given an instance that has processed events on its 2 partitions
            String events = app.topics().events().name();
            app.produce(events, List.of(app.event("a", T0, 1.0), app.event("b", T0, 2.0)));
            Path file = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0,
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 5_000));
            Path log = file.resolveSibling("run.log");
            Process run = RunProcess.start(file, log);
            Path restartLog = file.resolveSibling("restart.log");
            Process restart = null;
            try {
                app.awaitInputConsumed();

                // When the events topic is given 2 more
                admin.createPartitions(Map.of(events, NewPartitions.increaseTo(4))).all().get();

                // Then Kafka Streams stops the instance, and run says what its words leave out
                assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("stopped: %s", Files.readString(log)).isTrue();
                assertThat(run.exitValue()).isEqualTo(1);
                assertThat(Files.readString(log)).contains("has invalid partitions: expected: 4; actual: 2. Use"
                        + " 'org.apache.kafka.tools.StreamsResetter' tool to clean up invalid topics before"
                        + " processing. Topic " + events + " (events.topic) no longer has the partitions the key"
                        + " states are kept in; a reset throws every key's state away, and the next start says what"
                        + " else mends it");
                // and its restart is refused before Kafka Streams starts
                restart = RunProcess.start(file, restartLog);
                assertThat(restart.waitFor(120, TimeUnit.SECONDS)).as("refused: %s", Files.readString(restartLog))
                        .isTrue();
                assertThat(restart.exitValue()).isEqualTo(2);
                assertThat(Files.readString(restartLog)).contains("Configuration error: Topic " + events
                        + " (events.topic) has 4 partitions, but application " + app.applicationId()
                        + " keeps its key states in 2").doesNotContain("Streams state", "stopped on request");
            } finally {
                for (Process process : new Process[] {run, restart}) {
                    if (process != null && process.isAlive()) {
                        process.destroyForcibly();
                    }
                }
            }
        }
    }

    @Test
    void shouldLetAFirstStartPassWhateverTheEventsTopicsPartitions(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given an application that has not run: Kafka Streams creates its changelog with the events topic's count
        StreamcastConfig config = new StreamcastConfig(settings(kafka, dir));
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, config, 3, Optional.empty());

            // passed as a first start, not for want of reading the topics
            try (LogCapture log = LogCapture.of(KeyStatePartitions.class)) {
                assertThatCode(() -> KeyStatePartitions.require(admin, config)).doesNotThrowAnyException();
                assertThat(log.warnings()).isEmpty();
            }
        }
    }
}

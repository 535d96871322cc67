package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.ops.ChangelogLoss;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer's progress changelog deleted: the trainer lost its progress, without a word, and the instance that ran
 * it committed nothing meanwhile, its probes passing. Now said as errors while it runs, with a gauge and that
 * instance's probes failing (not the other's), and at the next start, naming the topic and what the trainer lost; a
 * first start says nothing.
 */
@ExtendWith(KafkaClusterExtension.class)
class DeletedTrainerStoresIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String WHILE_RUNNING = "Meanwhile the stream thread that runs the trainer's task commits"
            + " nothing";
    private static final String AT_START = "Kafka Streams creates them again, empty, and the trainer goes on"
            + " without what they kept";

    private int step;

    @Test
    void shouldSayThatTheTrainersProgressChangelogWasDeletedWhileRunningAndAtTheNextStart(KafkaCluster kafka)
            throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.0));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             LogCapture log = LogCapture.of(DeletedTrainerStores.class)) {
            StreamcastConfig config = app.config();
            String progress = RecordSizeCheck.changelog(config, StreamcastTopology.TRAINER_PROGRESS_STORE);
            String samples = app.topics().trainingSamples().name();
            // Given a first start, which has read nothing yet: it says nothing
            DeletedTrainerStores.sayIfDeletedAtStart(admin, config);
            StreamcastService first = app.startInstance();
            StreamcastService second = app.startInstance();
            try {
                // and a trainer that has read training samples, on one of two instances
                await().atMost(WAIT).pollInterval(Duration.ZERO).until(() -> {
                    app.produce(app.topics().events().name(), events(app, 25));
                    app.awaitInputConsumed();
                    OffsetAndMetadata read = admin.listConsumerGroupOffsets(app.applicationId())
                            .partitionsToOffsetAndMetadata().get().get(new TopicPartition(samples, 0));
                    return read != null && read.offset() > 0 && first.runsTrainer() != second.runsTrainer();
                });
                StreamcastService trainer = first.runsTrainer() ? first : second;
                StreamcastService other = trainer == first ? second : first;
                assertThat(DeletedTrainerStores.lost(admin, config, true)).isEmpty();

                // When its progress changelog is deleted
                admin.deleteTopics(List.of(progress)).all().get();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> !admin.listTopics().names().get().contains(progress));

                // Then the running check says so, naming the topic and what was lost, and a gauge shows it
                MeterRegistry registry = new SimpleMeterRegistry();
                ChangelogLoss loss = ChangelogLoss.trainerStores(registry);
                // the refresh closes its admin client
                try (TopicLimitsRefresh refresh = new TopicLimitsRefresh(Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())), config,
                        trainer.sendLimits(), trainer.models(), MessageSizeCheck.require(admin, config), () -> true,
                        lost -> { }, loss::found)) {
                    refresh.refresh();
                }
                String lost = "Topics [" + progress + "], changelogs of application " + app.applicationId() + "'s"
                        + " trainer stores, do not exist, though the application has read training samples from topic "
                        + samples + " (training.samples.topic) up to offsets {0=";
                assertThat(loss.reason()).hasValueSatisfying(why -> assertThat(why).startsWith(lost)
                        .contains("what the trainer kept: its progress (").doesNotContain("training windows"));
                assertThat(registry.get("streamcast.trainer.changelog.missing").gauge().value()).isEqualTo(1.0);
                assertThat(log.errors()).singleElement().asString().startsWith(lost).contains(WHILE_RUNNING)
                        .doesNotContain(AT_START);
                // and the probes of the instance that runs the trainer's task fail, naming why
                HealthCheck health = HealthCheck.of(trainer, ChangelogLoss.keyStates(registry), loss);
                assertThat(health.readiness().up()).isFalse();
                assertThat(health.readiness().trainerStoresLost()).startsWith(lost);
                assertThat(health.liveness().up()).isFalse();
                // not the other's, whose stream threads go on committing
                HealthCheck others = HealthCheck.of(other, ChangelogLoss.keyStates(registry), loss);
                assertThat(others.readiness().trainerStoresLost()).isNull();
                assertThat(others.liveness().up()).isTrue();
            } finally {
                // made again, so that the trainer's producer, which waits for it without end, lets its instance close
                // (left waiting, its threads outlived the test and held the JVM's exit)
                if (!admin.listTopics().names().get().contains(progress)) {
                    admin.createTopics(List.of(compacted(progress, 1))).all().get();
                }
                first.close();
                second.close();
            }
            // deleted again with the instances stopped
            admin.deleteTopics(List.of(progress)).all().get();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.listTopics().names().get().contains(progress));

            // and so does the next start
            DeletedTrainerStores.sayIfDeletedAtStart(admin, config);
            assertThat(log.errors()).hasSize(2);
            assertThat(log.errors().get(1)).contains(AT_START).doesNotContain(WHILE_RUNNING);
        }
    }

    /**
     * Changelogs deleted under a running instance before its threads' first commit: no committed offset will ever
     * tell, as the thread that writes to one commits nothing more, yet the instance has run, so Kafka Streams had made
     * them, and their absence alone says they were deleted. The running checks passed over it for as long as it ran.
     */
    @Test
    void shouldSayChangelogsDeletedBeforeAnyCommitOnceTheInstanceHasRun(KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.0));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             LogCapture keyStatesLog = LogCapture.of(DeletedKeyStates.class)) {
            StreamcastConfig config = app.config();
            String progress = RecordSizeCheck.changelog(config, StreamcastTopology.TRAINER_PROGRESS_STORE);
            String keyStates = RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE);
            StreamcastService instance = app.startInstance();
            await().atMost(WAIT).until(instance::ran);
            int keyStatePartitions = admin.describeTopics(List.of(keyStates)).allTopicNames().get().get(keyStates)
                    .partitions().size();
            try {
                admin.deleteTopics(List.of(progress, keyStates)).all().get();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    var names = admin.listTopics().names().get();
                    return !names.contains(progress) && !names.contains(keyStates);
                });
                // no event was sent: nothing is committed on the events or training-samples topics
                assertThat(DeletedKeyStates.lost(admin, config, false)).isEmpty();
                assertThat(DeletedTrainerStores.lost(admin, config, false)).isEmpty();

                MeterRegistry registry = new SimpleMeterRegistry();
                ChangelogLoss keyStatesLoss = ChangelogLoss.keyStates(registry);
                ChangelogLoss trainerLoss = ChangelogLoss.trainerStores(registry);
                try (TopicLimitsRefresh refresh = new TopicLimitsRefresh(Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())), config,
                        instance.sendLimits(), instance.models(), MessageSizeCheck.require(admin, config), () -> true,
                        keyStatesLoss::found, trainerLoss::found)) {
                    refresh.refresh();
                }
                String noCommit = "this instance has run (Kafka Streams makes every changelog before it runs), with no"
                        + " offset committed on topic ";
                assertThat(keyStatesLoss.reason()).hasValueSatisfying(why -> assertThat(why)
                        .startsWith("Topic " + keyStates + ", the key states' changelog, was deleted"));
                assertThat(keyStatesLog.errors()).singleElement().asString()
                        .contains(noCommit + app.topics().events().name());
                assertThat(trainerLoss.reason()).hasValueSatisfying(why -> assertThat(why)
                        .startsWith("Topics [" + progress + "]")
                        .contains(noCommit + app.topics().trainingSamples().name()));
            } finally {
                // made again, so that the instance closes (its producer waits for them without end)
                admin.createTopics(List.of(compacted(progress, 1), compacted(keyStates, keyStatePartitions))).all()
                        .get();
                instance.close();
            }
        }
    }

    private static NewTopic compacted(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int steps) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int s = 0; s < steps; s++, step++) {
            for (int k = 0; k < KEYS; k++) {
                records.add(app.event("key-" + k, T0 + step * 60_000L, 100.0 * (k + 1) + 20 * Math.sin(step / 2.0)));
            }
        }
        return records;
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.schema.Prediction;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics deleted by hand while an instance runs, on a cluster that does not create topics on demand (the test
 * cluster's {@code auto.create.topics.enable=false}), and then a record for them: the instance creates the topic
 * again, as its start does, and goes on, where each replacement thread failed alike until it stopped.
 */
@ExtendWith(KafkaClusterExtension.class)
class DeletedTopicIT {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldCreateTheDeletedDeadLetterTopicAgainAndGoOn(KafkaCluster kafka) throws Exception {
        Map<String, Object> settings = new HashMap<>(StreamcastFixture.SHORT_SESSIONS);
        // the producer waits this long for a topic missing from the metadata before it fails (1 minute by default)
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), 2_000);
        try (StreamcastFixture app = new StreamcastFixture(kafka, settings);
             LogCapture log = LogCapture.of(StreamcastService.class);
             Admin admin = Admin.create(adminSettings(kafka))) {
            // Given a running instance that has predicted an event
            String events = app.topics().events().name();
            String predictions = app.topics().predictions().name();
            String deadLetters = app.topics().deadLetters().name();
            app.produce(events, List.of(app.event("a", T0, 1.0)));
            StreamcastService instance = app.startInstance();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.readAllCommitted(predictions).size() == 1);

            // When the dead-letter topic is deleted, and then a record to dead-letter and a good event arrive
            admin.deleteTopics(List.of(deadLetters)).all().get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.listTopics().names().get().contains(deadLetters));
            app.produce(events, List.of(app.event("a", T0 + 1_000, Double.NaN), app.event("a", T0 + 2_000, 2.0)));

            // Then the topic exists again, with the partitions run gives it, and holds the record; the good event is
            // predicted once and the instance runs on. (Each failed stream thread ends with an uncaught exception,
            // which Awaitility would otherwise fail on: whether the instance survived it is what is asserted.)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
                    .until(() -> instance.state() == KafkaStreams.State.ERROR
                            || admin.listTopics().names().get().contains(deadLetters)
                            && app.readAllCommitted(predictions).size() == 2);
            assertThat(instance.failure()).as("the error that stopped the instance").isNull();
            assertThat(admin.describeTopics(Set.of(deadLetters)).allTopicNames().get().get(deadLetters).partitions())
                    .hasSize(app.config().getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG));
            List<ConsumerRecord<byte[], byte[]>> refused = app.readAllCommitted(deadLetters);
            assertThat(refused).hasSize(1);
            assertThat(new String(refused.get(0).headers().lastHeader("streamcast.dlq.reason").value(),
                    StandardCharsets.UTF_8)).isEqualTo("non-finite-value");
            List<Prediction> predicted = app.readAllCommitted(predictions).stream()
                    .map(record -> app.topics().predictions().deserializeValue(record.value())).toList();
            assertThat(predicted).extracting(Prediction::getEventTime)
                    .containsExactly(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 2_000));
            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("topics " + deadLetters + " (" + StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG + ") were"
                            + " deleted while this instance ran"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
                    .until(() -> instance.state() == KafkaStreams.State.RUNNING
                            || instance.state() == KafkaStreams.State.ERROR);
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * The models topic deleted before the trainer's first version: its publication fails the stream thread, and the
     * topic is created again as run creates it (one partition, compacted), so that a later round's version reaches
     * every instance, where each publication failed alike until the instance stopped.
     */
    @Test
    void shouldCreateTheDeletedModelsTopicAgainWhenTheTrainerPublishes(KafkaCluster kafka) throws Exception {
        Map<String, Object> settings = new HashMap<>(StreamcastFixture.SHORT_SESSIONS);
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), 2_000);
        settings.putAll(TestSettings.quickTraining(0.0));
        try (StreamcastFixture app = new StreamcastFixture(kafka, settings);
             LogCapture log = LogCapture.of(StreamcastService.class);
             Admin admin = Admin.create(adminSettings(kafka))) {
            // Given a running instance whose models topic is deleted before any version is published
            String models = app.topics().models().name();
            StreamcastService instance = app.startInstance();
            admin.deleteTopics(List.of(models)).all().get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.listTopics().names().get().contains(models));

            // When events arrive until the trainer's version is in use (or the instance stops)
            int[] step = {0};
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
                    .until(() -> {
                        app.produce(app.topics().events().name(), periodicEvents(app, step, 25));
                        return instance.state() == KafkaStreams.State.ERROR || instance.models().current() != null;
                    });

            // Then the topic exists again as run creates it, and the instance runs on with the version it holds
            assertThat(instance.failure()).as("the error that stopped the instance").isNull();
            assertThat(admin.describeTopics(Set.of(models)).allTopicNames().get().get(models).partitions()).hasSize(1);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, models);
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("topics " + models + " (" + StreamcastConfig.MODELS_TOPIC_CONFIG + ") were deleted"
                            + " while this instance ran"));
            assertThat(instance.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        }
    }


    /** {@code steps} minutes of four keys' noiseless sine waves, each on its own scale, from {@code step[0]} on. */
    private static List<ProducerRecord<byte[], byte[]>> periodicEvents(StreamcastFixture app, int[] step, int steps) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int s = 0; s < steps; s++, step[0]++) {
            for (int k = 0; k < 4; k++) {
                double value = 100 * (k + 1) + 20 * (k + 1) * Math.sin(2 * Math.PI * step[0] / 12 + k);
                records.add(app.event("key-" + k, T0 + step[0] * 60_000L, value));
            }
        }
        return records;
    }

    private static Map<String, Object> adminSettings(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.schema.Prediction;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter topic deleted by hand while an instance runs, on a cluster that does not create topics on demand
 * (the test cluster's {@code auto.create.topics.enable=false}), and then a record to dead-letter: the instance creates
 * the topic again, as its start does, and goes on, where each replacement thread failed alike until it stopped.
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

    private static Map<String, Object> adminSettings(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }
}

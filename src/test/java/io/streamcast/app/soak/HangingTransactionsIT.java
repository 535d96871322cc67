package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak's watch for hanging transactions, on a real broker. A transaction held open by a live producer stands in
 * for a hanging one (the broker describes both alike); the watch's clock is the test's, so no test waits 30 s.
 */
@ExtendWith(KafkaClusterExtension.class)
class HangingTransactionsIT {

    private static final long T0 = 1_000_000_000_000L;

    @Test
    void shouldNameTheApplicationsTransactionsOpenForLongerThanTheBoundAndNoOthers(KafkaCluster kafka)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String application = "streamcast-soak-" + run;
        String ownTopic = "predictions-soak-" + run;
        String otherTopic = "other-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ownTopic, 1, (short) 1), new NewTopic(otherTopic, 1, (short) 1)))
                    .all().get();
            HangingTransactions watch = new HangingTransactions(application, name -> name.contains("-soak-" + run));
            try (KafkaProducer<String, String> own = transactional(kafka, application + "-process-1");
                 KafkaProducer<String, String> other = transactional(kafka, "another-app-" + run)) {
                assertThat(watch.overdue(admin, T0)).as("nothing open yet").isEmpty();

                // the application's producer writes its own topic and another, and commits its group's offsets in
                // the transaction; another application's producer writes the other topic and commits its own group's
                own.beginTransaction();
                own.send(new ProducerRecord<>(ownTopic, "k", "v")).get();
                own.send(new ProducerRecord<>(otherTopic, "k", "v")).get();
                own.sendOffsetsToTransaction(Map.of(new TopicPartition(otherTopic, 0), new OffsetAndMetadata(1)),
                        new ConsumerGroupMetadata(application));
                other.beginTransaction();
                other.send(new ProducerRecord<>(otherTopic, "k", "v")).get();
                other.sendOffsetsToTransaction(Map.of(new TopicPartition(otherTopic, 0), new OffsetAndMetadata(1)),
                        new ConsumerGroupMetadata("another-app-" + run));
                own.flush();
                other.flush();

                assertThat(watch.overdue(admin, T0)).as("just seen open").isEmpty();
                long almost = T0 + HangingTransactions.OVERDUE.toNanos() - 1;
                assertThat(watch.overdue(admin, almost)).as("open for less than the bound").isEmpty();
                HangingTransactions.Look look = watch.look(admin, T0 + HangingTransactions.OVERDUE.toNanos());
                assertThat(look.answered()).isTrue();
                assertThat(look.open()).as("the two the watch looks at, of five partitions in open transactions")
                        .isEqualTo(2);
                List<HangingTransactions.OpenTransaction> overdue = look.overdue();
                assertThat(overdue).as("the application's own topic and its offset commit; not the other topic, nor"
                        + " the other application's commit").extracting(t -> t.partition().topic())
                        .containsExactlyInAnyOrder(ownTopic, "__consumer_offsets");
                HangingTransactions.OpenTransaction onOwnTopic = overdue.stream()
                        .filter(t -> t.partition().topic().equals(ownTopic)).findFirst().orElseThrow();
                assertThat(onOwnTopic.firstOffset()).isZero();
                assertThat(onOwnTopic.toString()).contains(ownTopic + "-0 from offset 0");
                assertThat(watch.describe(List.of(onOwnTopic))).as("named with the coordinator's view of it")
                        .contains(ownTopic + "-0 from offset 0")
                        .contains("the coordinator lists " + application + "-process-1 Ongoing");
                HangingTransactions.OpenTransaction forgotten = new HangingTransactions.OpenTransaction(
                        onOwnTopic.partition(), -1, 0, 0);
                assertThat(watch.describe(List.of(forgotten)))
                        .contains("the coordinator lists no transactional id of the application for it");

                own.commitTransaction();
                other.abortTransaction();
                long later = T0 + 2 * HangingTransactions.OVERDUE.toNanos();
                // the coordinator writes the markers after it answers the commit
                await("ended").atMost(Duration.ofSeconds(30)).until(() -> watch.look(admin, later).open() == 0);

                own.beginTransaction();
                own.send(new ProducerRecord<>(ownTopic, "k", "v2")).get();
                assertThat(watch.overdue(admin, later + 1)).as("a new transaction's clock starts when it is seen")
                        .isEmpty();
                own.abortTransaction();
            }
        }
    }

    private static KafkaProducer<String, String> transactional(KafkaCluster kafka, String transactionalId) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(5).toMillis()),
                new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        return producer;
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /keys/{key}} on an instance without {@code application.server}, which reads its local stores, while
 * those stores restore from their changelog (a restart on an empty state directory): a key must be answered as not
 * readable now (503, worth retrying), never as unknown (404), until its store is readable.
 */
@ExtendWith(KafkaClusterExtension.class)
class KeyQueryDuringRestoreIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long T0 = 1_700_000_000_000L;
    /** Partitions of the events topic and so of the key-state changelog, as the fixture creates them. */
    private static final int PARTITIONS = 2;
    /** Changelog records per partition that the key's own record follows: enough to restore for a while. */
    private static final int FILLER = 50_000;
    private static final String KEY = "pump";

    @Test
    void shouldAnswerAKeyAsUnavailableUntilItsStoreIsRestored(KafkaCluster kafka) {
        // Few records per restore poll, and two stream threads as deployed: while one thread restores, the other
        // may already run, which is when a read of "every local store" could miss the restoring one.
        Map<String, Object> settings = Map.of(
                StreamsConfig.restoreConsumerPrefix("max.poll.records"), 5,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        try (StreamcastFixture app = new StreamcastFixture(kafka, settings)) {
            StreamcastNode first = startWithoutAddress(app);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> first.service().streams().state() == KafkaStreams.State.RUNNING);

            // Given a changelog in which the key's record comes after many others', so that a store read before
            // its restore completes would not hold the key
            String changelog = app.applicationId() + "-" + StreamcastTopology.KEY_STATE_STORE + "-changelog";
            app.produce(changelog, filler(changelog));
            app.produce(app.topics().events().name(), List.of(app.event(KEY, T0, 1.0)));
            app.awaitInputConsumed();
            assertThat(OpsHttp.get(first, "/keys/" + KEY).status()).isEqualTo(200);
            first.close();

            // When another instance, with an empty state directory, restores the store, asked about the key all along
            StreamcastNode second = startWithoutAddress(app);
            int partition = partitionOf(app, KEY);
            List<OpsHttp.Answer> beforeFound = new ArrayList<>();
            List<OpsHttp.Answer> whileRestoring = new ArrayList<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
                boolean restoringBefore = leftToRestore(second, partition) > 0;
                boolean heldBefore = holds(second, partition);
                OpsHttp.Answer answer = OpsHttp.get(second, "/keys/" + KEY);
                // counted only when the restore had begun before the question and not ended after the answer
                if (restoringBefore && leftToRestore(second, partition) > 0) {
                    whileRestoring.add(answer);
                }
                if (answer.status() == 200) {
                    return true;
                }
                // counted only while the instance held the key's partition: between the two rebalances that move a
                // task (cooperative rebalancing), an instance may run without it, and then answers 404 as README says
                // of a key another instance holds or that is moving
                if (heldBefore && holds(second, partition)) {
                    beforeFound.add(answer);
                }
                return false;
            });

            // Then every answer before the key was found said "retry", at least one of them during the restore
            assertThat(whileRestoring).as("answers given while the key's store restored").isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(503));
            assertThat(beforeFound).allSatisfy(answer -> {
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                assertThat(answer.retryAfter()).isEqualTo("2");
            });
        }
    }

    /** The events partition of {@code key}, as the producer's default partitioner picks it. */
    private static int partitionOf(StreamcastFixture app, String key) {
        return Utils.toPositive(Utils.murmur2(app.event(key, T0, 1.0).key())) % PARTITIONS;
    }

    private static StreamcastNode startWithoutAddress(StreamcastFixture app) {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        return app.startInstance(Map.of(), config -> StreamcastNode.start(config, http));
    }

    /**
     * Records written to the changelog directly, as the store's own writes would be: a restore puts them into the
     * store without reading them, so their values need not be key states.
     */
    private static List<ProducerRecord<byte[], byte[]>> filler(String changelog) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; i < FILLER; i++) {
                byte[] key = ("filler-" + partition + "-" + i).getBytes(StandardCharsets.UTF_8);
                records.add(new ProducerRecord<>(changelog, partition, key, new byte[] {0}));
            }
        }
        return records;
    }

    /** Whether {@code node} holds {@code partition}'s task, restoring or running. */
    private static boolean holds(StreamcastNode node, int partition) {
        return node.service().streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .anyMatch(task -> task.taskId().subtopology() == 0 && task.taskId().partition() == partition);
    }

    /**
     * Records the task holding {@code partition}'s key-state store has still to restore, by Kafka Streams' own
     * count; 0 once it is restored or before its restore starts. Sub-topology 0 is the one that reads the events.
     */
    private static double leftToRestore(StreamcastNode node, int partition) {
        return node.service().streams().metrics().values().stream()
                .filter(metric -> metric.metricName().name().equals("restore-remaining-records-total")
                        && ("0_" + partition).equals(metric.metricName().tags().get("task-id")))
                .mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
                .sum();
    }
}

package io.streamcast.app.soak;

import io.streamcast.config.StreamcastConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic as a read_committed consumer sees it, partition by partition in offset order. */
final class TopicReader {

    private static final Duration WAIT = Duration.ofMinutes(5);

    private TopicReader() {
    }

    /** With a consumer of {@code config}'s that joins no group ({@link StreamcastConfig#groupFreeConsumerSettings}). */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(StreamcastConfig config, String topic) {
        Map<String, Object> settings = config.groupFreeConsumerSettings();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = stableEnds(settings, consumer, partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + WAIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /**
     * The end offsets once no transaction is open on the partitions: a transaction of an instance killed with
     * SIGKILL stays open until the broker aborts it when it times out, and until then a read_committed consumer's
     * end stops before it, also for the transactions committed after it.
     */
    private static Map<TopicPartition, Long> stableEnds(Map<String, Object> settings,
                                                       KafkaConsumer<byte[], byte[]> committed,
                                                       List<TopicPartition> partitions) {
        Map<String, Object> uncommittedSettings = new HashMap<>(settings);
        uncommittedSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(uncommittedSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions, WAIT);
                if (stable.equals(uncommitted.endOffsets(partitions, WAIT))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("A transaction stayed open on " + partitions + " for " + WAIT);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS
                        .toNanos(500));
            }
        }
    }
}

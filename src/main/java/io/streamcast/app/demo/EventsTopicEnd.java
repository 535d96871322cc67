package io.streamcast.app.demo;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.stream.Topic;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest event time already on an events topic, so that a restarted demo stream goes on after it: started again
 * from its first step, each of its events would be older than its key's latest and refused as out-of-order until
 * the stream caught up with where it had been.
 */
public final class EventsTopicEnd {

    private static final Duration READ_FOR = Duration.ofSeconds(30);

    private EventsTopicEnd() {
    }

    /**
     * Reads the last record of each partition of {@code topic} with a consumer of {@code config}'s that joins no
     * group ({@link StreamcastConfig#groupFreeConsumerSettings}); empty when the topic holds no event.
     */
    public static OptionalLong latestEventTime(StreamcastConfig config, Topic<String, Event> topic) {
        Map<String, Object> settings = config.groupFreeConsumerSettings();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), READ_FOR).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_FOR);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, READ_FOR);
            Set<TopicPartition> holding = partitions.stream().filter(p -> ends.get(p) > starts.get(p))
                    .collect(Collectors.toSet());
            consumer.assign(holding);
            holding.forEach(p -> consumer.seek(p, ends.get(p) - 1));
            long latest = Long.MIN_VALUE;
            long deadline = System.nanoTime() + READ_FOR.toNanos();
            Set<TopicPartition> unread = new HashSet<>(holding);
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    unread.remove(new TopicPartition(record.topic(), record.partition()));
                    latest = Math.max(latest, eventTime(topic, record.value()));
                }
            }
            return latest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(latest);
        }
    }

    /** The record's event time, or Long.MIN_VALUE for bytes that are no event (another producer's). */
    private static long eventTime(Topic<String, Event> topic, byte[] value) {
        try {
            return value == null ? Long.MIN_VALUE : topic.deserializeValue(value).getEventTime().toEpochMilli();
        } catch (RuntimeException notAnEvent) {
            return Long.MIN_VALUE;
        }
    }
}

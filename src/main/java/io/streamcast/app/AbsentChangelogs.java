package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Changelogs found absent though the application has read the topic that feeds their stores: they were deleted. Why
 * the offsets tell: Kafka Streams creates every changelog at the application's first rebalance, before it reads a
 * record, and Kafka keeps the committed offsets apart from the changelogs, dropping them only with the topic read or
 * the group. Only offsets that Kafka Streams committed count: it commits each with metadata (the partition's time),
 * which Kafka's tools that set offsets by hand ({@code kafka-streams-application-reset}, which deletes the changelogs
 * too, and {@code kafka-consumer-groups --reset-offsets}) leave empty; so a reset to a topic's start past 0 (its first
 * records gone to retention) is not taken for reading, nor, until Kafka Streams commits again, is a read before it.
 */
final class AbsentChangelogs {

    /** The changelogs absent, and the offsets up to which the application has read the source, by partition. */
    record Found(List<String> absent, Map<Integer, Long> read) {
    }

    private AbsentChangelogs() {
    }

    /**
     * The changelogs of {@code stores} that are absent though the application has read topic {@code source}, or though
     * this instance has run ({@code hasRun}: Kafka Streams makes every changelog before it runs, and a thread that
     * writes to one deleted before its first commit commits nothing more, so no offset would ever tell); empty at a
     * first start or while they all exist.
     *
     * @throws ExecutionException when the broker cannot tell (a timeout, a broker away)
     */
    static Optional<Found> find(Admin admin, StreamcastConfig config, List<String> stores, String source,
                                boolean hasRun) throws ExecutionException, InterruptedException {
        Set<String> topics = admin.listTopics().names().get();
        List<String> absent = stores.stream().map(store -> RecordSizeCheck.changelog(config, store))
                .filter(changelog -> !topics.contains(changelog)).toList();
        if (absent.isEmpty()) {
            return Optional.empty();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> read = new TreeMap<>();
        committed.forEach((partition, offset) -> {
            if (partition.topic().equals(source) && offset != null && offset.offset() > 0
                    && committedByStreams(offset)) {
                read.put(partition.partition(), offset.offset());
            }
        });
        return read.isEmpty() && !hasRun ? Optional.empty() : Optional.of(new Found(absent, read));
    }

    private static boolean committedByStreams(OffsetAndMetadata offset) {
        return offset.metadata() != null && !offset.metadata().isEmpty();
    }

    /**
     * Why {@code found}'s changelogs are known deleted, for the operator: the application read {@code what} from topic
     * {@code source} (setting {@code setting}) up to its committed offsets, or this instance ran, with none committed.
     */
    static String since(Found found, String what, String source, String setting) {
        String topic = "topic " + source + " (" + setting + ")";
        return found.read().isEmpty()
                ? "this instance has run (Kafka Streams makes every changelog before it runs), with no offset"
                        + " committed on " + topic + " yet"
                : "the application has read " + what + " from " + topic + " up to offsets " + found.read()
                        + " by partition";
    }
}

package io.streamcast.app;

import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.stream.StreamcastTopology;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up, as an error, that the key states' changelog was deleted since the application last ran (by hand,
 * a clean-up script, a cluster's migration). Why: Kafka Streams creates a missing changelog again, empty, at its
 * first rebalance, and every key then starts afresh (its learning period again), without a word when the instance
 * has no local copy of the states, and otherwise only in its own terms (a task's {@code endOffsetSum=0 smaller than
 * offsetSum}, then a restore from scratch that throws the local copy away). Told apart from a first start by the
 * application's committed offsets on the events topic: Kafka keeps them apart from the changelog, and drops them only
 * with the events topic or the group.
 */
public final class DeletedKeyStates {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedKeyStates.class);

    private DeletedKeyStates() {
    }

    /** Logs the loss, when the changelog is absent though the application has read events; says why if unsure. */
    public static void warnIfDeleted(Admin admin, StreamcastConfig config) {
        lost(admin, config).ifPresent(LOG::error);
    }

    /** What was lost, to tell the operator; empty at a first start, or while the changelog exists. */
    static Optional<String> lost(Admin admin, StreamcastConfig config) {
        String changelog = RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE);
        String events = config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        Map<Integer, Long> read = new TreeMap<>();
        try {
            if (admin.listTopics().names().get().contains(changelog)) {
                return Optional.empty();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                    .partitionsToOffsetAndMetadata().get();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(events) && offset != null && offset.offset() > 0) {
                    read.put(partition.partition(), offset.offset());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            // only a word is at stake: the start goes on as without the check
            LOG.warn("Cannot check that topic {}, which keeps the key states, was not deleted: {}", changelog,
                    e.getCause().getMessage());
            return Optional.empty();
        }
        if (read.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Topic " + changelog + ", the changelog of application " + config.applicationId()
                + "'s key states, does not exist, though the application has read events from topic " + events
                + " (" + StreamcastConfig.EVENTS_TOPIC_CONFIG + ") up to offsets " + read + " by partition: it was"
                + " deleted, and every key's learned state (LSTM state, scaling, forecasts and anomaly records) with"
                + " it, on every partition. Kafka Streams creates it again, empty; each key starts afresh at its next"
                + " event (its learning period again), and the local copies of the states that an instance may still"
                + " hold are thrown away, no longer backed by the topic");
    }
}

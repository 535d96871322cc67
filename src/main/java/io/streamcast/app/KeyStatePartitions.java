package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses at start-up an events topic whose partitions no longer match those of the key states' changelog: Kafka
 * Streams keeps each key's state in the changelog partition of the key's events partition, and cannot move the states
 * to other partitions. Left to it, every start (after the events topic was recreated with more partitions, or given
 * more while the application ran) reached RUNNING and stopped within seconds, advising a reset of the application,
 * which throws every key's state away, without naming {@code events.topic}. A first start passes: Kafka Streams
 * creates the changelog with the events topic's partitions.
 */
public final class KeyStatePartitions {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStatePartitions.class);

    private KeyStatePartitions() {
    }

    /** @throws ClusterMismatch naming both topics, their partitions and what mends them, where the two differ */
    public static void require(Admin admin, StreamcastConfig config) {
        String events = config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        String changelog = RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE);
        int kept;
        int partitions;
        try {
            try {
                kept = partitions(admin, changelog);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    // a first start: Kafka Streams creates the changelog with the events topic's partitions
                    return;
                }
                throw e;
            }
            // the events topic may have been created just before, and be unknown to the broker asked
            partitions = TopicSetup.untilKnown(() -> partitions(admin, events));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partitions of the events topic", e);
        } catch (ExecutionException e) {
            // the check only adds a guard: Kafka Streams still refuses the topics, in its own words
            LOG.warn("Cannot check that topic {} has as many partitions as topic {}: {}", events, changelog,
                    e.getCause().getMessage());
            return;
        }
        if (partitions != kept) {
            throw new ClusterMismatch("Topic " + events + " (" + StreamcastConfig.EVENTS_TOPIC_CONFIG + ") has "
                    + partitions + " partitions, but application " + config.applicationId() + " keeps its key states"
                    + " in " + kept + " (topic " + changelog + "), and Kafka Streams cannot move them to other"
                    + " partitions: give topic " + events + " its " + kept + " partitions again"
                    + (partitions > kept ? " (Kafka cannot take partitions from a topic: recreate it, which deletes"
                    + " the events it holds)" : "")
                    + ", or run under a new application.id, with which every key's state starts afresh");
        }
    }

    /**
     * What to add to Kafka Streams' words when it stopped a running instance whose events topic was given more
     * partitions, whose advice (a reset of the application) would throw every key's state away; empty for any other
     * failure.
     */
    public static String adviceOn(Throwable root, StreamcastConfig config) {
        String changelog = RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE);
        if (!(root instanceof StreamsException) || root.getMessage() == null
                || !root.getMessage().startsWith("Existing internal topic " + changelog + " has invalid partitions")) {
            return "";
        }
        return (root.getMessage().endsWith(".") ? " " : ". ") + "Topic "
                + config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG) + " (" + StreamcastConfig.EVENTS_TOPIC_CONFIG
                + ") no longer has the partitions the key states are kept in; a reset throws every key's state away,"
                + " and the next start says what else mends it";
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
}

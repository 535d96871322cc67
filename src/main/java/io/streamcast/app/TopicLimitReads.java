package io.streamcast.app;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code max.message.bytes} of some topics, each as last read: each is read on its own, so that one that cannot
 * be read (a user no longer granted DESCRIBE_CONFIGS on it, a topic deleted) keeps only its own limit last read, said
 * in one warning until a read of it succeeds, and the others' are taken. Not thread-safe.
 */
final class TopicLimitReads {

    /** The refresh's: what an operator reads of the limits is said under one name. */
    private static final Logger LOG = LoggerFactory.getLogger(TopicLimitsRefresh.class);

    private final Admin admin;
    private final List<String> topics;
    private final Set<String> notCreatedYet;
    private final Map<String, Long> lastRead;
    /** The topics whose last read failed, each warned of once. */
    private final Set<String> failing = new HashSet<>();

    /**
     * @param notCreatedYet topics Kafka Streams may have yet to create, which keep without a warning the limit they
     *                      will be created with, while they do not exist
     * @param read          the limits read before, by topic
     */
    TopicLimitReads(Admin admin, List<String> topics, Set<String> notCreatedYet, Map<String, Long> read) {
        this.admin = admin;
        this.topics = List.copyOf(topics);
        this.notCreatedYet = Set.copyOf(notCreatedYet);
        this.lastRead = new HashMap<>(read);
    }

    /** Reads each topic's limit again; returns the topics whose limit is not the one last read. */
    Set<String> readAgain() throws InterruptedException {
        Map<ConfigResource, KafkaFuture<Config>> described;
        try {
            described = admin.describeConfigs(topics.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).values();
        } catch (RuntimeException e) {
            topics.forEach(topic -> failed(topic, e));
            return Set.of();
        }
        Set<String> changed = new HashSet<>();
        for (String topic : topics) {
            try {
                long limit = limitIn(topic, described.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                        .get());
                Long before = lastRead.put(topic, limit);
                if (failing.remove(topic)) {
                    LOG.info("Read the max.message.bytes of topic {} again", topic);
                }
                if (before == null || before != limit) {
                    changed.add(topic);
                }
            } catch (ExecutionException e) {
                if (!(notCreatedYet.contains(topic) && e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    failed(topic, e.getCause());
                }
            } catch (RuntimeException e) {
                failed(topic, e);
            }
        }
        return changed;
    }

    /** The topic's limit as last read, or empty when never read. */
    OptionalLong limit(String topic) {
        Long limit = lastRead.get(topic);
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    private static long limitIn(String topic, Config described) {
        ConfigEntry entry = described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (entry == null || entry.value() == null) {
            throw new IllegalStateException("topic " + topic + " has no max.message.bytes");
        }
        return Long.parseLong(entry.value());
    }

    private void failed(String topic, Throwable why) {
        if (failing.add(topic)) {
            OptionalLong last = limit(topic);
            LOG.warn("Cannot read the max.message.bytes of topic {} again ({}); its limit last read ({}) holds until a"
                    + " read succeeds", topic, why.getMessage(), last.isPresent() ? last.getAsLong() + " bytes"
                    : "not read");
        }
    }
}

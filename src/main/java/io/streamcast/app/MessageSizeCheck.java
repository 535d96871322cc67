package io.streamcast.app;

import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.RecordSizeCheck.LargestRecord;
import io.streamcast.stream.StreamcastConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses at start-up settings whose records a topic would refuse: the start-up check of the settings measures the
 * largest records against the producer's {@code max.request.size}, but each topic takes records only up to its own
 * {@code max.message.bytes} (by default the broker's {@code message.max.bytes}, 1 MB). A key's state larger than its
 * changelog takes stopped the instance at the key's first such event, and again after every restart, with an error
 * that named neither limit; a prediction or training window too large for its topic would do the same.
 *
 * <p>A topic that exists is judged by its own setting; a changelog Kafka Streams has yet to create, by what it will
 * be created with: {@code topic.max.message.bytes} among the settings, else the broker's {@code message.max.bytes}.
 * Where the application's user may not read a topic's or the broker's settings (DESCRIBE_CONFIGS), the check says so
 * and stands aside for that topic.
 */
public final class MessageSizeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSizeCheck.class);
    private static final String BROKER_LIMIT = "message.max.bytes";

    private MessageSizeCheck() {
    }

    /** Throws, naming the record, the topic, its limit and what to change, when a record could not be sent. */
    public static void require(Admin admin, StreamcastConfig config) {
        List<LargestRecord> records = RecordSizeCheck.largestRecords(config);
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(record -> topics.addAll(record.topics()));
        Map<String, Limit> limits;
        try {
            limits = limits(admin, config, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the topics' max.message.bytes", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the topics' max.message.bytes: "
                    + e.getCause().getMessage(), e.getCause());
        }
        List<String> refusals = new ArrayList<>();
        for (LargestRecord record : records) {
            for (String topic : record.topics()) {
                Limit limit = limits.get(topic);
                if (limit != null && !record.fits(limit.bytes())) {
                    refusals.add(record.what() + " can reach " + record.bytes() + " bytes with " + record.because()
                            + ", more than topic " + topic + " takes (max.message.bytes " + limit.bytes() + ", "
                            + limit.source() + "): lower " + record.setting() + ", or raise that limit");
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException(String.join("; ", refusals));
        }
    }

    /** The largest record each topic takes, and whence that comes; topics whose limit cannot be read are left out. */
    private static Map<String, Limit> limits(Admin admin, StreamcastConfig config, Set<String> topics)
            throws InterruptedException, ExecutionException {
        Map<String, Limit> limits = new HashMap<>();
        List<String> absent = new ArrayList<>();
        for (String topic : topics) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            KafkaFuture<Config> described = admin.describeConfigs(List.of(resource)).values().get(resource);
            try {
                ConfigEntry entry = described.get().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null) {
                    limits.put(topic, new Limit(Long.parseLong(entry.value()), "the topic's setting"));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    absent.add(topic);
                } else if (e.getCause() instanceof AuthorizationException) {
                    LOG.warn("Cannot check that the largest records fit topic {}: {}", topic,
                            e.getCause().getMessage());
                } else {
                    throw e;
                }
            }
        }
        if (!absent.isEmpty()) {
            Limit created = limitOfNewTopics(admin, config);
            if (created != null) {
                absent.forEach(topic -> limits.put(topic, created));
            }
        }
        return limits;
    }

    /**
     * What a topic Kafka Streams creates will take: {@code topic.max.message.bytes} if set, else the broker's
     * {@code message.max.bytes}; null when the broker's setting cannot be read.
     */
    private static Limit limitOfNewTopics(Admin admin, StreamcastConfig config) throws InterruptedException,
            ExecutionException {
        // get, not getProperty: a setting given in code may be a number
        Object set = config.streamsProperties().get(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
        if (set != null) {
            try {
                return new Limit(Long.parseLong(set.toString().trim()), "as " + StreamsConfig.topicPrefix(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG) + " creates it");
            } catch (NumberFormatException e) {
                // not a number: Kafka Streams names the setting when it creates the topic
                return null;
            }
        }
        Node node = admin.describeCluster().nodes().get().stream().findFirst().orElse(null);
        if (node == null) {
            return null;
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get().get(broker).get(BROKER_LIMIT);
            return entry == null ? null : new Limit(Long.parseLong(entry.value()), "as Kafka Streams creates it,"
                    + " from the broker's " + BROKER_LIMIT + "; " + StreamsConfig.topicPrefix(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG) + " sets it");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                LOG.warn("Cannot check that the largest records fit the topics Kafka Streams will create: {}",
                        e.getCause().getMessage());
                return null;
            }
            throw e;
        }
    }

    /** A topic's largest record in bytes, and whence that limit comes. */
    private record Limit(long bytes, String source) {
    }
}

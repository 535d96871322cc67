package io.streamcast.app;

import io.streamcast.stream.DeadLetters;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.RecordSizeCheck.LargestRecord;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
 * <p>It also reads the dead-letter topic's limit, which the instance fits its dead letters to ({@code SendLimits}):
 * a bad record too large for that topic could not be sent whole, and would stop the instance after every restart.
 * That limit and the outputs' are read again while the instance runs ({@link TopicLimitsRefresh}).
 *
 * <p>A topic that exists is judged by its own setting; a changelog Kafka Streams has yet to create, by what it will
 * be created with: {@code topic.max.message.bytes} among the settings, else the broker's {@code message.max.bytes}.
 * Where a topic's or the broker's settings cannot be read (the application's user may not DESCRIBE_CONFIGS them, say),
 * the check says so in a warning and stands aside for that topic: it only adds a guard.
 */
public final class MessageSizeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSizeCheck.class);
    private static final String BROKER_LIMIT = "message.max.bytes";

    private MessageSizeCheck() {
    }

    /**
     * Throws, naming the record, the topic, its limit and what to change, when a record could not be sent.
     *
     * @return the limits of the key states' changelog, the dead-letter topic and the outputs' topics, where they
     *         could be read
     */
    public static TopicLimits require(Admin admin, StreamcastConfig config) {
        List<LargestRecord> records = RecordSizeCheck.largestRecords(config);
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(record -> topics.addAll(record.topics()));
        String deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        topics.add(deadLetters);
        Map<String, Limit> limits;
        try {
            limits = limits(admin, config, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the topics' max.message.bytes", e);
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
        Limit deadLettersLimit = limits.get(deadLetters);
        long irreducible = DeadLetters.largestIrreducible();
        if (deadLettersLimit != null && deadLettersLimit.bytes() < irreducible) {
            // a dead letter sheds its value, the record's headers and its key to fit, never Streamcast's own headers
            refusals.add("A dead letter can need " + irreducible + " bytes with nothing left but Streamcast's own"
                    + " headers (a message of up to " + DeadLetters.MAX_MESSAGE + " characters), more than topic "
                    + deadLetters + " takes (max.message.bytes " + deadLettersLimit.bytes() + ", "
                    + deadLettersLimit.source() + "): raise that limit");
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException(String.join("; ", refusals));
        }
        return new TopicLimits(bytes(limits.get(RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE))),
                bytes(limits.get(deadLetters)), each(limits, RecordSizeCheck.outputTopics(config)));
    }

    /** The limits among {@code topics} that could be read, by topic. */
    private static Map<String, Long> each(Map<String, Limit> limits, List<String> topics) {
        return topics.stream().filter(limits::containsKey)
                .collect(Collectors.toMap(topic -> topic, topic -> limits.get(topic).bytes()));
    }

    private static OptionalLong bytes(Limit limit) {
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit.bytes());
    }

    /** The largest record each topic takes, and whence that comes; topics whose limit cannot be read are left out. */
    private static Map<String, Limit> limits(Admin admin, StreamcastConfig config, Set<String> topics)
            throws InterruptedException {
        Set<String> changelogs = RecordSizeCheck.changelogs(config);
        Map<String, Limit> limits = new HashMap<>();
        List<String> absent = new ArrayList<>();
        for (String topic : topics) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            try {
                // the topics set up just before may be unknown to the broker asked until their metadata spreads; a
                // changelog is absent until Kafka Streams creates it
                Config described = changelogs.contains(topic)
                        ? admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        : TopicSetup.untilKnown(() -> admin.describeConfigs(List.of(resource)).all().get()
                                .get(resource));
                ConfigEntry entry = described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null) {
                    limits.put(topic, new Limit(Long.parseLong(entry.value()), "the topic's setting"));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException && changelogs.contains(topic)) {
                    absent.add(topic);
                } else {
                    standAside(topic, e.getCause());
                }
            } catch (NumberFormatException e) {
                standAside(topic, e);
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
     * The check only adds a guard, so a limit it cannot read (no DESCRIBE_CONFIGS, a server that answers otherwise)
     * leaves that topic unchecked, said in a warning, rather than stopping the start.
     */
    private static void standAside(String topic, Throwable why) {
        LOG.warn("Cannot read the max.message.bytes of topic {} ({}); the records sent to it are held to the"
                + " producer's max.request.size alone", topic, why.getMessage());
    }

    /**
     * What a topic Kafka Streams creates will take: {@code topic.max.message.bytes} if set, else the broker's
     * {@code message.max.bytes}; null when the broker's setting cannot be read.
     */
    private static Limit limitOfNewTopics(Admin admin, StreamcastConfig config) throws InterruptedException {
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
        try {
            Node node = admin.describeCluster().nodes().get().stream().findFirst().orElse(null);
            if (node == null) {
                return null;
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get().get(broker).get(BROKER_LIMIT);
            return entry == null ? null : new Limit(Long.parseLong(entry.value()), "as Kafka Streams creates it,"
                    + " from the broker's " + BROKER_LIMIT + "; " + StreamsConfig.topicPrefix(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG) + " sets it");
        } catch (ExecutionException | NumberFormatException e) {
            LOG.warn("Cannot check that the largest records fit the topics Kafka Streams will create: {}",
                    (e instanceof ExecutionException ? e.getCause() : e).getMessage());
            return null;
        }
    }

    /** A topic's largest record in bytes, and whence that limit comes. */
    private record Limit(long bytes, String source) {
    }

    /**
     * The largest records of the topics, where they could be read. {@code keyStates}, the key states' changelog's: a
     * model published elsewhere may keep a longer recurrent state than the configured network, and is refused where
     * a key's stored state with it would exceed this ({@code ModelCatalog#limitStoredState}). {@code deadLetters},
     * the dead-letter topic's, which dead letters are fitted to ({@code SendLimits}). {@code outputTopics}, those of
     * the topics an event's outputs go to, by topic.
     */
    public record TopicLimits(OptionalLong keyStates, OptionalLong deadLetters, Map<String, Long> outputTopics) {

        public TopicLimits {
            outputTopics = Map.copyOf(outputTopics);
        }

        /** The smallest of the output topics' limits read, which an event's outputs carry its headers within. */
        public OptionalLong outputs() {
            return outputTopics.values().stream().mapToLong(Long::longValue).min();
        }
    }
}

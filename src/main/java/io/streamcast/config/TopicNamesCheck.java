package io.streamcast.config;

import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a name Kafka refuses for a topic, two of Streamcast's topics under one name, and one of them under the name
 * of a topic that Kafka or Kafka Streams keeps for itself. Each topic carries one kind of record to its own reader,
 * and a shared one mixes them: refused events dead-lettered into the events topic are read and refused again, for
 * ever; predictions written there are read as events; anomalies written to the predictions topic are read twice; the
 * events topic named as a key-state changelog read every stored state back as an unparseable event.
 */
final class TopicNamesCheck {

    /** Every setting that names one of Streamcast's topics. */
    static final List<String> TOPIC_SETTINGS = List.of(StreamcastConfig.EVENTS_TOPIC_CONFIG,
            StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, StreamcastConfig.ANOMALIES_TOPIC_CONFIG,
            StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, StreamcastConfig.MODELS_TOPIC_CONFIG,
            StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG);

    /** What Kafka takes for a topic name: these characters, at most 249 of them, and not "." or "..". */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Refuses a topic name Kafka would refuse. Why here: the refusal would otherwise come from the broker when run
     * creates the topics (or from Kafka Streams when it subscribes), naming the topic but not the setting.
     */
    static final ConfigDef.Validator LEGAL_NAME = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = (String) value;
            if (topic != null && !topic.isEmpty() && (!LEGAL.matcher(topic).matches() || topic.equals(".")
                    || topic.equals(".."))) {
                throw new ConfigException(name, value, "is no topic name Kafka takes: ASCII letters, digits, '.',"
                        + " '_' and '-', at most 249 of them, and not '.' or '..'");
            }
        }

        @Override
        public String toString() {
            return "at most 249 of ASCII letters, digits, '.', '_' and '-'";
        }
    };

    private TopicNamesCheck() {
    }

    /**
     * @throws ConfigException naming both settings that name one topic, or the setting that names a topic Kafka or
     *                         Kafka Streams keeps for itself
     */
    static void require(StreamcastConfig config) {
        requireUsableApplicationId(config);
        Map<String, String> settingByTopic = new HashMap<>();
        for (String setting : TOPIC_SETTINGS) {
            String topic = config.getString(setting);
            requireNotInternal(config, setting, topic);
            String earlier = settingByTopic.putIfAbsent(topic, setting);
            if (earlier != null) {
                boolean loop = Set.of(setting, earlier).equals(Set.of(StreamcastConfig.EVENTS_TOPIC_CONFIG,
                        StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG));
                throw new ConfigException(setting, topic, "is also " + earlier + ": each topic carries one kind of"
                        + " record, and records of the other would be read as this one's" + (loop ? " (a refused"
                        + " event dead-lettered into the events topic is read and refused again, for ever)" : ""));
            }
        }
        // Kafka Streams' own dead letters (a record it could not deserialise or produce) go where this says: by
        // default the dead letters topic; a user's value into the events topic would be read and refused for ever
        Object streamsDeadLetters = config.originals().get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (streamsDeadLetters != null) {
            // read as Kafka Streams reads it, without the spaces around it
            String topic = streamsDeadLetters.toString().trim();
            requireWritable(config, topic);
            String shared = settingByTopic.get(topic);
            if (shared != null && !shared.equals(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG)) {
                throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic, "is also "
                        + shared + ": dead letters belong in " + StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG + "'s"
                        + " topic (the default here), and written into another they would be read as its records");
            }
        }
    }

    /**
     * Streamcast's processing-error dead letters go to {@code errors.dead.letter.queue.topic.name}, which Kafka Streams
     * takes empty, as a name Kafka refuses, or as one of Kafka's own topics: a record whose processing failed would
     * then fail its task, as its dead letter cannot be written there (again after every restart), or, written into a
     * store's changelog, be restored as that store's entry.
     */
    private static void requireWritable(StreamcastConfig config, String topic) {
        String setting = StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG;
        if (topic.isEmpty()) {
            throw new ConfigException(setting, topic, "must not be empty: it names the topic of the dead letters of"
                    + " records whose processing failed; leave it out for " + StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG
                    + "'s topic");
        }
        LEGAL_NAME.ensureValid(setting, topic);
        requireNotInternal(config, setting, topic);
    }

    /**
     * Kafka Streams names the application's consumer group, transactional ids, state directory and internal topics
     * after {@code application.id}, and checks none of them at start: an empty one failed only once the topics were
     * set up, in the consumer's words ({@code group.id}), and one with a space or a slash failed to create the state
     * directory after warning that its topic names were invalid.
     */
    private static void requireUsableApplicationId(StreamcastConfig config) {
        String applicationId = config.applicationId();
        // the longest internal topic Streamcast's topology names: one of its stores' changelogs
        String longest = RecordSizeCheck.changelogs(config).stream().max(Comparator.comparingInt(String::length))
                .orElseThrow();
        if (applicationId.isBlank()) {
            throw new ConfigException(StreamsConfig.APPLICATION_ID_CONFIG, applicationId, "must not be empty: it names"
                    + " the application's consumer group, transactional ids, state directory and topics");
        }
        if (!LEGAL.matcher(longest).matches()) {
            throw new ConfigException(StreamsConfig.APPLICATION_ID_CONFIG, applicationId, "must be ASCII letters,"
                    + " digits, '.', '_' and '-', as it begins the names of the application's topics (" + longest
                    + "), which Kafka takes up to 249 characters long");
        }
    }

    /**
     * Kafka keeps a few topics for itself ({@code __consumer_offsets}, whose records read as events would be processed
     * as nothing while the instance reported itself healthy, {@code __transaction_state}, ...), and Kafka Streams keeps
     * a changelog for each of the application's stores.
     */
    private static void requireNotInternal(StreamcastConfig config, String setting, String topic) {
        if (Topic.isInternal(topic) || topic.equals(Topic.CLUSTER_METADATA_TOPIC_NAME)) {
            throw new ConfigException(setting, topic, "names one of Kafka's own topics");
        }
        for (String store : StreamcastTopology.CHANGELOGGED_STORES) {
            if (topic.equals(RecordSizeCheck.changelog(config, store))) {
                throw new ConfigException(setting, topic, "names the changelog Kafka Streams keeps for the store "
                        + store + " (application.id=" + config.applicationId() + "), whose records are the instance's"
                        + " stored state, not " + setting + "'s");
            }
        }
    }
}

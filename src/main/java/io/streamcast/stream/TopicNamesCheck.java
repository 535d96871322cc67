package io.streamcast.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses a name Kafka refuses for a topic, and two of Streamcast's topics under one name. Each topic carries one
 * kind of record to its own reader, and a shared one mixes them: refused events dead-lettered into the events topic
 * are read and refused again, for ever; predictions written there are read as events; anomalies written to the
 * predictions topic are read twice.
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

    /** @throws ConfigException naming both settings that name one topic */
    static void requireDistinct(StreamcastConfig config) {
        Map<String, String> settingByTopic = new HashMap<>();
        for (String setting : TOPIC_SETTINGS) {
            String topic = config.getString(setting);
            String earlier = settingByTopic.putIfAbsent(topic, setting);
            if (earlier != null) {
                throw new ConfigException(setting, topic, "is also " + earlier + ": each topic carries one kind of"
                        + " record, and records of the other would be read as this one's (a refused event"
                        + " dead-lettered into the events topic is read and refused again, for ever)");
            }
        }
    }
}

package io.streamcast.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses two of Streamcast's topics under one name. Each topic carries one kind of record to its own reader, and a
 * shared one mixes them: refused events dead-lettered into the events topic are read and refused again, for ever;
 * predictions written there are read as events; anomalies written to the predictions topic are read twice.
 */
final class TopicNamesCheck {

    /** Every setting that names one of Streamcast's topics. */
    static final List<String> TOPIC_SETTINGS = List.of(StreamcastConfig.EVENTS_TOPIC_CONFIG,
            StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, StreamcastConfig.ANOMALIES_TOPIC_CONFIG,
            StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, StreamcastConfig.MODELS_TOPIC_CONFIG,
            StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG);

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

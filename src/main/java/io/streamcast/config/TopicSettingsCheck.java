package io.streamcast.config;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a {@code topic.*} setting whose value Kafka would refuse for a topic. Kafka Streams passes these to the
 * internal topics it creates, once it runs: {@code topic.max.message.bytes=abc} stopped the started instance with a
 * stack trace naming {@code max.message.bytes}, after every restart. Judged by the broker's own definition of each
 * topic setting (its type and validator), offline.
 */
final class TopicSettingsCheck {

    private TopicSettingsCheck() {
    }

    /** @throws ConfigException naming the {@code topic.*} setting and why Kafka would refuse its value */
    static void requireValid(Map<?, ?> settings) {
        Map<String, ConfigDef.ConfigKey> definitions = LogConfig.configKeys();
        for (Map.Entry<?, ?> entry : settings.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
                continue;
            }
            String name = key.substring(StreamsConfig.TOPIC_PREFIX.length());
            ConfigDef.ConfigKey definition = definitions.get(name);
            if (definition == null) {
                continue; // an unknown name is refused by KnownSettings, with the closest known one
            }
            try {
                Object parsed = ConfigDef.parseType(name, entry.getValue(), definition.type);
                if (definition.validator != null) {
                    definition.validator.ensureValid(name, parsed);
                }
            } catch (ConfigException e) {
                throw new ConfigException(key, entry.getValue(), "Kafka would refuse it for the topics Kafka Streams"
                        + " creates (" + e.getMessage() + ")");
            }
        }
    }
}

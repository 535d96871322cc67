package io.streamcast.config;

import io.streamcast.serde.SchemaRegistryConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting name Streamcast understands: its own, the schema registry client's, and Kafka Streams', its
 * consumers', producer's and admin client's, also under the prefixes Kafka Streams gives them. Kafka only logs a
 * setting it does not know and keeps the default, so a misspelt setting would silently not apply; Streamcast
 * refuses it at start-up and names the closest known setting instead.
 */
final class KnownSettings {

    /** Kafka Streams' prefixes for settings of one client, or of the internal topics. */
    private final Map<String, Set<String>> prefixed = new LinkedHashMap<>();
    /** Settings under these prefixes have open-ended names (config providers, rack-aware client tags). */
    private static final String[] OPEN_PREFIXES = {"config.providers.", StreamsConfig.CLIENT_TAG_PREFIX};
    private final Set<String> plain = new TreeSet<>();
    /** The prefixes of the environment variables that give settings (SettingsLoader's), in lower case. */
    private static final String[] ENVIRONMENT_PREFIXES = {"streamcast_", "kafka_"};

    KnownSettings(Collection<String> streamcast) {
        Set<String> consumer = ConsumerConfig.configNames();
        Set<String> producer = ProducerConfig.configNames();
        Set<String> admin = AdminClientConfig.configNames();
        plain.addAll(streamcast);
        plain.addAll(SchemaRegistryConfig.configDef().names());
        plain.addAll(StreamsConfig.configDef().names());
        plain.addAll(consumer);
        plain.addAll(producer);
        plain.addAll(admin);
        for (String prefix : new String[] {StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX}) {
            prefixed.put(prefix, consumer);
        }
        prefixed.put(StreamsConfig.PRODUCER_PREFIX, producer);
        prefixed.put(StreamsConfig.ADMIN_CLIENT_PREFIX, admin);
        prefixed.put(StreamsConfig.TOPIC_PREFIX, topicSettings());
    }

    /**
     * @param passthrough names to accept although no one here knows them, for plugins that read their own
     * @throws ConfigException naming the first unknown setting and the closest known one
     */
    void requireKnown(Collection<?> names, Collection<String> passthrough, String passthroughSetting) {
        for (Object name : new TreeSet<>(names.stream().map(String::valueOf).toList())) {
            String key = name.toString();
            if (key.isBlank()) {
                // a line such as "=5": a nearest name would only mislead
                throw new ConfigException("A setting without a name (a line or --set that begins with '='): write"
                        + " the setting's name before the '='");
            }
            if (!isKnown(key) && !passthrough.contains(key)) {
                throw new ConfigException("Unknown setting " + key + ": it is neither Streamcast's nor its schema"
                        + " registry client's nor a Kafka Streams, consumer, producer or admin setting, so it would"
                        + " apply nowhere. Did you mean "
                        + closest(key) + "? A setting that a plugin of yours reads can be listed in "
                        + passthroughSetting + ".");
            }
        }
    }

    boolean isKnown(String key) {
        if (plain.contains(key)) {
            return true;
        }
        for (String open : OPEN_PREFIXES) {
            if (key.startsWith(open) && key.length() > open.length()) {
                return true;
            }
        }
        for (Map.Entry<String, Set<String>> e : prefixed.entrySet()) {
            if (key.startsWith(e.getKey()) && e.getValue().contains(key.substring(e.getKey().length()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The known setting nearest to {@code key} in edit distance; under a prefix, nearest with that prefix. A name
     * written in capitals or as an environment variable is first read as the setting it stands for.
     */
    String closest(String given) {
        String key = asSettingName(given);
        for (Map.Entry<String, Set<String>> e : prefixed.entrySet()) {
            String prefix = e.getKey();
            if (key.startsWith(prefix) && !plain.contains(key)) {
                String rest = key.substring(prefix.length());
                String nearestPrefixed = prefix + nearest(rest, e.getValue());
                String nearestPlain = nearest(key, plain);
                return distance(key, nearestPrefixed) <= distance(key, nearestPlain) ? nearestPrefixed : nearestPlain;
            }
        }
        return nearest(key, plain);
    }

    /**
     * {@code MODEL.HIDDEN.SIZE} or {@code STREAMCAST_MODEL_HIDDEN_SIZE} (written into a settings file) as
     * {@code model.hidden.size}, as the environment's variables are read: by edit distance alone, the nearest
     * setting to either was an unrelated one (max.block.ms, acceptable.recovery.lag).
     */
    private static String asSettingName(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String prefix : ENVIRONMENT_PREFIXES) {
            if (lower.startsWith(prefix) && lower.length() > prefix.length()) {
                lower = lower.substring(prefix.length());
                break;
            }
        }
        return key.contains(".") ? lower : lower.replace('_', '.');
    }

    private static String nearest(String key, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.<String>comparingInt(c -> distance(key, c)).thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }

    /** The names of per-topic settings, as {@link TopicConfig} lists them. */
    private static Set<String> topicSettings() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read " + field, e);
                }
            }
        }
        return names;
    }
}

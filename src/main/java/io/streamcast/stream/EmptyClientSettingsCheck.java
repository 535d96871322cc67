package io.streamcast.stream;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a Kafka client setting given empty where Kafka reads the empty value as something no one would mean, and
 * where, left out, the setting would mean something else: Kafka's config classes take the empty value without a word.
 */
final class EmptyClientSettingsCheck {

    /** The prefixes under which Kafka Streams hands a setting to one of its clients, and none. */
    private static final List<String> PREFIXES = List.of("", StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);

    private static final String STORE_PATH = "Kafka's clients would read it as the path of a store and fail as they"
            + " are created, after the start has begun; leave it out for none";
    private static final String STORE_TYPE = "it names no store format, and Kafka's clients would fail as they are"
            + " created, after the start has begun, to read a store with it; leave it out for JKS";

    /** Each setting that cannot be empty, and what its empty value would do. */
    private static final Map<String, String> CANNOT_BE_EMPTY = Map.of(
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "Kafka Streams names each stream thread's static member after"
                    + " it, so every instance would take the same ids (-1, -2, ...), which the group holds one member"
                    + " to at a time; leave it out, or give each instance its own (a StatefulSet's pod name)",
            SaslConfigs.SASL_JAAS_CONFIG, "Kafka's clients would read it as a JAAS configuration without a login"
                    + " module and fail as they are created, after the start has begun; leave it out to use the"
                    + " java.security.auth.login.config file",
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, STORE_PATH,
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, STORE_PATH,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, STORE_TYPE,
            SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, STORE_TYPE);

    private EmptyClientSettingsCheck() {
    }

    /** @throws ConfigException naming the first such setting, as it was given */
    static void require(Properties settings) {
        for (String given : settings.keySet().stream().map(Object::toString).sorted().toList()) {
            for (String prefix : PREFIXES) {
                String why = given.startsWith(prefix) ? CANNOT_BE_EMPTY.get(given.substring(prefix.length())) : null;
                if (why != null && settings.get(given).toString().isBlank()) {
                    throw new ConfigException(given, settings.get(given), "must not be empty: " + why);
                }
            }
        }
    }
}

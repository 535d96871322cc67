package io.streamcast.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses client settings that Kafka's clients take one by one but refuse together only when a client is created:
 * {@code run} had then set up the topics, or built Kafka Streams halfway, and reported a failure (exit status 1)
 * where a setting was to mend. Each client's settings are derived as Kafka Streams derives them (its prefixes over
 * the plain settings, its own overrides) and parsed by the client's own config class, which checks what it can
 * without connecting; what Kafka checks only in a client's constructor is checked here as it checks it, naming each
 * setting as it was given.
 */
public final class KafkaClientsCheck {

    /** The store type under which Kafka's clients read PEM text, in capitals only; any other is a KeyStore type. */
    static final String PEM = "PEM";

    static final String[] ADMIN = {StreamsConfig.ADMIN_CLIENT_PREFIX, ""};
    public static final String[] PRODUCER = {StreamsConfig.PRODUCER_PREFIX, ""};
    static final String[] MAIN_CONSUMER = {StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
        ""};
    static final String[] RESTORE_CONSUMER = {StreamsConfig.RESTORE_CONSUMER_PREFIX,
        StreamsConfig.CONSUMER_PREFIX, ""};
    static final String[] GLOBAL_CONSUMER = {StreamsConfig.GLOBAL_CONSUMER_PREFIX,
        StreamsConfig.CONSUMER_PREFIX, ""};
    /** How {@link ConfigException} names a setting whose value it refuses. */
    private static final Pattern NAMED = Pattern.compile(" for configuration (\\S+?):? ");
    /** The chunk of Kafka's incremental producer buffers: a batch.size below it falls back to the full strategy. */
    private static final int INCREMENTAL_CHUNK_BYTES = 16_384;
    /** {@code run}'s own admin client, which sets up the topics, reads the plain settings only. */
    static final String[] PLAIN = {""};

    private KafkaClientsCheck() {
    }

    /** @throws ConfigException naming the settings a client would refuse */
    static void require(Properties settings) {
        StreamsConfig streams = new QuietStreamsConfig(settings);
        String applicationId = streams.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        String clientId = applicationId + "-StreamThread-1";
        AdminClientConfig topicSetup = parse("run's admin client", settings, PLAIN,
                () -> new QuietAdminClientConfig(settings));
        requireApiTimeoutNotBelowRequestTimeout(topicSetup, settings, PLAIN);
        requireSecurity(topicSetup, settings, PLAIN);
        AdminClientConfig admin = parse("Kafka Streams' admin client", settings, ADMIN,
                () -> new QuietAdminClientConfig(streams.getAdminConfigs(clientId + "-admin")));
        requireApiTimeoutNotBelowRequestTimeout(admin, settings, ADMIN);
        requireSecurity(admin, settings, ADMIN);
        ProducerConfig producer = parse("Kafka Streams' producer", settings, PRODUCER,
                () -> new ProducerConfig(withSerializers(streams.getProducerConfigs(clientId + "-producer"))));
        requireDeliveryTimeoutNotBelowLingerAndRequest(producer, settings);
        requireRackForRackAwarePartitioning(producer, settings);
        requireNoCompressionWithIncrementalBuffers(producer, settings);
        requireSecurity(producer, settings, PRODUCER);
        ConsumerConfig main = parse("Kafka Streams' main consumer", settings, MAIN_CONSUMER, () ->
                new QuietConsumerConfig(streams.getMainConsumerConfigs(applicationId, clientId + "-consumer", 1)));
        if (GroupProtocol.of(streams.getString(StreamsConfig.GROUP_PROTOCOL_CONFIG)) == GroupProtocol.CLASSIC) {
            requireHeartbeatBelowSession(main, settings);
        }
        requireSecurity(main, settings, MAIN_CONSUMER);
        EmptyClientSettingsCheck.requireStaticMemberId(settings, MAIN_CONSUMER);
        requireSecurity(parse("Kafka Streams' restore consumer", settings, RESTORE_CONSUMER,
                () -> new QuietConsumerConfig(streams.getRestoreConsumerConfigs(clientId + "-restore-consumer"))),
                settings, RESTORE_CONSUMER);
        requireSecurity(parse("Kafka Streams' global consumer", settings, GLOBAL_CONSUMER,
                () -> new QuietConsumerConfig(streams.getGlobalConsumerConfigs(applicationId + "-global-consumer"))),
                settings, GLOBAL_CONSUMER);
    }

    /**
     * The client's security settings: a PEM store typed in another case and empty ones, on which it failed as it was
     * created, a trust store that trusts nothing, with which it was created and failed every handshake after, and a
     * key store with a key that does not open with the key password and a PEM key the JVM cannot decrypt, on which it
     * failed as it was created.
     */
    private static void requireSecurity(AbstractConfig client, Properties settings, String[] prefixes) {
        PemStoreTypeCheck.require(client, settings, prefixes);
        EmptyClientSettingsCheck.require(client, settings, prefixes);
        TrustStoreCheck.require(client, settings, prefixes);
        KeyStoreCheck.require(client, settings, prefixes);
        PemKeyCheck.require(client, settings, prefixes);
    }

    /**
     * The client's config, as its config class (and Kafka Streams, deriving it) checks it. Their messages name the
     * setting without the prefix it may have been given under, and not the client.
     */
    private static <T> T parse(String client, Properties settings, String[] prefixes, Supplier<T> config) {
        try {
            return config.get();
        } catch (ConfigException e) {
            Matcher named = NAMED.matcher(e.getMessage());
            String message = named.find() ? e.getMessage().substring(0, named.start(1))
                    + given(settings, named.group(1), prefixes) + e.getMessage().substring(named.end(1))
                    : e.getMessage();
            throw new ConfigException(client + " refuses its settings: " + message);
        }
    }

    /** Kafka's admin client refuses, when created, a {@code default.api.timeout.ms} given below its request timeout. */
    private static void requireApiTimeoutNotBelowRequestTimeout(AdminClientConfig admin, Properties settings,
            String[] prefixes) {
        String apiTimeout = AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG;
        String requestTimeout = AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG;
        long api = number(admin, apiTimeout);
        long request = number(admin, requestTimeout);
        // left unset, the admin client raises it to the request timeout itself
        if (admin.originals().containsKey(apiTimeout) && api < request) {
            throw new ConfigException(given(settings, apiTimeout, prefixes), api, "must be at least "
                    + given(settings, requestTimeout, prefixes) + " = " + request + ": Kafka's admin client refuses"
                    + " a shorter one when it is created, after the start has begun");
        }
    }

    /** Kafka's producer refuses, when created, a {@code delivery.timeout.ms} given below linger plus request time. */
    private static void requireDeliveryTimeoutNotBelowLingerAndRequest(ProducerConfig producer, Properties settings) {
        String deliveryTimeout = ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
        long delivery = number(producer, deliveryTimeout);
        long linger = Math.min(number(producer, ProducerConfig.LINGER_MS_CONFIG), Integer.MAX_VALUE);
        long request = number(producer, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        long least = Math.min(linger + request, Integer.MAX_VALUE);
        // left unset, the producer raises it to their sum itself
        if (producer.originals().containsKey(deliveryTimeout) && delivery < least) {
            throw new ConfigException(given(settings, deliveryTimeout, PRODUCER), delivery, "must be at least "
                    + given(settings, ProducerConfig.LINGER_MS_CONFIG, PRODUCER) + " + "
                    + given(settings, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, PRODUCER) + " = " + linger + " + "
                    + request + " = " + least + ": Kafka's producer refuses a shorter one when it is created, after"
                    + " the start has begun");
        }
    }

    /** Kafka's producer refuses, when created, to partition by rack without knowing its own. */
    private static void requireRackForRackAwarePartitioning(ProducerConfig producer, Properties settings) {
        String rackAware = ProducerConfig.PARTITIONER_RACK_AWARE_CONFIG;
        String rack = CommonClientConfigs.CLIENT_RACK_CONFIG;
        if (producer.getBoolean(rackAware) && Utils.isBlank(producer.getString(rack))) {
            throw new ConfigException(given(settings, rackAware, PRODUCER), true, "needs "
                    + given(settings, rack, PRODUCER) + " to name the producer's rack: Kafka's producer refuses it"
                    + " without one when it is created, after the start has begun");
        }
    }

    /**
     * Kafka's producer (4.4) refuses, when created, compression with its incremental buffer strategy, which it uses
     * for batches of at least one 16 KiB chunk (with a smaller {@code batch.size} it falls back to the full strategy,
     * with a warning, and compresses).
     */
    private static void requireNoCompressionWithIncrementalBuffers(ProducerConfig producer, Properties settings) {
        String strategy = ProducerConfig.BUFFER_MEMORY_ALLOCATION_STRATEGY_CONFIG;
        String compression = ProducerConfig.COMPRESSION_TYPE_CONFIG;
        boolean incremental = ProducerConfig.BUFFER_MEMORY_ALLOCATION_STRATEGY_INCREMENTAL.equals(
                producer.getString(strategy).toLowerCase(Locale.ROOT))
                && Math.max(number(producer, ProducerConfig.BATCH_SIZE_CONFIG), 1) >= INCREMENTAL_CHUNK_BYTES;
        String compressionType = producer.getString(compression);
        if (incremental && !"none".equals(compressionType)) {
            throw new ConfigException(given(settings, strategy, PRODUCER), producer.getString(strategy), "does not"
                    + " take compression, and " + given(settings, compression, PRODUCER) + " = " + compressionType
                    + ": Kafka's producer refuses the two together when it is created, after the start has begun");
        }
    }

    /**
     * Under the classic group protocol Kafka's consumer refuses, when created, a heartbeat interval not below the
     * session timeout (under the streams protocol the broker sets both).
     */
    private static void requireHeartbeatBelowSession(ConsumerConfig consumer, Properties settings) {
        String heartbeatInterval = ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG;
        long heartbeat = number(consumer, heartbeatInterval);
        long session = number(consumer, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        if (heartbeat >= session) {
            throw new ConfigException(given(settings, heartbeatInterval, MAIN_CONSUMER), heartbeat, "must be below "
                    + given(settings, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, MAIN_CONSUMER) + " = " + session
                    + ": Kafka's consumer refuses it otherwise when it is created, after the start has begun");
        }
    }

    /** The client's {@code security.protocol} as Kafka's clients read it, in any case: {@code ssl} is SSL. */
    static String securityProtocol(AbstractConfig client) {
        return client.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG).toUpperCase(Locale.ROOT);
    }

    /**
     * Whether Kafka's own TLS engine opens the client's ssl stores: under SSL or SASL_SSL, unless {@code
     * ssl.engine.factory.class} names an engine of its own, to which the client hands the ssl settings to read as it
     * will (Kafka's clients are then created whatever the stores hold).
     */
    static boolean opensSslStores(AbstractConfig client) {
        Class<?> engine = client.getClass(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
        return securityProtocol(client).endsWith("SSL")
                && (engine == null || engine == DefaultSslEngineFactory.class);
    }

    /** The setting that gives a client {@code name}: the first of its {@code prefixes} given, or the plain name. */
    public static String given(Properties settings, String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (settings.containsKey(prefix + name)) {
                return prefix + name;
            }
        }
        return name;
    }

    private static long number(AbstractConfig config, String name) {
        return ((Number) config.values().get(name)).longValue();
    }

    /** Kafka Streams hands its producer byte-array serializers and its consumers deserializers, not settings. */
    private static Map<String, Object> withSerializers(Map<String, Object> producer) {
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return producer;
    }

    private static final class QuietAdminClientConfig extends AdminClientConfig {
        QuietAdminClientConfig(Map<?, ?> settings) {
            super(settings, false);
        }
    }

    private static final class QuietConsumerConfig extends ConsumerConfig {
        QuietConsumerConfig(Map<String, Object> settings) {
            super(appendDeserializerToConfig(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    false);
        }
    }
}

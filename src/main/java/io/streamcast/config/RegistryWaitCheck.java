package io.streamcast.config;

import io.streamcast.serde.MockSchemaRegistry;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a registry call timeout that a stream thread cannot afford to wait. A stream thread that reads a record
 * written with a schema id it has not seen asks the registry and waits for the answer, holding the task's transaction
 * open under exactly-once and not polling in any case. A wait past the producer's {@code transaction.timeout.ms}
 * would have the broker abort the transaction and fence the producer, and one past {@code max.poll.interval.ms}
 * would have the consumer leave its group: a rebalance either way, where a registry outage should end in an error
 * that names the registry. Half of each, as for {@code model.catch.up.ms}: the transaction was open before the wait,
 * and Kafka Streams itself polls again once half the poll interval has passed, so the rest is the work's.
 */
final class RegistryWaitCheck {

    /** The consumer's default, which Kafka Streams keeps. */
    static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    private RegistryWaitCheck() {
    }

    /** @throws ConfigException naming {@code schema.registry.call.timeout.ms} and the setting it must fit */
    static void requireFit(StreamcastConfig config) {
        if (config.getString(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG).startsWith(MockSchemaRegistry.URL_PREFIX)) {
            return; // the in-memory registry answers at once
        }
        long call = config.getInt(StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG);
        Properties streams = config.streamsProperties();
        if (StreamcastConfig.exactlyOnce(streams)) {
            long transaction = StreamcastConfig.transactionTimeoutMs(streams);
            if (2 * call > transaction) {
                throw new ConfigException(StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG, call, "must be at"
                        + " most half the producer's transaction.timeout.ms of " + transaction + " ms under"
                        + " exactly-once: a stream thread asking the registry for a schema id it has not seen holds"
                        + " the task's transaction open, and the broker would abort it; lower the call timeout or"
                        + " raise producer.transaction.timeout.ms");
            }
        }
        long poll = mainConsumerInt(streams, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, DEFAULT_MAX_POLL_INTERVAL_MS);
        if (2 * call > poll) {
            throw new ConfigException(StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG, call, "must be at most"
                    + " half max.poll.interval.ms of " + poll + " ms: a stream thread waiting on the registry does not"
                    + " poll, and its consumer would leave the group; lower the call timeout or raise"
                    + " max.poll.interval.ms");
        }
    }

    /**
     * An integer setting of the main consumer as Kafka Streams hands it over: {@code main.consumer.}-prefixed over
     * {@code consumer.}-prefixed over plain over {@code fallback}.
     */
    private static long mainConsumerInt(Properties streams, String name, long fallback) {
        for (String key : new String[] {StreamsConfig.mainConsumerPrefix(name), StreamsConfig.consumerPrefix(name),
            name}) {
            Object value = streams.get(key);
            if (value != null) {
                return ((Number) ConfigDef.parseType(name, value, ConfigDef.Type.INT)).longValue();
            }
        }
        return fallback;
    }
}

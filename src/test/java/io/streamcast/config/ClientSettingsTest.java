package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamcast.testing.TestSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The settings of a command's own Kafka clients under Kafka Streams' rebalance protocol
 * ({@code group.protocol=streams}), a setting of Kafka Streams' that a consumer's {@code group.protocol} of the same
 * name does not take.
 */
class ClientSettingsTest {

    /** The soak's read_committed check of a run under the streams protocol failed here, every event processed. */
    @Test
    void shouldGiveAConsumerOfItsOwnSettingsItTakesUnderTheStreamsProtocol() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        StreamcastConfig config = new StreamcastConfig(settings);

        Map<String, Object> consumer = config.clientSettings(ConsumerConfig.configNames(),
                StreamsConfig.CONSUMER_PREFIX);

        assertThat(consumer).doesNotContainKey(ConsumerConfig.GROUP_PROTOCOL_CONFIG)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"));
        Map<String, Object> created = new HashMap<>(consumer);
        created.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        created.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        assertThatCode(() -> new ConsumerConfig(created)).as("a consumer takes them").doesNotThrowAnyException();
    }

    /** One given for the consumers ({@code consumer.group.protocol}) is the consumer's own, and reaches it. */
    @Test
    void shouldGiveAConsumerTheGroupProtocolGivenForConsumers() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_PROTOCOL_CONFIG), "consumer");
        StreamcastConfig config = new StreamcastConfig(settings);

        assertThat(config.clientSettings(ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX))
                .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    }

    /**
     * A consumer of a command's own joins no group, so it takes none of a group member's settings: given for Kafka
     * Streams' consumers, {@code session.timeout.ms} and {@code heartbeat.interval.ms} failed such a consumer's
     * creation under {@code consumer.group.protocol=consumer}, whose members take neither.
     */
    @Test
    void shouldCreateACommandsConsumerWhateverGroupSettingsTheInstancesConsumersAreGiven() {
        for (String setting : List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
            Map<String, Object> settings = TestSettings.base();
            // resolvable, for the consumer's creation, which connects to nothing
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
            settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_PROTOCOL_CONFIG), "consumer");
            settings.put(setting, 3_000);
            StreamcastConfig config = new StreamcastConfig(settings);

            Map<String, Object> consumer = config.groupFreeConsumerSettings();

            assertThatCode(() -> new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).close()).as(setting).doesNotThrowAnyException();
            assertThat(consumer).as(setting).doesNotContainKeys(ConsumerConfig.GROUP_PROTOCOL_CONFIG, setting)
                    .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"));
        }
    }
}

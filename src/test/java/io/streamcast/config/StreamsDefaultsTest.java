package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.TestSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings Streamcast chooses, as Kafka Streams and its clients read them. */
class StreamsDefaultsTest {

    private static final String GLOBAL_HANDLER = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
    private static final String METADATA_AGE = ConsumerConfig.METADATA_MAX_AGE_CONFIG;

    private static StreamsConfig streams(Map<String, Object> extra) {
        Map<String, Object> settings = TestSettings.base();
        settings.putAll(extra);
        return new StreamsConfig(new StreamcastConfig(settings).streamsProperties());
    }

    /**
     * Kafka Streams' partition assignor builds a StreamsConfig of its own from the main consumer's settings, which
     * do not carry this one: unless it is handed to the main consumer too, that StreamsConfig warns at every start
     * that the handler is not enabled for the global thread, although it is.
     */
    @Test
    void shouldHandTheGlobalProcessingHandlerSettingToTheMainConsumerAsWell() {
        StreamsConfig defaults = streams(Map.of());
        assertThat(defaults.getBoolean(GLOBAL_HANDLER)).isTrue();
        assertThat(String.valueOf(defaults.getMainConsumerConfigs("g", "c", 0).get(GLOBAL_HANDLER)))
                .isEqualTo("true");

        StreamsConfig off = streams(Map.of(GLOBAL_HANDLER, "false"));
        assertThat(off.getBoolean(GLOBAL_HANDLER)).isFalse();
        assertThat(String.valueOf(off.getMainConsumerConfigs("g", "c", 0).get(GLOBAL_HANDLER)))
                .isEqualTo("false");
    }

    /**
     * Partitions added to the events topic stop the application, and go unprocessed until the main consumer's
     * metadata shows them: it reads it every 30 s unless told otherwise (Kafka's default is 5 minutes), and any of the
     * three ways of telling it is kept.
     */
    @Test
    void shouldLetTheMainConsumerReadTheTopicsMetadataEvery30SecondsUnlessSetOtherwise() {
        assertThat(mainConsumerMetadataAge(Map.of())).isEqualTo("30000");
        assertThat(mainConsumerMetadataAge(Map.of(METADATA_AGE, "5000"))).isEqualTo("5000");
        assertThat(mainConsumerMetadataAge(Map.of(StreamsConfig.consumerPrefix(METADATA_AGE), "6000")))
                .isEqualTo("6000");
        assertThat(mainConsumerMetadataAge(Map.of(StreamsConfig.mainConsumerPrefix(METADATA_AGE), "7000")))
                .isEqualTo("7000");
        // the other clients keep Kafka's default
        assertThat(streams(Map.of()).getProducerConfigs("p").get(METADATA_AGE)).isNull();
    }

    private static String mainConsumerMetadataAge(Map<String, Object> extra) {
        return String.valueOf(streams(extra).getMainConsumerConfigs("g", "c", 0).get(METADATA_AGE));
    }

    /** Replayed records are refused under exactly-once alone ({@code ReplayedRecordsTest}): the default, unless set. */
    @Test
    void shouldRunExactlyOnceUnlessTheGuaranteeIsSetOtherwise() {
        Map<String, Object> settings = TestSettings.base();
        assertThat(new StreamcastConfig(settings).exactlyOnce()).isTrue();
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        assertThat(new StreamcastConfig(settings).exactlyOnce()).isFalse();
    }
}

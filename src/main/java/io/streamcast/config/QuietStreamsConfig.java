package io.streamcast.config;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams' settings parsed as Kafka Streams parses them, for a check made before the instance exists, without
 * logging their values or the warnings Kafka Streams gives as it parses them (of the settings it ignores under the
 * streams group protocol): the instance's own parse logs them, and they would otherwise be logged once per parse.
 */
public final class QuietStreamsConfig extends StreamsConfig {

    public QuietStreamsConfig(Map<?, ?> settings) {
        super(settings, false);
    }
}

package io.streamcast.testing.kafka;

import java.util.Map;

/** A running Kafka cluster that broker tests talk to. */
public interface KafkaCluster {

    String bootstrapServers();

    /** What every client of the cluster needs beside the bootstrap servers: none but for a secured cluster. */
    default Map<String, Object> clientSettings() {
        return Map.of();
    }
}

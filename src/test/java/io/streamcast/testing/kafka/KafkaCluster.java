package io.streamcast.testing.kafka;

/** A running Kafka cluster that broker tests talk to. */
public interface KafkaCluster {

    String bootstrapServers();
}

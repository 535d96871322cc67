package io.streamcast.testing.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a Docker container (the apache/kafka image at the client library's version). */
final class ContainerKafkaCluster implements KafkaCluster, AutoCloseable {

    private final KafkaContainer container;

    private ContainerKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ContainerKafkaCluster start() {
        KafkaContainer container = new KafkaContainer("apache/kafka:"
                + System.getProperty("streamcast.kafka.version", "4.4.0"))
                // as EmbeddedKafkaCluster: StreamcastFixture.SHORT_SESSIONS
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000");
        container.start();
        return new ContainerKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}

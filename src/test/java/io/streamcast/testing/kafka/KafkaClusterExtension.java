package io.streamcast.testing.kafka;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives broker tests a real Kafka cluster, started once per test JVM and shared: by default a KRaft broker
 * inside the JVM (Kafka's own test kit); with {@code -Dstreamcast.test.kafka=container}, Testcontainers'
 * Kafka container at the client's version (also for classes marked {@link OnKafkaContainer}). Without a Docker
 * engine the container choice skips the tests: they are reported as skipped, never as passed.
 */
public final class KafkaClusterExtension implements ParameterResolver {

    public static final String MODE_PROPERTY = "streamcast.test.kafka";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        boolean forced = context.getRequiredTestClass().isAnnotationPresent(OnKafkaContainer.class);
        String mode = forced ? "container" : System.getProperty(MODE_PROPERTY, "embedded");
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return switch (mode) {
            case "embedded" -> store.getOrComputeIfAbsent(EmbeddedKafkaCluster.class,
                    key -> EmbeddedKafkaCluster.start(), EmbeddedKafkaCluster.class);
            case "container" -> {
                Assumptions.assumeTrue(ContainerKafkaCluster.dockerAvailable(),
                        "no Docker engine: the container broker tests are skipped");
                yield store.getOrComputeIfAbsent(ContainerKafkaCluster.class,
                        key -> ContainerKafkaCluster.start(), ContainerKafkaCluster.class);
            }
            default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or container, not "
                    + mode);
        };
    }
}

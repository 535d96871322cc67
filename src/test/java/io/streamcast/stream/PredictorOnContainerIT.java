package io.streamcast.stream;

import io.streamcast.testing.kafka.OnKafkaContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same broker tests against Kafka in a container; skipped where no Docker engine runs. */
@OnKafkaContainer
@Testcontainers(disabledWithoutDocker = true)
class PredictorOnContainerIT extends PredictorIT {
}

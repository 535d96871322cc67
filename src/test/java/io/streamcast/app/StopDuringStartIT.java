package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.stream.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance closed from another thread (as {@code run}'s SIGTERM hook closes it) while it starts, on a real broker:
 * the start ends as a stop, promptly, with everything it opened closed.
 */
@ExtendWith(KafkaClusterExtension.class)
class StopDuringStartIT {

    private static final Map<String, Object> LOOPBACK_FREE_PORT = Map.of(
            StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", StreamcastConfig.HTTP_PORT_CONFIG, 0);

    @Test
    void shouldStopWithoutErrorWhenClosedAfterTheEndpointsServeAndBeforeTheStreamsStart(KafkaCluster kafka)
            throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            // Given an instance whose start is held once its endpoints serve and before Kafka Streams starts, while
            // another thread closes it to the end
            StreamcastNode node = app.startInstance(LOOPBACK_FREE_PORT, StreamcastNode::build);
            List<Integer> livenessWhileHeld = new ArrayList<>();
            node.beforeStreamsStart(() -> {
                livenessWhileHeld.add(OpsHttp.get(node, "/health/live").status());
                closeOnAnotherThread(node);
            });

            // When the start goes on
            boolean started = node.start();

            // Then it returns without an error, having started nothing, and the instance is closed
            assertThat(livenessWhileHeld).as("the endpoints served where the start was held").containsExactly(200);
            assertThat(started).as("started").isFalse();
            assertThat(node.service().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(node.service().failure()).as("the error that stopped the instance").isNull();
            assertThatThrownBy(() -> OpsHttp.get(node, "/health/live")).as("the endpoints are closed")
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    /** Closes {@code node} on a thread of its own, as run's SIGTERM hook does, and waits for the close to end. */
    private static void closeOnAnotherThread(StreamcastNode node) {
        try {
            CompletableFuture.runAsync(node::close).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the close did not end", e);
        }
    }
}

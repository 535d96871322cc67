package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails with an Error, not only with a RuntimeException, closes the node: {@code demo} and the tests
 * start nodes without closing them on a failed start, so an open node kept its port and Kafka Streams' clients.
 */
class StreamcastNodeStartErrorTest {

    @Test
    void shouldCloseTheNodeWhenItsStartFailsWithAnError(@TempDir Path dir) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
        StreamcastNode node = StreamcastNode.build(new StreamcastConfig(settings));
        try {
            // Kafka Streams tells its state listener of the start on the starting thread, before it starts anything:
            // the one step inside the node's start from which a test can throw, without a broker. Later changes (the
            // close's) pass.
            node.service().streams().setStateListener((now, before) -> {
                if (before == KafkaStreams.State.CREATED) {
                    throw new NoClassDefFoundError("org/rocksdb/RocksDBException");
                }
            });
            InetSocketAddress endpoints = node.httpAddress();

            assertThatThrownBy(node::start).isInstanceOf(NoClassDefFoundError.class);

            assertThat(node.closed()).as("the node closed").isTrue();
            assertThat(node.service().state().hasCompletedShutdown()).as(node.service().state().toString()).isTrue();
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket(endpoints.getAddress(), endpoints.getPort())) {
                    socket.getInputStream();
                }
            }).as("the endpoints no longer listen").isInstanceOf(ConnectException.class);
        } finally {
            node.close();
        }
    }
}

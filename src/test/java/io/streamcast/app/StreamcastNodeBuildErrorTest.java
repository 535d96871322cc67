package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that fails with an Error, not only with a RuntimeException, closes what the node had opened before it: the
 * HTTP listener it was handed (and its meters) stayed open, holding the port.
 */
class StreamcastNodeBuildErrorTest {

    @Test
    void shouldCloseTheEndpointsWhenTheBuildFailsWithAnError(@TempDir Path dir) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        // Kafka Streams' settings name the client supplier the service creates while it is built: its class's failed
        // initialisation is an Error thrown from inside the build, without a broker
        settings.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, UninitialisableClients.class);
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        InetSocketAddress endpoints = http.address();
        try {
            assertThatThrownBy(() -> StreamcastNode.start(new StreamcastConfig(settings), http))
                    .isInstanceOf(LinkageError.class);

            assertThatThrownBy(() -> {
                try (Socket socket = new Socket(endpoints.getAddress(), endpoints.getPort())) {
                    socket.getInputStream();
                }
            }).as("the endpoints no longer listen").isInstanceOf(ConnectException.class);
        } finally {
            http.close();
        }
    }

    /** A client supplier whose class cannot be initialised, as one whose static state needs a missing library. */
    public static final class UninitialisableClients implements KafkaClientSupplier {

        private static final Object NATIVE = load();

        private static Object load() {
            throw new ExceptionInInitializerError("no native library for the clients");
        }

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }
    }
}

package io.streamcast.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails part-way, on Kafka's real server classes: the controller is up when the broker fails. */
class EmbeddedKafkaBrokerIT {

    @Test
    void shouldStopTheControllerAndDeleteTheDirectoryWhenTheBrokerCannotBindItsPort(@TempDir Path parent)
            throws IOException {
        // Given the broker's port held by another listener, and a free one for the controller
        try (ServerSocket taken = listenOn(0)) {
            int controllerPort;
            try (ServerSocket probe = listenOn(0)) {
                controllerPort = probe.getLocalPort();
            }

            // When the node is started on them, its broker fails after its controller started
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(parent, taken.getLocalPort(), controllerPort))
                    .hasStackTraceContaining("Address already in use");

            // Then the node's directory is gone and nothing listens on the controller's port any more
            assertThat(parent).isEmptyDirectory();
            try (ServerSocket controllersPortAgain = listenOn(controllerPort)) {
                assertThat(controllersPortAgain.getLocalPort()).isEqualTo(controllerPort);
            }
        }
    }

    /** On the address the node's listeners resolve "localhost" to, so that the two contend for a port. */
    private static ServerSocket listenOn(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("localhost", port));
        return socket;
    }
}

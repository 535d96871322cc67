package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A closed listener no longer listens, whether or not it ever served: the JDK's server closes its socket only on its
 * dispatcher thread, which its start makes, so one closed unstarted (a node whose build failed) kept its port.
 */
class OpsHttpServerCloseTest {

    @Test
    void shouldStopListeningWhenClosedWithoutEverServing() {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        InetSocketAddress address = http.address();

        http.close();

        assertRefused(address);
    }

    @Test
    void shouldStopListeningWhenClosedAfterServing() {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        InetSocketAddress address = http.address();
        http.serve(exchange -> exchange.close());

        http.close();

        assertRefused(address);
    }

    @Test
    void shouldAllowASecondClose() {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        InetSocketAddress address = http.address();
        http.close();

        http.close();

        assertRefused(address);
    }

    private static void assertRefused(InetSocketAddress address) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                socket.getInputStream();
            }
        }).as("no longer listening").isInstanceOf(ConnectException.class);
    }
}

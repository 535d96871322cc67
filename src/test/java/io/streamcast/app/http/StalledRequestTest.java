package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops sending in the middle of its request (its host gone without closing the connection, or a slow
 * client on purpose) holds one of the server's few threads while the JDK's server waits for the rest; the connection
 * is closed after a while, so that a few such clients do not leave the probes without a thread for ever.
 */
class StalledRequestTest {

    /** Far longer than the server waits for a stalled request; reached only when it waits for ever. */
    private static final int BOUND_MS = 60_000;
    /** More than the server has threads. */
    private static final int STALLED = 6;

    private StreamlessServerProcess server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = StreamlessServerProcess.start("256m");
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void shouldCloseRequestsThatStopArrivingAndGoOnAnsweringProbes() throws IOException {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(BOUND_MS);
                // half of them stop within the request line, the others before the content they announced
                String partial = i % 2 == 0 ? "GET /health/li"
                        : "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc";
                socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            for (int i = 0; i < STALLED; i++) {
                assertThat(closedByServer(stalled.get(i))).as("stalled request %d closed by the server", i).isTrue();
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }

        try (Socket probe = new Socket("127.0.0.1", port)) {
            probe.setSoTimeout(BOUND_MS);
            probe.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    /** Whether the server closes {@code socket} (after an answer or none) before the read timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer to the request cut short, if any, is passed over
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}

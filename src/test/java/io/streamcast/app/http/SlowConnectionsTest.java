package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.ops.OpsMeters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that opens connections and sends its requests slowly holds one of the server's threads per connection while
 * the JDK's server reads each (up to 10 s): eight of them, twice the threads the server once had, must leave the
 * probes one.
 */
class SlowConnectionsTest {

    /** Far longer than any of the waits takes; reached only when the server is starved. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int SLOW = 8;
    private static final String REQUEST_LINE_READ = "sun.net.httpserver.Request.readLine";

    private OpsMeters meters;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        meters = new OpsMeters("slow-connections", Duration.ofSeconds(10));
        server = StreamlessEndpoints.serve(meters, null);
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
    }

    @Test
    void shouldAnswerAProbeWhileSlowConnectionsHoldTheirThreads() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // Given eight connections whose request line stops half-way, each read by a thread of the server
            for (int i = 0; i < SLOW; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout((int) BOUND.toMillis());
                send(socket, "GET /health/li");
                slow.add(socket);
            }
            await("every slow connection read by a thread of its own").atMost(BOUND)
                    .until(() -> readingARequestLine() == SLOW);

            // When a probe asks
            CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> get("/health/live"));

            // Then it is answered while they still hold their threads
            await("the probe answered").atMost(BOUND).until(probe::isDone);
            assertThat(probe.get()).startsWith("HTTP/1.1 200 ");
            assertThat(readingARequestLine()).as("connections whose request line is still being read")
                    .isEqualTo(SLOW);

            // and the slow requests, once sent whole, are answered too
            for (Socket socket : slow) {
                send(socket, "ve HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 200 ");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The answer to a GET of {@code path} on a connection of its own, read whole. */
    private String get(String path) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) BOUND.toMillis());
            send(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's threads that wait within a request line, as the JDK's server reads it. */
    private static long readingARequestLine() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("streamcast-http-"))
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                        (frame.getClassName() + "." + frame.getMethodName()).equals(REQUEST_LINE_READ)))
                .count();
    }
}

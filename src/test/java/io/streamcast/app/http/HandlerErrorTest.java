package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.predict.InputSpec;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.testing.LogCapture;
import io.streamcast.training.ModelChoices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} thrown while a request is handled (a stack overflow, a failed assertion, memory run out) is
 * answered like any other failure, with a 500 and a short reason, and the connection is closed: unanswered, the client
 * would wait for ever on a connection the server no longer serves. Whatever was thrown, the answer tells the client
 * nothing of it, and the log tells the operator all of it.
 */
class HandlerErrorTest {

    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
    /** Far longer than an answer takes on loopback; reached only when no answer comes. */
    private static final int READ_TIMEOUT_MS = 10_000;

    /** What the liveness and readiness checks throw. */
    private Throwable failure = new StackOverflowError();
    private OpsMeters meters;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        meters = new OpsMeters("handler-error-test", Duration.ofSeconds(10));
        ModelCatalog models = new ModelCatalog("default", SPEC, new StreamcastMetrics(meters.registry()));
        HealthCheck failing = HealthCheck.over(() -> {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }, models::current, () -> null).build();
        server = OpsHttpServer.bind("127.0.0.1", 0);
        server.serve(new OpsEndpoints(meters, failing, new KeyStateLookup(null, null, SPEC, null, "events"), models,
                SPEC, ModelChoices.AS_CONFIGURED, 0.5, Duration.ofSeconds(1), null));
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
    }

    @Test
    void shouldAnswer500AndCloseTheConnectionWhenAHandlerThrowsAnError() throws IOException {
        String answer = exchange("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 500 ");
        assertThat(answer).containsIgnoringCase("content-type: application/json");
        assertThat(answer).endsWith("{\"error\":\"internal error\"}");
    }

    /**
     * An exception's text can hold class names, paths and data: the client reads a generic reason, and the log, at
     * WARN with the stack trace, names the request and the exception.
     */
    @Test
    void shouldAnswer500WithoutTheExceptionsTextAndLogItWithTheRequest() throws IOException {
        failure = new IllegalStateException("cannot open /var/lib/streamcast/secret-state.db");
        try (LogCapture log = LogCapture.of(OpsEndpoints.class)) {
            String answer = exchange("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 500 ");
            assertThat(answer).endsWith("{\"error\":\"internal error\"}");
            assertThat(answer).doesNotContain("IllegalStateException").doesNotContain("secret-state");
            assertThat(log.warnings()).containsExactly("GET /health/live failed");
            assertThat(log.thrown()).containsExactly(
                    "java.lang.IllegalStateException: cannot open /var/lib/streamcast/secret-state.db");
        }
    }

    @Test
    void shouldGoOnServingAfterAnError() throws IOException {
        for (int i = 0; i < 6; i++) {
            // more requests than the server has threads, each meeting the error
            assertThat(exchange("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).as("request %d", i)
                    .startsWith("HTTP/1.1 500 ");
        }
        // asking for the connection to be closed, which a successful answer would keep open otherwise
        assertThat(exchange("GET /model HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    /**
     * Sends {@code request} on a new connection and reads until the server closes it: an HTTP/1.1 connection stays
     * open unless the request or the answer says otherwise.
     *
     * @throws AssertionError when the server has neither answered nor closed the connection within the read timeout
     */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection was not closed within " + READ_TIMEOUT_MS + " ms; received: "
                        + received.toString(StandardCharsets.UTF_8), e);
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}

package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.OpsMeters;
import io.streamcast.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that carry content, which no endpoint reads, over real HTTP: up to 1 MiB of it is passed over and the
 * request answered as without it; more is answered 413, and the client reads that answer rather than finding its
 * connection reset.
 */
class RequestContentTest {

    /** 1 MiB, the most content passed over, written out here rather than taken from the class under test. */
    private static final int MOST_IGNORED = 1_048_576;
    /** Far more than loopback's socket buffers hold: a server that stops reading makes the sender fail. */
    private static final int FAR_TOO_LARGE = 32 * MOST_IGNORED;
    private static final int READ_TIMEOUT_MS = 20_000;

    private OpsMeters meters;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        meters = new OpsMeters("request-content-test", Duration.ofSeconds(10));
        server = StreamlessEndpoints.serve(meters, null);
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
    }

    /**
     * A client that sends all of its content before it reads, as most do: it gets to send it all and then reads the
     * refusal, where a server that stopped reading would reset the connection under it.
     */
    @Test
    void shouldRefuseContentFarTooLargeWith413ThatTheClientCanRead() throws IOException {
        String answer = sendThenRead("GET", "/model", FAR_TOO_LARGE);

        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).containsIgnoringCase("content-type: application/json");
        assertThat(answer).containsIgnoringCase("connection: close");
        assertThat(answer).contains("{\"error\":\"the request carries more than 1048576 bytes of content");
    }

    @Test
    void shouldAnswerAsWithoutContentUpToOneMebibyteAndRefuseOneByteMore() throws IOException {
        String passedOver = sendThenRead("GET", "/model", MOST_IGNORED);
        assertThat(passedOver).startsWith("HTTP/1.1 200 ");
        assertThat(passedOver).contains("\"in_use\":\"persistence\"");

        assertThat(sendThenRead("GET", "/model", MOST_IGNORED + 1)).startsWith("HTTP/1.1 413 ");
        assertThat(sendThenRead("HEAD", "/health/live", MOST_IGNORED + 1)).startsWith("HTTP/1.1 413 ");
    }

    /** Chunked content, whose length nobody declares, and the server still serving after each refusal. */
    @Test
    void shouldRefuseChunkedContentTooLargeAndGoOnServing() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI model = URI.create("http://127.0.0.1:" + server.port() + "/model");
        for (int i = 0; i < 6; i++) {
            // more requests than the server has threads
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(model).timeout(Duration.ofSeconds(20))
                    .method("GET", HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(new byte[4 * MOST_IGNORED]))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as("request %d", i).isEqualTo(413);
            assertThat(refused.body()).as("request %d", i).contains("more than 1048576 bytes");
        }
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(model).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    /**
     * Chunked content whose framing is broken (a chunk size that is no hexadecimal number, as a faulty client or proxy
     * sends it) is answered 400 saying why, where the connection was closed with no answer at all.
     */
    @Test
    void shouldAnswer400ToContentWhoseChunksAreMalformed() throws IOException {
        try (LogCapture log = LogCapture.of(OpsEndpoints.class);
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(("GET /model HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "\r\nzz\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // done sending: the server passes over what follows the malformed chunk until the end, then closes
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ");
            assertThat(answer).containsIgnoringCase("content-type: application/json");
            assertThat(answer).containsIgnoringCase("connection: close");
            assertThat(answer).endsWith("{\"error\":\"the request's content cannot be read: its framing is broken;"
                    + " every endpoint is read-only (GET or HEAD) and reads none, but a request's content must be"
                    + " framed as its Content-Length or Transfer-Encoding says\"}");
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("GET /model: the request's content cannot be read: java.io.IOException");
        }
    }

    /**
     * Sends a request with {@code length} bytes of content on a new connection, all of it, and then reads the answer
     * until the server closes the connection or a whole answer without content has arrived (HEAD).
     */
    private String sendThenRead(String method, String path, int length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[65_536];
            for (int sent = 0; sent < length; sent += zeros.length) {
                out.write(zeros, 0, Math.min(zeros.length, length - sent));
            }
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}

package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.streamcast.testing.LogCapture;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarded queries hold the HTTP server's threads until their owner answers, so only {@link
 * PeerClient#MAX_IN_FLIGHT} wait at once; the rest are answered 503 at once, and the threads left serve the probes.
 */
class PeerClientTest {

    /** The most bytes of an owner's answer relayed here: 64 KiB. */
    private static final long LIMIT = 65_536;
    /** What an owner that answers without end sends at most: a thousand times the limit, as good as endless here. */
    private static final long ENDLESS = 1000 * LIMIT;
    /** Where an owner answers for key "k". */
    private static final String KEY_PATH = PeerClient.keyPath("k".getBytes(StandardCharsets.UTF_8));

    private final ExecutorService clients = Executors.newFixedThreadPool(PeerClient.MAX_IN_FLIGHT);
    private HttpServer owner;
    private SlowOwner slowOwner;

    @AfterEach
    void stop() {
        if (slowOwner != null) {
            slowOwner.close();
        }
        clients.shutdownNow();
        if (owner != null) {
            owner.stop(0);
        }
    }

    /** Kafka Streams names an IPv6 owner's host without brackets ("::1" from application.server [::1]:8080). */
    @Test
    void shouldAddressAnIpv6OwnerInBrackets() {
        assertThat(PeerClient.uri(new HostInfo("::1", 8080), "/keys/a"))
                .hasToString("http://[::1]:8080/keys/a");
        assertThat(PeerClient.uri(new HostInfo("10.0.0.7", 8080), "/keys/a"))
                .hasToString("http://10.0.0.7:8080/keys/a");
    }

    /** An owner that is rebalancing says when to ask again; its client must hear it as if it had asked it. */
    @Test
    void shouldRelayWhenTheOwnerSaysToRetry() throws Exception {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/", exchange -> {
            byte[] body = "{\"error\":\"rebalancing\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "7");
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        owner.start();

        PeerClient.Answer owners = new PeerClient(Duration.ofSeconds(30), LIMIT).get(
                new HostInfo("127.0.0.1", owner.getAddress().getPort()), KEY_PATH,
                new HostInfo("127.0.0.1", 1), false);

        assertThat(owners.busy()).as("the owner's 503, not this instance's").isFalse();
        Response relayed = owners.response();
        assertThat(relayed.status()).isEqualTo(503);
        assertThat(relayed.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(new String(relayed.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"rebalancing\"}");
    }

    @Test
    void shouldAnswerAtOnceWhenTheMostForwardedQueriesAreWaiting() throws Exception {
        slowOwner = new SlowOwner(PeerClient.MAX_IN_FLIGHT);
        HostInfo slow = slowOwner.host();
        HostInfo self = new HostInfo("127.0.0.1", 1);
        PeerClient peers = new PeerClient(Duration.ofSeconds(30), LIMIT);
        List<Future<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < PeerClient.MAX_IN_FLIGHT; i++) {
            waiting.add(clients.submit(() -> peers.get(slow, KEY_PATH, self, false).response()));
        }
        assertThat(slowOwner.awaitArrivals()).as("the first queries reached the owner").isTrue();

        PeerClient.Answer busy = peers.get(slow, KEY_PATH, self, false);
        assertThat(busy.busy()).isTrue();
        Response refused = busy.response();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("retry");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));

        slowOwner.answerAll();
        for (Future<Response> query : waiting) {
            assertThat(query.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(peers.get(slow, KEY_PATH, self, false).response().status())
                .as("with the waiting ones answered").isEqualTo(200);
    }

    /**
     * An owner that sends its headers and part of its body, then stalls (a process paused mid-answer, a proxy with a
     * full buffer): the query is answered 504 within the query timeout, and its connection is closed, where the
     * request's own timeout, which ends with the headers, would leave the query and one of the server's threads
     * waiting for as long as the connection lives.
     */
    @Test
    void shouldAnswer504WhenTheOwnerStallsItsBodyAfterItsHeaders() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        CountDownLatch closedByClient = new CountDownLatch(1);
        AtomicReference<Throwable> ownerFailure = new AtomicReference<>();
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread ownerThread = new Thread(() -> {
                try (Socket connection = stalling.accept()) {
                    InputStream in = connection.getInputStream();
                    readHeaders(in);
                    connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"key\":").getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                    // The other 93 bytes never come; the client's closing the connection ends the wait.
                    connection.setSoTimeout(30_000);
                    if (in.read() < 0) {
                        closedByClient.countDown();
                    }
                } catch (IOException e) {
                    ownerFailure.set(e);
                }
            }, "stalling-owner");
            ownerThread.setDaemon(true);
            ownerThread.start();
            PeerClient peers = new PeerClient(timeout, LIMIT);

            Response answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> peers.get(
                    new HostInfo("127.0.0.1", stalling.getLocalPort()), KEY_PATH,
                    new HostInfo("127.0.0.1", 1), false).response());

            assertThat(answer.status()).isEqualTo(504);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("did not answer within 500 ms");
            assertThat(closedByClient.await(30, TimeUnit.SECONDS)).as("the stalled connection closed by the client; "
                    + "owner failure: %s", ownerFailure.get()).isTrue();
        }
    }

    /**
     * An owner address where something else listens (a stale application.server, a port reused) and answers bytes
     * that are no HTTP: the query is answered 502 naming the owner, not relayed and not left waiting.
     */
    @Test
    void shouldAnswer502WhenTheOwnerAnswersWhatIsNoHttp() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread ownerThread = new Thread(() -> {
                try (Socket connection = garbage.accept()) {
                    readHeaders(connection.getInputStream());
                    connection.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\u0000\u00ff{\"key\":1}\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client closing first is no failure of the owner's
                }
            }, "garbage-owner");
            ownerThread.setDaemon(true);
            ownerThread.start();
            HostInfo owner = new HostInfo("127.0.0.1", garbage.getLocalPort());

            Response answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new PeerClient(
                    Duration.ofSeconds(20), LIMIT).get(owner, KEY_PATH,
                    new HostInfo("127.0.0.1", 1), false).response());

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .startsWith("{\"error\":\"cannot reach the instance that owns the key, " + owner);
        }
    }

    /**
     * An owner nothing listens at (an instance gone): the 502 says so in words of its own, where it quoted the JDK's
     * exception to the client; that goes to the log, with the forwarded request's method and path.
     */
    @Test
    void shouldAnswer502ToAnUnreachableOwnerWithoutTheJdksWordsAndLogThem() throws Exception {
        int closedPort;
        try (ServerSocket vacated = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = vacated.getLocalPort();
        }
        HostInfo gone = new HostInfo("127.0.0.1", closedPort);
        try (LogCapture log = LogCapture.of(PeerClient.class)) {
            Response answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new PeerClient(
                    Duration.ofSeconds(20), LIMIT).get(gone, KEY_PATH,
                    new HostInfo("127.0.0.1", 1), false).response());

            assertThat(answer.status()).isEqualTo(502);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"error\":\"cannot reach the instance that owns the key, " + gone + "\"}");
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("GET /keys/k forwarded to " + gone + ": no answer: java.net.ConnectException");
        }
    }

    /**
     * An owner address where another HTTP service answers (a stale application.server, a port reused by a web server):
     * its page is not relayed as if it were the key's state, but answered 502 naming the owner.
     */
    @Test
    void shouldAnswer502WhenTheOwnerAnswersWhatIsNotJson() throws Exception {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/", exchange -> {
            byte[] body = "<html><body>Welcome to nginx!</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        owner.start();
        HostInfo web = new HostInfo("127.0.0.1", owner.getAddress().getPort());

        Response answer = new PeerClient(Duration.ofSeconds(30), LIMIT).get(web,
                KEY_PATH, new HostInfo("127.0.0.1", 1), false).response();

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"the instance that owns"
                + " the key, " + web + ", answered what is not JSON (Content-Type application/json); it is not"
                + " relayed\"}");
    }

    /**
     * An owner whose JSON answer does not end (a faulty or hostile peer): the relay reads no more than the limit,
     * closes the connection, and answers 502 naming the owner, where it would read until the heap is full or the
     * query timeout passes.
     */
    @Test
    void shouldStopReadingAndAnswer502WhenTheOwnersAnswerPassesTheLimit() throws Exception {
        CountDownLatch ownerDone = new CountDownLatch(1);
        AtomicReference<Long> written = new AtomicReference<>();
        AtomicReference<IOException> cutOff = new AtomicReference<>();
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/", exchange -> {
            long sent = 0;
            try {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[8192];
                Arrays.fill(chunk, (byte) ' ');
                while (sent < ENDLESS) {
                    exchange.getResponseBody().write(chunk);
                    sent += chunk.length;
                }
                exchange.close();
            } catch (IOException e) {
                cutOff.set(e);
            } finally {
                written.set(sent);
                ownerDone.countDown();
            }
        });
        owner.start();
        HostInfo endless = new HostInfo("127.0.0.1", owner.getAddress().getPort());

        Response answer = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new PeerClient(
                Duration.ofSeconds(30), LIMIT).get(endless, KEY_PATH,
                new HostInfo("127.0.0.1", 1), false).response());

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"the instance that owns"
                + " the key, " + endless + ", answered more than 65536 bytes, more than a key's answer takes; it is"
                + " not relayed\"}");
        assertThat(ownerDone.await(30, TimeUnit.SECONDS)).as("the owner stopped writing").isTrue();
        assertThat(cutOff.get()).as("the owner's writing cut off by the closed connection, after %s bytes",
                written.get()).isNotNull();
        // what the limit lets through, and what loopback's socket buffers took besides, is far from the whole
        assertThat(written.get()).isLessThan(ENDLESS);
    }

    /** Reads a request up to the blank line after its headers; a forwarded GET has no body. */
    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended before its headers did");
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }
}

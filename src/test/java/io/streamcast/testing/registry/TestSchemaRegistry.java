package io.streamcast.testing.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.streamcast.serde.MockSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A schema registry speaking Confluent's REST API, in this JVM, on a free port of the loopback interface: for tests
 * of the registry client, and for broker tests and {@code demo} runs that need a real HTTP registry. State lives in
 * a {@link MockSchemaRegistry} ({@link #store()}), so tests can preload subjects or set compatibility levels. It
 * can require Basic or bearer authentication, serve TLS (optionally demanding a client certificate), and be told to
 * fail or stall the next requests.
 *
 * <pre>{@code
 * try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
 *     Map<String, Object> config = Map.of("schema.registry.url", registry.url());
 *     ...
 * }
 * }</pre>
 */
public final class TestSchemaRegistry implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Bound on how long a stalled request is held, so a forgotten stall cannot hang a test run. */
    private static final long STALL_LIMIT_SECONDS = 30;

    private final HttpServer server;
    private final ExecutorService executor;
    private final MockSchemaRegistry store = new MockSchemaRegistry();
    private final ConfluentApi api = new ConfluentApi(store);
    private final String expectedAuthorization;
    private final String url;
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<ConfluentApi.Answer> nextAnswer =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile int failureStatus;
    private volatile int failureErrorCode;
    /** Failures of single requests, by request ("METHOD /path?query"), before those of any request. */
    private final Map<String, Failure> requestFailures = new ConcurrentHashMap<>();
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private final AtomicInteger bodyStalls = new AtomicInteger();
    private final AtomicInteger largeAnswer = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestSchemaRegistry(Builder builder) {
        this.expectedAuthorization = builder.authorization;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (builder.tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                boolean needClientAuth = builder.needClientCertificate;
                https.setHttpsConfigurator(new HttpsConfigurator(builder.tls) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                        parameters.setNeedClientAuth(needClientAuth);
                        params.setSSLParameters(parameters);
                    }
                });
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a thread per request in flight: stalled requests, held until the close, must not keep later ones waiting
        // unrecorded (with four threads, a test that stalled each of six fetches saw only four of them arrive)
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-schema-registry");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String scheme = builder.tls == null ? "http" : "https";
        url = scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A plain HTTP registry without authentication. */
    public static TestSchemaRegistry start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}: the value of {@code schema.registry.url}. */
    public String url() {
        return url;
    }

    /** The registry's state. */
    public MockSchemaRegistry store() {
        return store;
    }

    /** Answers the next {@code count} requests with {@code status} and a Confluent error body, then serves again. */
    public void failNext(int count, int status) {
        failNext(count, status, status == 500 ? 50001 : status);
    }

    /** As {@link #failNext(int, int)}, with Confluent {@code error_code} {@code errorCode} in the body. */
    public void failNext(int count, int status, int errorCode) {
        failureStatus = status;
        failureErrorCode = errorCode;
        failuresLeft.set(count);
    }

    /**
     * As {@link #failNext(int, int)}, for the requests {@code request} alone ("METHOD /path?query", as
     * {@link #requests()} lists them, e.g. {@code "GET /schemas/ids/7"}); the others are served meanwhile, or fail as
     * {@link #failNext(int, int)} says. A count of 0 serves that request again.
     */
    public void failNextMatching(String request, int count, int status) {
        requestFailures.put(request, new Failure(new AtomicInteger(count), status, status == 500 ? 50001 : status));
    }

    /**
     * Answers the next request with status 200 and the JSON {@code body}, whatever it asks: what a registry holding
     * schemas this one cannot store (a JSON Schema or Protobuf schema, say) would answer.
     */
    public void answerNext(String body) {
        try {
            nextAnswer.set(new ConfluentApi.Answer(200,
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Holds the next {@code count} requests unanswered until the registry is closed, to provoke client timeouts. */
    public void stallNext(int count) {
        stallsLeft.set(count);
    }

    /**
     * Answers the next request with status 200 and the first bytes of a body, then holds the rest until the registry
     * is closed: a registry that stalls after its headers.
     */
    public void stallBodyOfNext() {
        bodyStalls.set(1);
    }

    /** Answers the next request with status 200 and a body of {@code bytes} bytes, sent in chunks. */
    public void answerNextWithBytes(int bytes) {
        largeAnswer.set(bytes);
    }

    /** Every request received so far, as "METHOD /path?query", oldest first. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getRawPath();
            String request = exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query);
            synchronized (this) {
                requests.add(request);
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (stallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                awaitClosing();
                return;
            }
            if (bodyStalls.getAndSet(0) > 0) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"schema\": \"".getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitClosing();
                return;
            }
            int large = largeAnswer.getAndSet(0);
            if (large > 0) {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int sent = 0; sent < large; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, large - sent));
                    }
                } catch (IOException e) {
                    // the client stopped reading: what it should do
                }
                return;
            }
            if (expectedAuthorization != null
                    && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
                send(exchange, api.error(401, 401, "Unauthorized"));
                return;
            }
            Failure failure = requestFailures.get(request);
            if (failure != null && failure.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, api.error(failure.status(), failure.errorCode(),
                        "Injected failure " + failure.status()));
                return;
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, api.error(failureStatus, failureErrorCode, "Injected failure " + failureStatus));
                return;
            }
            ConfluentApi.Answer canned = nextAnswer.getAndSet(null);
            if (canned != null) {
                send(exchange, canned);
                return;
            }
            ConfluentApi.Answer answer;
            try {
                answer = api.handle(exchange.getRequestMethod(), path, query, body);
            } catch (RuntimeException e) {
                answer = api.error(500, 50001, "Error in the backend data store: " + e);
            }
            send(exchange, answer);
        }
    }

    private void awaitClosing() {
        try {
            closing.await(STALL_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, ConfluentApi.Answer answer) throws IOException {
        byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Failure(AtomicInteger left, int status, int errorCode) {
    }

    /** Options of a {@link TestSchemaRegistry}. */
    public static final class Builder {
        private String authorization;
        private SSLContext tls;
        private boolean needClientCertificate;

        private Builder() {
        }

        /** Requires HTTP Basic authentication with this user and password. */
        public Builder basicAuth(String user, String password) {
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Requires {@code Authorization: Bearer token}. */
        public Builder bearerToken(String token) {
            authorization = "Bearer " + token;
            return this;
        }

        /** Serves HTTPS with {@code context}'s key, whose certificate must name the IP address 127.0.0.1. */
        public Builder tls(SSLContext context, boolean needClientCertificate) {
            this.tls = context;
            this.needClientCertificate = needClientCertificate;
            return this;
        }

        public TestSchemaRegistry start() {
            return new TestSchemaRegistry(this);
        }
    }
}

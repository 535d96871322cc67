package io.streamcast.app.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the instance that owns a key for its state, on behalf of a client of this instance. */
final class PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

    /** Marks a query that one instance passed to another, which must answer it itself. */
    static final String FORWARDED_BY_HEADER = "X-Streamcast-Forwarded-By";
    /**
     * Marks a forwarded query for a key's second candidate partition ({@code KeyStateLookup#secondCandidate}), which
     * the instance asked answers from that partition's store alone; without it, from the key's own partition's.
     */
    static final String CANDIDATE_HEADER = "X-Streamcast-Candidate";
    static final String SECOND_CANDIDATE = "second";

    /**
     * Forwarded queries this instance waits on at once. Why a bound: each holds one of the HTTP server's threads
     * until its owner answers (up to the timeout), and the liveness and readiness probes and the metrics scrape share
     * those threads; a burst of queries for keys of a slow owner would otherwise hold them all, the probes would time
     * out, and the orchestrator would restart a healthy instance.
     */
    static final int MAX_IN_FLIGHT = 2;

    private final HttpClient client;
    private final Duration timeout;
    private final PeerAnswerBody answerBody;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /** @param maxAnswerBytes the most bytes of an owner's answer read and relayed ({@link KeyAnswerSize}) */
    PeerClient(Duration timeout, long maxAnswerBytes) {
        this.timeout = timeout;
        this.answerBody = new PeerAnswerBody(maxAnswerBytes);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The path under which an instance answers with {@code key}'s state. */
    static String keyPath(byte[] key) {
        return KeyEndpoint.PREFIX + PercentEncoding.encode(key);
    }

    /**
     * Asks {@code owner} for {@code path} (already encoded) on behalf of a client, for the key's second candidate
     * partition when {@code secondCandidate}; the answer is relayed unchanged (status, body, Retry-After), or a
     * 502/504 says why there is none (an answer that is not JSON, or longer than a key's answer can be, is not relayed
     * but answered 502), or, {@link Answer#busy}, a 503 without asking when {@value #MAX_IN_FLIGHT} forwarded queries
     * are waiting already.
     */
    Answer get(HostInfo owner, String path, HostInfo self, boolean secondCandidate) {
        if (!inFlight.tryAcquire()) {
            return new Answer(Response.unavailable("this instance is waiting on " + MAX_IN_FLIGHT + " queries"
                    + " forwarded to the instances that own their keys already; retry"), true);
        }
        try {
            return new Answer(forward(owner, path, self, secondCandidate), false);
        } finally {
            inFlight.release();
        }
    }

    /**
     * @param response what the client hears
     * @param busy     this instance asked no one, waiting on {@value #MAX_IN_FLIGHT} forwarded queries already: its
     *                 own 503, where an owner's 503 (restoring, rebalancing) is relayed with busy false
     */
    record Answer(Response response, boolean busy) {
    }

    /** The address of {@code path} at {@code owner}; an IPv6 host (Kafka names it without brackets) in brackets. */
    static URI uri(HostInfo owner, String path) {
        return URI.create("http://" + Utils.formatAddress(owner.host(), owner.port()) + path);
    }

    private Response forward(HostInfo owner, String path, HostInfo self, boolean secondCandidate) {
        URI uri = uri(owner, path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header(FORWARDED_BY_HEADER, self.host() + ":" + self.port());
        if (secondCandidate) {
            builder.header(CANDIDATE_HEADER, SECOND_CANDIDATE);
        }
        HttpRequest request = builder.GET().build();
        // The request's own timeout ends with the owner's headers: an owner that sends them and then stalls its body
        // would hold this query, and one of the server's threads, for as long as the connection lives. The deadline
        // here covers the whole answer, body included; cancelling the exchange closes its connection.
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, answerBody);
        try {
            HttpResponse<byte[]> answer = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Response(answer.statusCode(), Response.JSON, answer.body(), retryAfter(answer));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return notInTime(owner);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return notInTime(owner);
            }
            if (e.getCause() instanceof PeerAnswerBody.Refused refused) {
                return Response.error(502, "the instance that owns the key, " + owner + ", answered "
                        + refused.getMessage() + "; it is not relayed");
            }
            // The JDK's words (java.net.ConnectException, its internals) are for the operator, not for any client
            // that can reach the port.
            LOG.warn("GET {} forwarded to {}: no answer: {}", path, owner, e.getCause().toString());
            return Response.error(502, "cannot reach the instance that owns the key, " + owner);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Response.unavailable("interrupted while asking " + owner);
        }
    }

    private Response notInTime(HostInfo owner) {
        return Response.error(504, "the instance that owns the key, " + owner + ", did not answer within "
                + timeout.toMillis() + " ms");
    }

    /**
     * The owner's Retry-After in seconds, the only form instances send; null without one, so that the client hears
     * the owner's advice as if it had asked the owner itself.
     */
    private static Duration retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value))).orElse(null);
    }
}

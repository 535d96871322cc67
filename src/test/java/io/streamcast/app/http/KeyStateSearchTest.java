package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's query for a key whose two candidate partitions other instances own: which instances are asked, and
 * whose answer is the client's. The owners are HTTP servers that count what they are asked; Kafka Streams' view of
 * who owns what is fixed, so that one instance can own both candidates, which two instances of the fixture's two
 * partitions never arrange.
 */
class KeyStateSearchTest {

    private static final byte[] KEY = "pump".getBytes(StandardCharsets.UTF_8);
    private static final String PATH = PeerClient.keyPath(KEY);
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

    @TempDir
    Path stateDir;
    private final List<HttpServer> servers = new ArrayList<>();
    private SlowOwner slowOwner;
    private KafkaStreams streams;

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
        if (slowOwner != null) {
            slowOwner.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
    }

    /**
     * The first candidate's owner cannot answer for the key (its store damaged, restoring, not reached or not in
     * time): the second candidate's owner, which holds it, answers, where the first's failure was the answer.
     */
    @Test
    void shouldAnswerFromTheSecondCandidatesOwnerWhenTheFirstsCannotAnswer() throws IOException {
        for (int failure : List.of(500, 502, 503, 504)) {
            Owner first = owner(failure);
            Owner second = owner(200);

            Response answer = search(first, second).find(KEY, PATH, null).relayed();

            assertThat(answer.status()).as("after %d", failure).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(second.body);
            assertThat(first.candidates).as("asked of the first's owner, after %d", failure)
                    .containsExactly("first");
            assertThat(second.candidates).as("asked of the second's owner, after %d", failure)
                    .containsExactly("second");
        }
    }

    /** The second's owner does not hold the key, or cannot answer either: the first's failure stays the answer. */
    @Test
    void shouldKeepTheFirstsFailureWhenTheSecondsOwnerHasNoStateForTheKey() throws IOException {
        for (int seconds : List.of(404, 500, 503)) {
            Owner first = owner(503);
            Owner second = owner(seconds);

            Response answer = search(first, second).find(KEY, PATH, null).relayed();

            assertThat(answer.status()).as("after the second's %d", seconds).isEqualTo(503);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(first.body);
            assertThat(second.candidates).as("asked of the second's owner").containsExactly("second");
        }
    }

    /**
     * One instance owns both of the key's candidates: asked once, for the first, which it answers from both
     * candidates' stores, whatever it answers; its 503 is the client's.
     */
    @Test
    void shouldNeverAskOneInstanceTwiceForOneQuery() throws IOException {
        for (int status : List.of(404, 500, 503)) {
            Owner both = owner(status);

            Response answer = search(both, both).find(KEY, PATH, null).relayed();

            assertThat(answer.status()).isEqualTo(status);
            assertThat(both.candidates).as("asked of the owner of both, answering %d", status)
                    .containsExactly("first");
        }
    }

    /**
     * This instance owns the key's first candidate and cannot read its store (here: its streams not running, as
     * while it restores): the second candidate's owner, which holds the key, answers, as it does when another
     * instance owns the first and answers 503.
     */
    @Test
    void shouldAnswerFromTheSecondCandidatesOwnerWhenThisInstanceCannotReadTheFirst() throws IOException {
        Owner second = owner(200);

        KeyStateSearch.Outcome outcome = search(SELF, second.host).find(KEY, PATH, null);

        assertThat(outcome.result()).isNull();
        assertThat(outcome.relayed().status()).isEqualTo(200);
        assertThat(new String(outcome.relayed().body(), StandardCharsets.UTF_8)).isEqualTo(second.body);
        assertThat(second.candidates).containsExactly("second");
    }

    /** Neither this instance's first candidate store nor the second's owner has the key: this one's failure. */
    @Test
    void shouldKeepThisInstancesFailureWhenTheSecondsOwnerHasNoStateForTheKey() throws IOException {
        for (int seconds : List.of(404, 500, 503)) {
            Owner second = owner(seconds);

            KeyStateSearch.Outcome outcome = search(SELF, second.host).find(KEY, PATH, null);

            assertThat(outcome.relayed()).as("after the second's %d", seconds).isNull();
            assertThat(outcome.result()).isInstanceOf(KeyStateLookup.Unavailable.class);
            assertThat(second.candidates).containsExactly("second");
        }
    }

    /** A key missing from the first candidate's owner is asked of the second's, as before. */
    @Test
    void shouldAskTheSecondCandidatesOwnerForAKeyMissingFromTheFirsts() throws IOException {
        Owner first = owner(404);
        Owner second = owner(200);

        Response answer = search(first, second).find(KEY, PATH, null).relayed();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(first.candidates).containsExactly("first");
        assertThat(second.candidates).containsExactly("second");
    }

    /**
     * This instance already waits on {@link PeerClient#MAX_IN_FLIGHT} forwarded queries, so the first candidate's
     * owner is not asked: the client hears 503 with a Retry-After at once, and the second candidate's owner is not
     * asked either, though a place is given back before it would be (one of the waiting queries answered), which
     * would add a query to an instance while the instances are overloaded.
     */
    @Test
    void shouldAnswerAtOnceAskingNoOtherInstanceWhenThisOneIsBusy() throws Exception {
        slowOwner = new SlowOwner(PeerClient.MAX_IN_FLIGHT);
        HostInfo slow = slowOwner.host();
        PeerClient peers = new PeerClient(Duration.ofSeconds(30), 65_536);
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(PeerClient.MAX_IN_FLIGHT);
        try {
            for (int i = 0; i < PeerClient.MAX_IN_FLIGHT; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> peers.get(slow, PATH, SELF, false).response(),
                        clients));
            }
            assertThat(slowOwner.awaitArrivals()).as("the waiting queries reached their owner").isTrue();
            Owner first = owner(200);
            Owner second = owner(200);
            // between the two owners' calls, one waiting query is answered and gives its place back
            Runnable onePlaceFreed = () -> {
                slowOwner.answer(1);
                CompletableFuture.anyOf(waiting.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS)
                        .join();
            };

            Response answer = search(first.host, second.host, peers, onePlaceFreed).find(KEY, PATH, null).relayed();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo(Duration.ofSeconds(2));
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("waiting on");
            assertThat(first.candidates).as("asked of the first's owner").isEmpty();
            assertThat(second.candidates).as("asked of the second's owner").isEmpty();
        } finally {
            slowOwner.answerAll();
            clients.shutdown();
        }
        for (CompletableFuture<Response> query : waiting) {
            assertThat(query.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    /** The search of an instance that owns neither candidate, the first in partition 0, the second in 1. */
    private KeyStateSearch search(Owner first, Owner second) {
        return search(first.host, second.host);
    }

    /** The search of {@link #SELF}, {@code first} owning the key's first candidate, {@code second} its second. */
    private KeyStateSearch search(HostInfo first, HostInfo second) {
        return search(first, second, new PeerClient(Duration.ofSeconds(30), 65_536), () -> { });
    }

    /**
     * The search of {@link #SELF} through {@code peers}, {@code first} owning the key's first candidate, {@code
     * second} its second; {@code onSecondCandidate} runs each time the search looks up the second's owner.
     */
    private KeyStateSearch search(HostInfo first, HostInfo second, PeerClient peers, Runnable onSecondCandidate) {
        Map<String, Object> settings = TestSettings.base();
        // no broker is needed: the streams never start
        settings.put("bootstrap.servers", "127.0.0.1:1");
        settings.put("state.dir", stateDir.toString());
        StreamcastConfig config = new StreamcastConfig(settings);
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
        streams = new Assigned(built, config, new KeyQueryMetadata(first, Set.of(), 0),
                new KeyQueryMetadata(second, Set.of(), 1), onSecondCandidate);
        KeyStateLookup lookup = new KeyStateLookup(streams, SELF, config.inputSpec(), built.keyStates(),
                built.topics().events().name());
        return new KeyStateSearch(lookup, peers);
    }

    /** An instance answering every query for a key with {@code status}, and which candidate each asked for. */
    private Owner owner(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        servers.add(server);
        Owner owner = new Owner(new HostInfo("127.0.0.1", server.getAddress().getPort()),
                "{\"answered\":" + status + ",\"port\":" + server.getAddress().getPort() + "}",
                new CopyOnWriteArrayList<>());
        server.createContext(KeyEndpoint.PREFIX, exchange -> {
            String candidate = exchange.getRequestHeaders().getFirst(PeerClient.CANDIDATE_HEADER);
            owner.candidates.add(candidate == null ? "first" : candidate);
            byte[] body = owner.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return owner;
    }

    /** @param candidates per query asked, the candidate it was for: "first", or "second" as its header names it */
    private record Owner(HostInfo host, String body, List<String> candidates) {
    }

    /**
     * Kafka Streams, never started, naming {@code first} as the key's partition and owner under murmur2 (as Java's
     * producer picks) and {@code second} under any other partitioner (librdkafka's).
     */
    private static final class Assigned extends KafkaStreams {
        private final KeyQueryMetadata first;
        private final KeyQueryMetadata second;
        private final Runnable onSecond;

        Assigned(StreamcastTopology built, StreamcastConfig config, KeyQueryMetadata first, KeyQueryMetadata second,
                 Runnable onSecond) {
            super(built.topology(), config.streamsProperties());
            this.first = first;
            this.second = second;
            this.onSecond = onSecond;
        }

        @Override
        public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer) {
            return first;
        }

        @Override
        public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key,
                                                        StreamPartitioner<? super K, ?> partitioner) {
            onSecond.run();
            return second;
        }
    }
}

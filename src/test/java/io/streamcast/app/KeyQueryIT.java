package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /keys/{key}} across two instances of one application, each owning one of two partitions. */
@ExtendWith(KafkaClusterExtension.class)
class KeyQueryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long T0 = 1_700_000_000_000L;
    /**
     * Keys and their partitions under librdkafka's default partitioner over the fixture's two partitions, computed
     * apart from the code under test: python3 -c "import zlib; print(zlib.crc32(b'pump 2') % 2)" prints 1, and for
     * b'pump 7' 0, for b'pump 3' 1 and for b'pump 4' 0. Kafka Streams (murmur2) puts pump 2 in partition 0, pump 7
     * in 0 too, pump 3 in 1 and pump 4 in 1, which each test checks.
     */
    private static final String PUMP_2 = "pump 2";
    private static final int PUMP_2_CRC32 = 1;
    private static final String PUMP_7 = "pump 7";
    private static final int PUMP_7_CRC32 = 0;
    private static final String PUMP_4 = "pump 4";
    private static final int PUMP_4_CRC32 = 0;
    private static final String PUMP_3 = "pump 3";
    private static final int PUMP_3_CRC32 = 1;

    @Test
    void shouldAnswerForAKeyOwnedByAnotherInstance(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, second));

            // Given keys spread over both instances, key i with i + 1 events, the last of value 10 * i + 0.5
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                keys.add("machine " + i + "/ü");
            }
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                for (int n = 0; n <= i; n++) {
                    records.add(app.event(keys.get(i), T0 + n * 1000L, n == i ? 10.0 * i + 0.5 : 1.0 * n));
                }
            }
            app.produce(app.topics().events().name(), records);
            app.awaitInputConsumed();

            Map<String, StreamcastNode> owners = new HashMap<>();
            for (String key : keys) {
                owners.put(key, owner(first, key).equals(hostOf(first)) ? first : second);
            }
            assertThat(owners.values()).as("keys on both instances").contains(first, second);

            // When each instance is asked about every key, then the owner's store answers, directly or forwarded
            for (StreamcastNode asked : List.of(first, second)) {
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    OpsHttp.Answer answer = OpsHttp.get(asked, "/keys/" + encode(key));
                    assertThat(answer.status()).as("%s from %s: %s", key, OpsHttp.endpoint(asked), answer.body())
                            .isEqualTo(200);
                    JsonNode body = answer.json();
                    assertThat(body.get("key").asText()).isEqualTo(key);
                    assertThat(body.get("served_by").asText()).isEqualTo(OpsHttp.endpoint(owners.get(key)));
                    assertThat(body.get("event_count").asLong()).isEqualTo(i + 1);
                    assertThat(body.get("model_version").asLong()).isZero();
                    // Without a model the forecast is persistence: the key's last value.
                    assertThat(body.get("forecast").get(0).get(0).asDouble()).isEqualTo(10.0 * i + 0.5);
                    assertThat(body.get("forecast_by").get(0).get(0).asText()).isEqualTo("persistence");
                    assertThat(body.get("forecaster_errors").get("model").get(0).get(0).isNull()).isTrue();
                    assertThat(body.get("last_event_time").asText())
                            .isEqualTo(java.time.Instant.ofEpochMilli(T0 + i * 1000L).toString());
                }
            }
        }
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownKeyAndNeverForwardAForwardedQuery(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, second));
            String remoteKey = null;
            for (int i = 0; remoteKey == null; i++) {
                if (owner(first, "k" + i).equals(hostOf(second))) {
                    remoteKey = "k" + i;
                }
            }
            app.produce(app.topics().events().name(), List.of(app.event(remoteKey, T0, 1.0)));
            app.awaitInputConsumed();

            assertThat(OpsHttp.get(first, "/keys/" + remoteKey).status()).isEqualTo(200);
            assertThat(OpsHttp.get(first, "/keys/never-seen").status()).isEqualTo(404);
            assertThat(OpsHttp.get(second, "/keys/never-seen").status()).isEqualTo(404);

            OpsHttp.Answer forwardedTwice = OpsHttp.get(URI.create("http://" + OpsHttp.endpoint(first) + "/keys/"
                    + remoteKey), Map.of("X-Streamcast-Forwarded-By", OpsHttp.endpoint(second)));
            assertThat(forwardedTwice.status()).isEqualTo(503);
            assertThat(forwardedTwice.json().get("error").asText()).contains("will not pass on");
        }
    }

    /**
     * librdkafka's default partitioner (under confluent-kafka-python and the other clients built on it) sends a key
     * to partition crc32(key) % partitions, not to the murmur2 one Kafka Streams reckons its owner by: the key is
     * predicted, and its state kept, where its records went. Asked for it, each instance answered 404, the one
     * holding it too; now each answers with its state, directly and from the console: the one holding it, the one
     * Kafka Streams names (which asks the holder), and one holding no partition (which asks the owner, then the
     * holder).
     */
    @Test
    void shouldAnswerForAKeySentToItsLibrdkafkaPartition(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            List<StreamcastNode> nodes = List.of(OpsHttp.startNode(app, Map.of()), OpsHttp.startNode(app, Map.of()),
                    OpsHttp.startNode(app, Map.of()));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> nodes.stream()
                    .allMatch(node -> node.service().streams().state() == KafkaStreams.State.RUNNING)
                    && nodes.stream().filter(node -> ownsOnePartition(app, node)).count() == 2);
            StreamcastNode holder = nodes.stream()
                    .filter(node -> ownsOnePartition(app, node) && heldEventsPartition(app, node) == PUMP_2_CRC32)
                    .findFirst().orElseThrow();
            assertThat(partition(holder, PUMP_2)).as("Kafka Streams' partition of the key").isNotEqualTo(PUMP_2_CRC32);
            produceTo(app, PUMP_2, PUMP_2_CRC32, 3);

            for (StreamcastNode asked : nodes) {
                OpsHttp.Answer answer = OpsHttp.get(asked, "/keys/" + encode(PUMP_2));
                assertThat(answer.status()).as("from %s: %s", OpsHttp.endpoint(asked), answer.body()).isEqualTo(200);
                assertThat(answer.json().get("served_by").asText()).isEqualTo(OpsHttp.endpoint(holder));
                assertThat(answer.json().get("event_count").asLong()).isEqualTo(3);
                assertThat(answer.json().get("last_partition").asInt()).isEqualTo(PUMP_2_CRC32);
                OpsHttp.Answer console = OpsHttp.get(asked, "/console/api/keys/" + encode(PUMP_2));
                assertThat(console.status()).as("console from %s: %s", OpsHttp.endpoint(asked), console.body())
                        .isEqualTo(200);
                assertThat(console.json().get("state").get("event_count").asLong()).isEqualTo(3);
                assertThat(OpsHttp.get(asked, "/keys/never-seen").status()).isEqualTo(404);
                assertThat(OpsHttp.get(asked, "/console/api/keys/never-seen").status()).isEqualTo(404);
            }
        }
    }

    /**
     * So does a single instance, which holds both partitions, for a key on its librdkafka partition; a key sent to a
     * partition that is neither of its two candidates is not searched for there.
     */
    @Test
    void shouldAnswerAloneForAKeySentToItsLibrdkafkaPartition(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> node.service().streams().state() == KafkaStreams.State.RUNNING);
            assertThat(partition(node, PUMP_2)).as("Kafka Streams' partition of the key").isNotEqualTo(PUMP_2_CRC32);
            assertThat(partition(node, PUMP_7)).as("Kafka Streams' partition of the key").isEqualTo(PUMP_7_CRC32);
            produceTo(app, PUMP_2, PUMP_2_CRC32, 1);
            produceTo(app, PUMP_7, 1 - PUMP_7_CRC32, 1);

            OpsHttp.Answer answer = OpsHttp.get(node, "/keys/" + encode(PUMP_2));

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("last_partition").asInt()).isEqualTo(PUMP_2_CRC32);
            assertThat(OpsHttp.get(node, "/console/api/keys/" + encode(PUMP_2)).status()).isEqualTo(200);
            assertThat(OpsHttp.get(node, "/keys/" + encode(PUMP_7)).status()).isEqualTo(404);
            assertThat(OpsHttp.get(node, "/console/api/keys/" + encode(PUMP_7)).status()).isEqualTo(404);
        }
    }

    /**
     * A key sent to a partition that is neither its murmur2 nor its librdkafka one (a custom partitioner, or
     * sarama's FNV-1a) is not searched for: every instance answers 404, where asking every instance in turn found
     * it, at the cost of a call to each for every key that no event reached.
     */
    @Test
    void shouldNotSearchTheOtherInstancesForAKeySentToNeitherCandidate(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, second));
            assertThat(partition(first, PUMP_7)).as("Kafka Streams' partition of the key").isEqualTo(PUMP_7_CRC32);
            produceTo(app, PUMP_7, 1 - PUMP_7_CRC32, 1);

            for (StreamcastNode asked : List.of(first, second)) {
                OpsHttp.Answer answer = OpsHttp.get(asked, "/keys/" + encode(PUMP_7));
                assertThat(answer.status()).as("from %s: %s", OpsHttp.endpoint(asked), answer.body()).isEqualTo(404);
                OpsHttp.Answer console = OpsHttp.get(asked, "/console/api/keys/" + encode(PUMP_7));
                assertThat(console.status()).as("console from %s: %s", OpsHttp.endpoint(asked), console.body())
                        .isEqualTo(404);
            }
        }
    }

    /**
     * A query for a key that no instance holds asks at most one other instance, and only the owner of one of the key's
     * two candidate partitions: where every other instance was asked in turn, each query for such a key (the
     * console asks every second) held one of the two forwarding places at each instance for up to its timeout
     * while one was down. The second instance here announces a stub as its address, which counts what it is asked.
     */
    @Test
    void shouldAskOnlyTheOwnerOfACandidateForAKeyNoInstanceHolds(KafkaCluster kafka) throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HttpServer stub = stubAnsweringNotFound(asked::incrementAndGet);
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode stubbed = startNodeAnnouncing(app, stub);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, stubbed));
            int stubs = heldEventsPartition(app, stubbed);
            assertThat(partition(first, PUMP_2)).as("Kafka Streams' partition of the key").isNotEqualTo(PUMP_2_CRC32);
            assertThat(partition(first, PUMP_3)).as("Kafka Streams' partition of the key").isEqualTo(PUMP_3_CRC32);
            assertThat(partition(first, PUMP_7)).as("Kafka Streams' partition of the key").isEqualTo(PUMP_7_CRC32);

            // pump 2's candidates are both partitions, one of them the stub's; pump 3's and pump 7's one each
            Map<String, Integer> asks = Map.of(PUMP_2, 1, PUMP_3, PUMP_3_CRC32 == stubs ? 1 : 0,
                    PUMP_7, PUMP_7_CRC32 == stubs ? 1 : 0);
            for (Map.Entry<String, Integer> key : asks.entrySet()) {
                for (String path : List.of("/keys/", "/console/api/keys/")) {
                    int before = asked.get();
                    OpsHttp.Answer answer = OpsHttp.get(first, path + encode(key.getKey()));
                    assertThat(answer.status()).as("%s%s: %s", path, key.getKey(), answer.body()).isEqualTo(404);
                    assertThat(asked.get() - before).as("instances asked for %s%s", path, key.getKey())
                            .isEqualTo(key.getValue());
                }
            }
        } finally {
            stub.stop(0);
        }
    }

    /**
     * A key whose first candidate's owner cannot answer for it (its store damaged, 500; restoring, 503) is answered
     * by the owner of its second candidate, which holds it as librdkafka's partitioner sent it there, where the
     * first's failure was the answer. That owner answers here; KeyStateSearchTest has another instance ask it, as
     * a third instance here is not always the one that holds no partition. While the second holds no state of the
     * key, the first's failure stays the answer, not the second's 404. The instance of the first candidate announces
     * a stub as its address, which counts what it is asked: once per query.
     */
    @Test
    void shouldAskTheSecondCandidatesOwnerWhenTheFirstsCannotAnswer(KafkaCluster kafka) throws IOException {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(503);
        HttpServer stub = stubAnswering(status::get, asked::incrementAndGet);
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode holder = OpsHttp.startNode(app, Map.of());
            StreamcastNode stubbed = startNodeAnnouncing(app, stub);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, stubbed) && ownsOnePartition(app, holder));
            int stubs = heldEventsPartition(app, stubbed);
            // pump 2's candidates are partitions 0 then 1, pump 4's 1 then 0
            String key = stubs == 0 ? PUMP_2 : PUMP_4;
            assertThat(partition(holder, key)).as("Kafka Streams' partition of the key").isEqualTo(stubs);
            int second = stubs == 0 ? PUMP_2_CRC32 : PUMP_4_CRC32;
            assertThat(second).isEqualTo(heldEventsPartition(app, holder));

            OpsHttp.Answer missing = OpsHttp.get(holder, "/keys/" + encode(key));
            assertThat(missing.status()).as(missing.body()).isEqualTo(503);
            assertThat(asked.get()).as("stub asked").isEqualTo(1);
            produceTo(app, key, second, 2);
            for (int failure : List.of(500, 503)) {
                status.set(failure);
                int before = asked.get();
                OpsHttp.Answer answer = OpsHttp.get(holder, "/keys/" + encode(key));
                String about = "after " + failure;
                assertThat(answer.status()).as("%s: %s", about, answer.body()).isEqualTo(200);
                assertThat(answer.json().get("served_by").asText()).as(about).isEqualTo(OpsHttp.endpoint(holder));
                assertThat(answer.json().get("event_count").asLong()).as(about).isEqualTo(2);
                assertThat(asked.get() - before).as("stub asked %s", about).isEqualTo(1);
            }
        } finally {
            stub.stop(0);
        }
    }

    /**
     * While an instance waits on as many forwarded queries as it takes (PeerClient.MAX_IN_FLIGHT, 2), a query for a
     * key missing from its first candidate partition here is answered 503, to retry, not 404 that no event of it was
     * accepted: the owner of its second candidate, which cannot be asked now, may hold it.
     */
    @Test
    void shouldAnswerUnavailableWhenTheSecondCandidatesOwnerCannotBeAskedNow(KafkaCluster kafka) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger waiting = new AtomicInteger();
        HttpServer stub = stubAnsweringNotFound(() -> {
            waiting.incrementAndGet();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of(StreamcastConfig.HTTP_QUERY_TIMEOUT_MS_CONFIG,
                    (int) WAIT.toMillis()));
            StreamcastNode stubbed = startNodeAnnouncing(app, stub);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, stubbed));
            int here = heldEventsPartition(app, first);
            // pump 2's candidates are partitions 0 then 1, pump 4's 1 then 0
            String key = here == 0 ? PUMP_2 : PUMP_4;
            assertThat(partition(first, key)).as("Kafka Streams' partition of the key").isEqualTo(here);
            assertThat(here == 0 ? PUMP_2_CRC32 : PUMP_4_CRC32).isEqualTo(1 - here);
            String remoteKey = null;
            for (int i = 0; remoteKey == null; i++) {
                if (!owner(first, "k" + i).equals(hostOf(first))) {
                    remoteKey = "k" + i;
                }
            }
            List<Future<OpsHttp.Answer>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String path = "/keys/" + remoteKey;
                held.add(clients.submit(() -> OpsHttp.get(first, path)));
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> waiting.get() == 2);

            OpsHttp.Answer answer = OpsHttp.get(first, "/keys/" + encode(key));
            OpsHttp.Answer console = OpsHttp.get(first, "/console/api/keys/" + encode(key));

            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("2");
            assertThat(console.status()).as(console.body()).isEqualTo(503);
            release.countDown();
            for (Future<OpsHttp.Answer> query : held) {
                assertThat(query.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(404);
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
            stub.stop(0);
        }
    }

    /**
     * The empty key is a key the stream accepts; the console of the instance that does not own it asks the owner in
     * a form that can name it (a path segment cannot: /console/api/keys/ names no key).
     */
    @Test
    void shouldAnswerTheConsoleForTheEmptyKeyOwnedByAnotherInstance(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, second));
            StreamcastNode owner = owner(first, "").equals(hostOf(first)) ? first : second;
            StreamcastNode other = owner == first ? second : first;
            app.produce(app.topics().events().name(), List.of(app.event("", T0, 1.0), app.event("", T0 + 1000, 2.0)));
            app.awaitInputConsumed();

            OpsHttp.Answer answer = OpsHttp.get(other, "/console/api/key?key=");

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("key").asText()).isEmpty();
            assertThat(answer.json().get("served_by").asText()).isEqualTo(OpsHttp.endpoint(owner));
            assertThat(answer.json().get("state").get("event_count").asLong()).isEqualTo(2);
        }
    }

    /**
     * Keys are bytes, and the stream takes any: Kafka's LongSerializer writes id 200 as 00 00 00 00 00 00 00 C8,
     * which ends in a byte that begins a UTF-8 character and so is not UTF-8. Such a key is asked for by its bytes,
     * percent-encoded, from either instance, directly and from the console, and answered with its state, its bytes
     * written out for people and its percent-encoded form to address it again.
     */
    @Test
    void shouldAnswerForKeysThatAreNotUtf8OwnedByEitherInstance(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ownsOnePartition(app, first) && ownsOnePartition(app, second));

            // Given ids 200 + 256 i as a LongSerializer writes them, id i with i + 1 events, the last of value i + 0.5
            List<byte[]> keys = new ArrayList<>();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] key = Serdes.Long().serializer().serialize(null, 200 + 256L * i);
                keys.add(key);
                for (int n = 0; n <= i; n++) {
                    ProducerRecord<byte[], byte[]> event = app.event("unused", T0 + n * 1000L, n == i ? i + 0.5 : n);
                    records.add(new ProducerRecord<>(event.topic(), key, event.value()));
                }
            }
            app.produce(app.topics().events().name(), records);
            app.awaitInputConsumed();
            Map<Integer, StreamcastNode> owners = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                owners.put(i, owner(first, keys.get(i)).equals(hostOf(first)) ? first : second);
            }
            assertThat(owners.values()).as("keys on both instances").contains(first, second);

            for (StreamcastNode asked : List.of(first, second)) {
                for (int i = 0; i < keys.size(); i++) {
                    // by hand: seven bytes 00 but the seventh, which is i, then C8
                    String segment = "%00%00%00%00%00%00%0" + i + "%C8";
                    String text = "\\x00\\x00\\x00\\x00\\x00\\x00\\x0" + i + "\\xC8";
                    String served = OpsHttp.endpoint(owners.get(i));

                    // When each instance is asked about the key by its bytes
                    OpsHttp.Answer answer = OpsHttp.get(asked, "/keys/" + segment);
                    OpsHttp.Answer console = OpsHttp.get(asked, "/console/api/key?key=" + segment);

                    // Then the owner's store answers, directly or forwarded
                    String about = segment + " from " + OpsHttp.endpoint(asked);
                    assertThat(answer.status()).as("%s: %s", about, answer.body()).isEqualTo(200);
                    assertThat(answer.json().get("key").asText()).as(about).isEqualTo(text);
                    assertThat(answer.json().get("key_segment").asText()).as(about).isEqualTo(segment);
                    assertThat(answer.json().get("served_by").asText()).as(about).isEqualTo(served);
                    assertThat(answer.json().get("event_count").asLong()).as(about).isEqualTo(i + 1);
                    assertThat(answer.json().get("forecast").get(0).get(0).asDouble()).as(about).isEqualTo(i + 0.5);
                    assertThat(console.status()).as("console %s: %s", about, console.body()).isEqualTo(200);
                    assertThat(console.json().get("key").asText()).as(about).isEqualTo(text);
                    assertThat(console.json().get("key_segment").asText()).as(about).isEqualTo(segment);
                    assertThat(console.json().get("served_by").asText()).as(about).isEqualTo(served);
                    assertThat(console.json().get("state").get("event_count").asLong()).as(about).isEqualTo(i + 1);
                }
            }
        }
    }

    /**
     * A key that is not UTF-8 is suggested by its written-out text as it is typed, escape cut short and all, though
     * more than the suggestions' 20 UTF-8 keys share the bytes before the escape and come before it: Latin-1's "café"
     * (63 61 66 E9) after "caf-00" to "caf-24". The UTF-8 keys that do not read as what was typed must not take its
     * place.
     */
    @Test
    void shouldSuggestAKeyThatIsNotUtf8ByItsTextPastTheUtf8KeysThatShareItsBytes(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                records.add(app.event(String.format("caf-%02d", i), T0, 1.0));
            }
            ProducerRecord<byte[], byte[]> event = app.event("unused", T0, 1.0);
            records.add(new ProducerRecord<>(event.topic(), new byte[] {'c', 'a', 'f', (byte) 0xE9}, event.value()));
            app.produce(app.topics().events().name(), records);
            app.awaitInputConsumed();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                OpsHttp.Answer all = OpsHttp.get(node, "/console/api/keys?prefix=caf");
                return all.status() == 200 && all.json().get("keys").size() == 20;
            });

            for (String typed : List.of("caf%5C", "caf%5Cx", "caf%5CxE", "caf%5CxE9")) {
                OpsHttp.Answer answer = OpsHttp.get(node, "/console/api/keys?prefix=" + typed);

                assertThat(answer.status()).as("%s: %s", typed, answer.body()).isEqualTo(200);
                assertThat(answer.json().get("keys").toString()).as(typed).isEqualTo("[\"caf\\\\xE9\"]");
                assertThat(answer.json().get("key_segments").toString()).as(typed).isEqualTo("[\"caf%E9\"]");
            }
        }
    }

    /**
     * A store's read stops at 1,000 keys with the bytes asked for, however few of them read as what was typed: with
     * 2,400 UTF-8 keys "caf-0000" to "caf-2399" before Latin-1's "café" (63 61 66 E9), "caf\" reads past more than
     * 1,000 of them in each partition's store and suggests nothing. The answer names those stores, where before it
     * looked as if no key read so, and the escape typed out reaches the key.
     */
    @Test
    void shouldNameTheStoresWhoseReadStoppedAtItsCapBeforeTheKeysTyped(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 2_400; i++) {
                records.add(app.event(String.format("caf-%04d", i), T0, 1.0));
            }
            ProducerRecord<byte[], byte[]> event = app.event("unused", T0, 1.0);
            byte[] cafe = {'c', 'a', 'f', (byte) 0xE9};
            records.add(new ProducerRecord<>(event.topic(), cafe, event.value()));
            app.produce(app.topics().events().name(), records);
            app.awaitInputConsumed();
            // the stores with more than 1,000 keys starting "caf", counted from the events topic
            Map<Integer, Set<String>> cafKeys = new TreeMap<>();
            int cafePartition = -1;
            for (ConsumerRecord<byte[], byte[]> sent : app.readAllCommitted(app.topics().events().name())) {
                if (Arrays.equals(sent.key(), cafe)) {
                    cafePartition = sent.partition();
                }
                cafKeys.computeIfAbsent(sent.partition(), p -> new HashSet<>())
                        .add(new String(sent.key(), StandardCharsets.ISO_8859_1));
            }
            List<Integer> overTheCap = cafKeys.entrySet().stream().filter(e -> e.getValue().size() > 1_000)
                    .map(Map.Entry::getKey).toList();
            assertThat(overTheCap).as("stores with more than 1,000 keys starting caf").isEqualTo(List.of(0, 1))
                    .contains(cafePartition);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                OpsHttp.Answer all = OpsHttp.get(node, "/console/api/keys?prefix=caf");
                return all.status() == 200 && all.json().get("keys").size() == 20;
            });

            OpsHttp.Answer cut = OpsHttp.get(node, "/console/api/keys?prefix=caf%5C");
            OpsHttp.Answer typedOut = OpsHttp.get(node, "/console/api/keys?prefix=caf%5CxE9");

            assertThat(cut.status()).as(cut.body()).isEqualTo(200);
            assertThat(cut.json().get("keys").toString()).as(cut.body()).isEqualTo("[]");
            assertThat(cut.json().get("keys_truncated_partitions")).as(cut.body()).isNotNull();
            List<Integer> truncated = new ArrayList<>();
            cut.json().get("keys_truncated_partitions").forEach(p -> truncated.add(p.asInt()));
            assertThat(truncated).as(cut.body()).isEqualTo(overTheCap);
            assertThat(typedOut.json().get("keys").toString()).as(typedOut.body()).isEqualTo("[\"caf\\\\xE9\"]");
            assertThat(typedOut.json().get("keys_truncated_partitions").toString()).as(typedOut.body())
                    .isEqualTo("[]");
        }
    }

    /** True once the instance runs and predicts for exactly one of the two events partitions. */
    private static boolean ownsOnePartition(StreamcastFixture app, StreamcastNode node) {
        KafkaStreams streams = node.service().streams();
        return streams.state() == KafkaStreams.State.RUNNING
                && streams.metadataForLocalThreads().stream().mapToLong(t -> eventsPartitions(app, t)).sum() == 1;
    }

    /** The events partition whose task {@code node} runs, which owns one ({@link #ownsOnePartition}). */
    private static int heldEventsPartition(StreamcastFixture app, StreamcastNode node) {
        return node.service().streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(app.topics().events().name()))
                .findFirst().orElseThrow().partition();
    }

    /** An HTTP server on a free loopback port that runs {@code onRequest}, then answers each request 404. */
    private static HttpServer stubAnsweringNotFound(Runnable onRequest) throws IOException {
        return stubAnswering(() -> 404, onRequest);
    }

    /** An HTTP server on a free loopback port that runs {@code onRequest}, then answers with {@code status}. */
    private static HttpServer stubAnswering(IntSupplier status, Runnable onRequest) throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.setExecutor(Executors.newCachedThreadPool());
        stub.createContext("/", exchange -> {
            onRequest.run();
            int answered = status.getAsInt();
            byte[] body = ("{\"error\":\"the stub's " + answered + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answered, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        return stub;
    }

    /** One more instance of {@code app}, which announces {@code stub} as its application.server. */
    private static StreamcastNode startNodeAnnouncing(StreamcastFixture app, HttpServer stub) {
        OpsHttpServer unused = OpsHttpServer.bind("127.0.0.1", 0);
        return app.startInstance(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG,
                "127.0.0.1:" + stub.getAddress().getPort()), config -> StreamcastNode.start(config, unused));
    }

    /** {@code count} events of {@code key} produced to {@code partition}, and consumed. */
    private static void produceTo(StreamcastFixture app, String key, int partition, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            ProducerRecord<byte[], byte[]> event = app.event(key, T0 + n * 1000L, 1.0 + n);
            records.add(new ProducerRecord<>(event.topic(), partition, event.key(), event.value()));
        }
        app.produce(app.topics().events().name(), records);
        app.awaitInputConsumed();
    }

    /** The partition Kafka Streams names for {@code key} (murmur2, as Java's producer picks). */
    private static int partition(StreamcastNode node, String key) {
        return node.service().streams().queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE, key,
                Serdes.String().serializer()).partition();
    }

    private static long eventsPartitions(StreamcastFixture app, ThreadMetadata thread) {
        return thread.activeTasks().stream()
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(app.topics().events().name()))
                .count();
    }

    private static HostInfo owner(StreamcastNode node, String key) {
        KeyQueryMetadata metadata = node.service().streams().queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE,
                key, Serdes.String().serializer());
        return metadata.activeHost();
    }

    private static HostInfo owner(StreamcastNode node, byte[] key) {
        return node.service().streams().queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE, key,
                Serdes.ByteArray().serializer()).activeHost();
    }

    private static HostInfo hostOf(StreamcastNode node) {
        return new HostInfo(node.httpAddress().getHostString(), node.httpAddress().getPort());
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

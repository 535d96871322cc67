package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.DamagedTables;
import io.streamcast.testing.HeadlessChromium;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rocksdb.RocksDBException;

/**
 * A table file of one partition's key-state store damaged on disk (RocksDB finds it only when it reads that part) on
 * an instance that searches every local store for a key (without {@code application.server}) and one that reads the
 * key's partition: the keys of the other partition are still answered, and those of the damaged store as unreadable
 * until an operator acts (500 without Retry-After, naming the store and what mends it), where before every key whose
 * search met the damaged store (without {@code application.server}) was an unexplained 500. The key count and the
 * search box's suggestions hold the other partition's keys and name the damaged store, and the console notes beside
 * the suggestions that they may miss keys.
 */
@ExtendWith(KafkaClusterExtension.class)
class DamagedStoreQueryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 8;
    private static final String NEITHER = "pump 3";
    private static final String SECOND = "pump 2";

    @TempDir
    Path stateDir;
    @TempDir
    Path browserProfile;

    @Test
    void shouldAnswerTheOtherPartitionsKeysWhenOneStoreCannotBeRead(KafkaCluster kafka)
            throws IOException, RocksDBException {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            Map<String, Object> settings = Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            StreamcastNode first = app.startInstance(settings,
                    config -> StreamcastNode.start(config, OpsHttpServer.bind("127.0.0.1", 0)));
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                for (int n = 0; n < 3; n++) {
                    records.add(app.event("machine-" + k, T0 + n * 1000L, k + n / 10.0));
                }
            }
            // and a key sent to partition 0, which is neither of its candidates (below)
            ProducerRecord<byte[], byte[]> elsewhere = app.event(NEITHER, T0, 1.0);
            records.add(new ProducerRecord<>(elsewhere.topic(), 0, elsewhere.key(), elsewhere.value()));
            app.produce(app.topics().events().name(), records);
            app.awaitInputConsumed();
            // closed cleanly, the stores are flushed to table files
            first.close();

            // Given the data blocks of every table file of partition 0's key-state store overwritten
            Map<Integer, List<String>> keysByPartition = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> event : app.readAllCommitted(app.topics().events().name())) {
                List<String> keys = keysByPartition.computeIfAbsent(event.partition(), p -> new ArrayList<>());
                String key = app.topics().events().keySerde().deserializer().deserialize(null, event.key());
                if (!keys.contains(key) && !key.equals(NEITHER)) {
                    keys.add(key);
                }
            }
            assertThat(keysByPartition.keySet()).as("keys in both partitions").containsExactlyInAnyOrder(0, 1);
            assertThat(DamagedTables.damage(stateDir.resolve(app.applicationId()).resolve("0_0").resolve("rocksdb")
                    .resolve(StreamcastTopology.KEY_STATE_STORE)))
                    .as("table files of partition 0's key-state store").isNotEmpty();

            // When the instance starts again on that state, without application.server and then with it
            StreamcastNode searching = app.startInstance(settings,
                    config -> StreamcastNode.start(config, OpsHttpServer.bind("127.0.0.1", 0)));
            assertAnswers(searching, keysByPartition);
            searching.close();
            StreamcastNode owning = OpsHttp.startNode(app, settings);
            assertAnswers(owning, keysByPartition);
            // A key whose two candidate partitions are both the readable 1 is answered 404: the damaged store of
            // partition 0, where its event went, is not searched for it, where searching every local store answered
            // 500. Kafka Streams puts pump 3 in partition 1, and so does librdkafka's partitioner:
            // python3 -c "import zlib; print(zlib.crc32(b'pump 3') % 2)" prints 1
            assertThat(owning.service().streams().queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE, NEITHER,
                    Serdes.String().serializer()).partition()).isEqualTo(1);
            OpsHttp.Answer missing = settledAnswer(owning, "/keys/pump%203");
            assertThat(missing.status()).as(missing.body()).isEqualTo(404);
            // A key sent to its readable second candidate, as librdkafka's partitioner sends it, is answered from
            // there although its first, the damaged partition 0, cannot be read. Kafka Streams puts pump 2 in
            // partition 0; python3 -c "import zlib; print(zlib.crc32(b'pump 2') % 2)" prints 1
            assertThat(owning.service().streams().queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE, SECOND,
                    Serdes.String().serializer()).partition()).isEqualTo(0);
            ProducerRecord<byte[], byte[]> second = app.event(SECOND, T0, 1.0);
            app.produce(app.topics().events().name(), List.of(
                    new ProducerRecord<>(second.topic(), 1, second.key(), second.value())));
            app.awaitInputConsumed();
            OpsHttp.Answer held = settledAnswer(owning, "/keys/pump%202");
            assertThat(held.status()).as(held.body()).isEqualTo(200);
            assertThat(held.json().get("event_count").asLong()).isEqualTo(1);
            assertConsoleSaysTheSuggestionsMayMissKeys(owning, keysByPartition.get(1));
        }
    }

    /**
     * Each key of partition 1 is answered from its store, and partition 0's as unreadable, a retry no help; the
     * console counts partition 1's keys and names partition 0's store as one it could not read, where before it
     * counted partition 1's keys alone as every key held.
     */
    private static void assertAnswers(StreamcastNode node, Map<Integer, List<String>> keysByPartition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> node.service().streams().state() == KafkaStreams.State.RUNNING);
        // a count taken while a rebalance still held back a partition (none counted, or one named not readable now)
        // is kept a few seconds: the next one is awaited
        JsonNode[] totals = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            totals[0] = OpsHttp.get(node, "/console/api/overview").json().get("totals");
            return !totals[0].get("keys_unreadable_partitions").isEmpty()
                    && totals[0].get("keys_unavailable_partitions").isEmpty();
        });
        assertThat(totals[0].get("keys").asLong()).as("%s", totals[0]).isEqualTo(keysByPartition.get(1).size());
        assertThat(totals[0].get("keys_unreadable_partitions").toString()).isEqualTo("[0]");
        for (String key : keysByPartition.get(1)) {
            OpsHttp.Answer answer = settledAnswer(node, "/keys/" + key);
            assertThat(answer.status()).as("%s: %s", key, answer.body()).isEqualTo(200);
            assertThat(answer.json().get("event_count").asLong()).as(key).isEqualTo(3);
        }
        for (String key : keysByPartition.get(0)) {
            OpsHttp.Answer damaged = settledAnswer(node, "/keys/" + key);
            assertThat(damaged.status()).as("%s: %s", key, damaged.body()).isEqualTo(500);
            assertThat(damaged.retryAfter()).as("%s: Retry-After", key).isNull();
            assertThat(damaged.json().get("error").asText())
                    .contains("the store of partition 0 cannot be read", "block checksum mismatch", "0_0", "removing");
        }
        // the search box's suggestions hold partition 1's keys and name partition 0's store, where before they held
        // partition 1's keys alone as if they were every key with that prefix
        OpsHttp.Answer suggested = settledAnswer(node, "/console/api/keys?prefix=machine-");
        assertThat(suggested.status()).as(suggested.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        suggested.json().get("keys").forEach(k -> keys.add(k.asText()));
        assertThat(keys).as(suggested.body()).isEqualTo(keysByPartition.get(1).stream().sorted().toList());
        assertThat(suggested.json().get("keys_unreadable_partitions")).as(suggested.body()).isNotNull();
        assertThat(suggested.json().get("keys_unreadable_partitions").toString()).isEqualTo("[0]");
    }

    /** The console notes beside the search box's suggestions that a store's keys may be missing from them. */
    private void assertConsoleSaysTheSuggestionsMayMissKeys(StreamcastNode node, List<String> readable) {
        HeadlessChromium.assumeInstalled();
        WebDriver browser = HeadlessChromium.start(browserProfile);
        try {
            browser.get("http://" + OpsHttp.endpoint(node) + "/");
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.until(b -> b.findElement(By.id("search-input"))).sendKeys("machine-");
            WebElement note = wait.until(b -> {
                WebElement shown = b.findElement(By.id("search-note"));
                return shown.isDisplayed() ? shown : null;
            });
            assertThat(note.getText()).isEqualTo("suggestions may miss keys: 1 store unreadable");
            assertThat(note.getAttribute("title")).isEqualTo("The key-state store of partition 0 could not be read"
                    + " through: keys of theirs may be missing from the suggestions");
            assertThat(browser.findElements(By.cssSelector("#key-suggestions option")).stream()
                    .map(option -> option.getAttribute("value")).toList())
                    .containsExactlyElementsOf(readable.stream().sorted().toList());
        } finally {
            browser.quit();
        }
    }

    /**
     * A key stored under another value dimension cannot be shown as it is stored: answered 500, saying so and
     * without Retry-After (asking again reads the same state), until its next event starts it afresh.
     */
    @Test
    void shouldAnswerAKeyStoredUnderOtherSettingsAsUnreadableUntilItsNextEvent(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode first = OpsHttp.startNode(app, Map.of());
            app.produce(app.topics().events().name(), List.of(app.event("machine", T0, 1.0),
                    app.event("machine", T0 + 1000, 2.0)));
            app.awaitInputConsumed();
            assertThat(settledAnswer(first, "/keys/machine").status()).as("under one value").isEqualTo(200);
            first.close();

            StreamcastNode second = OpsHttp.startNode(app, Map.of(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> second.service().streams().state() == KafkaStreams.State.RUNNING);
            OpsHttp.Answer stored = settledAnswer(second, "/keys/machine");
            assertThat(stored.status()).as(stored.body()).isEqualTo(500);
            assertThat(stored.retryAfter()).isNull();
            assertThat(stored.json().get("error").asText()).contains("stored under other settings",
                    "starts afresh with its next accepted event");

            app.produce(app.topics().events().name(), List.of(app.event("machine", T0 + 2000, 3.0, 4.0)));
            app.awaitInputConsumed();
            OpsHttp.Answer afresh = settledAnswer(second, "/keys/machine");
            assertThat(afresh.status()).as(afresh.body()).isEqualTo(200);
            assertThat(afresh.json().get("event_count").asLong()).isEqualTo(1);
        }
    }

    /**
     * The answer to {@code path} once it is not a 503, which a rebalance after the start can give for a while and
     * which asks to be retried.
     */
    private static OpsHttp.Answer settledAnswer(StreamcastNode node, String path) {
        OpsHttp.Answer[] answer = new OpsHttp.Answer[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            answer[0] = OpsHttp.get(node, path);
            return answer[0].status() != 503;
        });
        return answer[0];
    }
}

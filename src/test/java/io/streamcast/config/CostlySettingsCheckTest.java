package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings Kafka takes and an instance runs with, at a cost: start-up warns of each, naming the setting as given, its
 * value and its cost; settings that cost nothing pass without a word.
 */
class CostlySettingsCheckTest {

    private static final String EVERY_LOOP = " at every pass of its loop once a millisecond has passed since the last"
            + " commit";
    private static final String METADATA_COST = "): each of these clients takes its metadata as out of date as soon as"
            + " it has it, and asks a broker for it again as often as retry.backoff.ms (100 ms by default) lets it";
    private static final String ALL_CLIENTS = "run's admin client, Kafka Streams' admin client, Kafka Streams'"
            + " producer, Kafka Streams' main consumer, Kafka Streams' restore consumer,"
            + " Kafka Streams' global consumer";

    @TempDir
    Path dir;

    @Test
    void shouldWarnOfATransactionAtEveryLoopUnderExactlyOnce() {
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "0"))).singleElement().asString()
                .startsWith("commit.interval.ms=0: each stream thread commits a transaction (exactly-once)")
                .contains(EVERY_LOOP, "rather than every 100 ms");
    }

    @Test
    void shouldWarnOfAnOffsetCommitAtEveryLoopUnderAtLeastOnce() {
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 0,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))).singleElement().asString()
                .startsWith("commit.interval.ms=0: each stream thread commits its offsets" + EVERY_LOOP)
                .contains("rather than every 30 s");
    }

    @Test
    void shouldWarnOfAMetadataRequestAtEachBackoffNamingTheClientsItReaches() {
        assertThat(warnings(Map.of("metadata.max.age.ms", "0"))).singleElement().asString()
                .startsWith("metadata.max.age.ms=0 (given to " + ALL_CLIENTS + METADATA_COST);
    }

    @Test
    void shouldNameTheSettingAsGivenUnderAClientsPrefix() {
        assertThat(warnings(Map.of("producer.metadata.max.age.ms", 0))).singleElement().asString()
                .startsWith("producer.metadata.max.age.ms=0 (given to Kafka Streams' producer" + METADATA_COST);
        assertThat(warnings(Map.of("metadata.max.age.ms", 0, "consumer.metadata.max.age.ms", 60_000,
                "admin.metadata.max.age.ms", 60_000))).singleElement().asString()
                .startsWith("metadata.max.age.ms=0 (given to run's admin client, Kafka Streams' producer"
                        + METADATA_COST);
        assertThat(warnings(Map.of("main.consumer.metadata.max.age.ms", 0, "global.consumer.metadata.max.age.ms",
                0))).containsExactly(
                        "main.consumer.metadata.max.age.ms=0 (given to Kafka Streams' main consumer" + METADATA_COST
                                + ": about ten metadata requests a second from each, where Kafka's default asks every"
                                + " 5 minutes (Streamcast's main consumer every 30 s)",
                        "global.consumer.metadata.max.age.ms=0 (given to Kafka Streams' global consumer"
                                + METADATA_COST + ": about ten metadata requests a second from each, where Kafka's"
                                + " default asks every 5 minutes (Streamcast's main consumer every 30 s)");
    }

    /** At 1 ms a thread commits about as often as at 0: every interval below exactly-once's default is warned of. */
    @Test
    void shouldWarnOfACommitIntervalBelowExactlyOncesDefault() {
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1))).containsExactly("commit.interval.ms=1:"
                + " each stream thread commits a transaction (exactly-once), with its markers written to each partition"
                + " it wrote to, at every pass of its loop once more than 1 ms have passed since the last commit,"
                + " rather than every 100 ms, exactly-once's default; the state stores' checkpoints follow the same"
                + " interval");
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 99,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))).singleElement().asString()
                .startsWith("commit.interval.ms=99: each stream thread commits its offsets at every pass of its loop"
                        + " once more than 99 ms have passed since the last commit, rather than every 30 s");
    }

    /** Below retry.backoff.ms an age costs as much as 0, and up to a second more than a request a second. */
    @Test
    void shouldWarnOfAMetadataAgeBelowASecond() {
        assertThat(warnings(Map.of("metadata.max.age.ms", 1))).containsExactly("metadata.max.age.ms=1 (given to "
                + ALL_CLIENTS + "): each of these clients takes its metadata as out of date 1 ms after it has it, and"
                + " asks a broker for it again as often as that and retry.backoff.ms (100 ms by default) let it: more"
                + " than one metadata request a second from each, where Kafka's default asks every 5 minutes"
                + " (Streamcast's main consumer every 30 s)");
        assertThat(warnings(Map.of("producer.metadata.max.age.ms", "999"))).singleElement().asString()
                .startsWith("producer.metadata.max.age.ms=999 (given to Kafka Streams' producer): each of these"
                        + " clients takes its metadata as out of date 999 ms after it has it");
    }

    /**
     * Kafka Streams 4.4 writes its summary line only while log.summary.interval.ms is above 0: 0 and below turn it
     * off, which costs nothing. A commit interval from exactly-once's default up, and a metadata age from a second
     * up, are left alone.
     */
    @Test
    void shouldPassSettingsThatCostNothing() {
        assertThat(warnings(Map.of())).isEmpty();
        assertThat(warnings(Map.of(StreamsConfig.LOG_SUMMARY_INTERVAL_MS_CONFIG, 0))).isEmpty();
        assertThat(warnings(Map.of(StreamsConfig.LOG_SUMMARY_INTERVAL_MS_CONFIG, -1))).isEmpty();
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100, "metadata.max.age.ms", 1_000)))
                .isEmpty();
        assertThat(warnings(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))).isEmpty();
    }

    /** run's checks and the instance's build warn through requireRunnable, once its refusals have passed. */
    @Test
    void shouldWarnAsTheSettingsAreCheckedForARun() {
        try (LogCapture log = LogCapture.of(CostlySettingsCheck.class)) {
            config(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 0)).requireRunnable();

            assertThat(log.warnings()).singleElement().asString().startsWith("commit.interval.ms=0: ");
        }
    }

    private List<String> warnings(Map<String, Object> given) {
        return CostlySettingsCheck.warnings(config(given).streamsProperties());
    }

    private StreamcastConfig config(Map<String, Object> given) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        settings.putAll(given);
        return new StreamcastConfig(settings);
    }
}

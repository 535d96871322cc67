package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final Topic<String, TrainingRoundReport> rounds = StreamcastTopics.from(config,
            AvroSerdes.create(config.registrySettings())).trainingRounds();

    private byte[] report(long startedAt) {
        return rounds.serializeValue(RoundReports.failed("m", startedAt, 10, 5, 1, 0, new IllegalStateException("x")));
    }

    /** A record that cannot be read (garbage on the topic) is passed over rather than hiding every report after it. */
    @Test
    void shouldPassOverAReportThatCannotBeRead() {
        List<KeyValue<Long, byte[]>> newestFirst = List.of(KeyValue.pair(9L, report(3_000)),
                KeyValue.pair(8L, "not a report".getBytes(StandardCharsets.UTF_8)), KeyValue.pair(7L, report(2_000)),
                KeyValue.pair(6L, report(1_000)));

        assertThat(TrainingHistory.newest(newestFirst.iterator(), rounds, 2))
                .extracting(r -> r.getStartedAt().toEpochMilli()).containsExactly(3_000L, 2_000L);
    }

    /**
     * Every instance's training-rounds store keeps the newest {@link TrainingHistoryProcessor#KEPT} reports, keyed by
     * offset; a tombstone on the topic is not a report.
     */
    @Test
    void shouldKeepTheNewestReportsByOffsetInTheGlobalStore() {
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        try (TopologyTestDriver driver = new TopologyTestDriver(built.topology(), config.streamsProperties())) {
            TestInputTopic<byte[], byte[]> topic = driver.createInputTopic(rounds.name(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            int sent = TrainingHistoryProcessor.KEPT + 2;
            for (int i = 0; i < sent; i++) {
                topic.pipeInput(new byte[0], report(1_000L * i));
            }
            topic.pipeInput(new byte[0], (byte[]) null);

            KeyValueStore<Long, byte[]> store = driver.getKeyValueStore(StreamcastTopology.TRAINING_ROUNDS_STORE);
            List<Long> offsets = new ArrayList<>();
            try (KeyValueIterator<Long, byte[]> all = store.all()) {
                all.forEachRemaining(entry -> offsets.add(entry.key));
            }
            // offsets 0 and 1, the oldest, are gone; 2 to KEPT + 1 stay; the tombstone (offset KEPT + 2) adds none
            assertThat(offsets).hasSize(TrainingHistoryProcessor.KEPT).startsWith(2L, 3L)
                    .endsWith((long) sent - 1);
            try (KeyValueIterator<Long, byte[]> newestFirst = store.reverseAll()) {
                assertThat(TrainingHistory.newest(newestFirst, rounds, 1))
                        .extracting(r -> r.getStartedAt().toEpochMilli()).containsExactly(1_000L * (sent - 1));
            }
        }
    }
}

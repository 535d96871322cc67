package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
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
}

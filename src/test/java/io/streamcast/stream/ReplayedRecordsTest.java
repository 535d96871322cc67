package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A record its key has applied, read again from the same partition at or before the key's last offset (the consumer
 * group's offsets reset), is refused as replayed under exactly-once, and the key's state stays as it was; judged by
 * its time alone, it was applied a second time whenever it lay within the late-event grace.
 */
class ReplayedRecordsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final byte[] KEY = "a".getBytes(StandardCharsets.UTF_8);

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final KeyValueStore<byte[], byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(StreamcastTopology.KEY_STATE_STORE), Serdes.ByteArray(), Serdes.ByteArray())
            .withLoggingDisabled().build();
    private final RecentActivity recent = new RecentActivity(0, 8, 8, 8);

    private PredictProcessor predictor(boolean replaysRefused) {
        context.setCurrentSystemTimeMs(T0 + 10 * MINUTE);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        PredictProcessor predictor = new PredictProcessor(topics, new ModelCatalog(
                config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(),
                StreamcastMetrics.discarding()), config.predictorSettings(), StreamcastMetrics.discarding(),
                recent, SendLimits.of(config.streamsProperties()),
                new SecondsForMilliseconds(), replaysRefused);
        predictor.init(context);
        return predictor;
    }

    /** The events at minutes 0, 1 and 2 read from offsets 0, 1 and 2 of partition 3. */
    private void applyThreeEvents(PredictProcessor predictor) {
        for (int i = 0; i < 3; i++) {
            process(predictor, 3, i, T0 + i * MINUTE, 10.0 + i);
        }
        context.resetForwards();
    }

    private void process(PredictProcessor predictor, int partition, long offset, long eventTime, double value) {
        context.setRecordMetadata(topics.events().name(), partition, offset);
        predictor.process(new Record<>(KEY, topics.events().serializeValue(
                new Event(Instant.ofEpochMilli(eventTime), List.of(value))), eventTime));
    }

    private List<CapturedForward<? extends byte[], ? extends byte[]>> forwardedTo(String sink) {
        return context.forwarded().stream().filter(f -> sink.equals(f.childName().orElse(null))).toList();
    }

    private static String header(CapturedForward<? extends byte[], ? extends byte[]> forward, String name) {
        Header header = forward.record().headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseARecordReadAgainAtAnOffsetTheKeyHasAppliedAndKeepItsState() {
        PredictProcessor predictor = predictor(true);
        applyThreeEvents(predictor);
        byte[] before = store.get(KEY);

        process(predictor, 3, 1, T0 + MINUTE, 11.0);
        process(predictor, 3, 2, T0 + 2 * MINUTE, 12.0);

        assertThat(forwardedTo(StreamcastTopology.PREDICTIONS_SINK)).isEmpty();
        assertThat(forwardedTo(StreamcastTopology.DEAD_LETTERS_SINK)).hasSize(2).allSatisfy(dead -> {
            assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("replayed");
            assertThat(header(dead, DeadLetters.MESSAGE_HEADER))
                    .contains("partition 3", "at or before offset 2, the last record the key applied");
        });
        assertThat(store.get(KEY)).isEqualTo(before);
    }

    /**
     * An aborted transaction rolls the key's state back to its start (here: after offset 0), and its records, read
     * again, are applied again: the console's series of the key shows each event once, as first processed.
     */
    @Test
    void shouldShowTheEventsOfAnAbortedTransactionOnceInTheConsole() {
        PredictProcessor predictor = predictor(true);
        process(predictor, 3, 0, T0, 10.0);
        byte[] committed = store.get(KEY);
        process(predictor, 3, 1, T0 + MINUTE, 11.0);
        process(predictor, 3, 2, T0 + 2 * MINUTE, 12.0);
        context.resetForwards();

        store.put(KEY, committed);
        process(predictor, 3, 1, T0 + MINUTE, 11.0);
        process(predictor, 3, 2, T0 + 2 * MINUTE, 12.0);

        assertThat(forwardedTo(StreamcastTopology.PREDICTIONS_SINK)).as("applied again").hasSize(2);
        assertThat(recent.series(KEY).orElseThrow().times()).containsExactly(T0, T0 + MINUTE, T0 + 2 * MINUTE);
    }

    @Test
    void shouldNameARecordReadAgainReplayedWhenItIsAlsoLaterThanTheGrace() {
        PredictProcessor predictor = predictor(true);
        context.setCurrentSystemTimeMs(T0 + 3 * HOUR);
        process(predictor, 3, 0, T0, 10.0);
        process(predictor, 3, 1, T0 + 2 * HOUR, 11.0);
        context.resetForwards();

        process(predictor, 3, 0, T0, 10.0);

        assertThat(forwardedTo(StreamcastTopology.DEAD_LETTERS_SINK)).extracting(
                dead -> header(dead, DeadLetters.REASON_HEADER)).containsExactly("replayed");
    }

    @Test
    void shouldPredictTheRecordAfterTheKeysLastAsBefore() {
        PredictProcessor predictor = predictor(true);
        applyThreeEvents(predictor);

        process(predictor, 3, 3, T0 + 2 * MINUTE, 12.0);

        assertThat(forwardedTo(StreamcastTopology.PREDICTIONS_SINK)).as("an event at the same time, a new record")
                .hasSize(1);
    }

    @Test
    void shouldApplyARecordOfAnotherPartitionOrOfATopicNumberedAfreshWhoseEventIsLater() {
        PredictProcessor predictor = predictor(true);
        applyThreeEvents(predictor);

        // the key moved to another partition (partitions added), then the topic was created again: offsets from 0
        process(predictor, 5, 0, T0 + MINUTE, 11.0);
        process(predictor, 5, 0, T0 + 3 * MINUTE, 13.0);

        List<Prediction> predicted = forwardedTo(StreamcastTopology.PREDICTIONS_SINK).stream()
                .map(f -> topics.predictions().deserializeValue(f.record().value())).toList();
        assertThat(predicted).extracting(p -> p.getObserved().get(0)).containsExactly(11.0, 13.0);
        assertThat(forwardedTo(StreamcastTopology.DEAD_LETTERS_SINK)).isEmpty();
    }

    @Test
    void shouldApplyARecordReadAgainUnderAtLeastOnceWhosePredictionMayNotHaveBeenSent() {
        PredictProcessor predictor = predictor(false);
        applyThreeEvents(predictor);

        process(predictor, 3, 2, T0 + 2 * MINUTE, 12.0);

        assertThat(forwardedTo(StreamcastTopology.PREDICTIONS_SINK)).hasSize(1);
        assertThat(forwardedTo(StreamcastTopology.DEAD_LETTERS_SINK)).isEmpty();
    }
}

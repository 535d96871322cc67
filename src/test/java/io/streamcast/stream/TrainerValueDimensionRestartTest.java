package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer restarted with a mistaken {@code value.dimension} keeps the windows stored under the right one, on the
 * trainer's own RocksDB stores, and a restart with the right setting trains on them again.
 */
class TrainerValueDimensionRestartTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int MIN_WINDOWS = 40;

    @TempDir
    Path stateDir;

    private static StreamcastConfig config(int valueDimension) {
        Map<String, Object> settings = TestSettings.smallTrainer(MIN_WINDOWS);
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, valueDimension);
        return new StreamcastConfig(settings);
    }

    /** One life of the trainer's task: its stores opened on the same directory, its processor made afresh. */
    private final class Life implements AutoCloseable {

        final StreamcastConfig config;
        final StreamcastTopics topics;
        final ManualExecutor executor = new ManualExecutor();
        final MockProcessorContext<byte[], byte[]> context;
        final List<StateStore> stores = new ArrayList<>();
        final KeyValueStore<Bytes, TrainingSample> windows;
        final KeyValueStore<String, Long> progress;
        final TrainerProcessor trainer;

        Life(int valueDimension) {
            config = config(valueDimension);
            topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
            Properties properties = new Properties();
            properties.putAll(config.streamsProperties());
            context = new MockProcessorContext<>(properties, new TaskId(0, 0), stateDir.toFile());
            windows = open(TrainerStores.windows(Stores.persistentKeyValueStore(
                    StreamcastTopology.TRAINING_SET_STORE)).withLoggingDisabled().build());
            progress = open(TrainerStores.progress(Stores.persistentKeyValueStore(
                    StreamcastTopology.TRAINER_PROGRESS_STORE)).withLoggingDisabled().build());
            open(TrainerStores.outcome(Stores.persistentKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE))
                    .withLoggingDisabled().build());
            ModelCatalog models = new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG),
                    config.inputSpec(), StreamcastMetrics.discarding());
            trainer = new TrainerProcessor(topics, models, config.inputSpec(), config.trainerSettings(),
                    StreamcastMetrics.discarding(), () -> executor, CpuShare.UNLIMITED);
        }

        private <S extends StateStore> S open(S store) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
            return store;
        }

        void send(TrainingSample window) {
            trainer.process(new Record<>(window.getKey().getBytes(StandardCharsets.UTF_8),
                    topics.trainingSamples().serializeValue(window), T0));
        }

        void tick() {
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0);
        }

        @Override
        public void close() {
            trainer.close();
            stores.forEach(StateStore::close);
        }
    }

    /** The first {@code count} windows of two values per event, taken from the four keys in turn. */
    private static List<TrainingSample> twoValueWindows(int count) {
        List<TrainingSample> all = PeriodicKeyWindows.of(config(2).predictorSettings(), 2);
        int perKey = all.size() / 4;
        List<TrainingSample> taken = new ArrayList<>();
        for (int i = 0; taken.size() < count; i++) {
            taken.add(all.get((i % 4) * perKey + i / 4));
        }
        return taken;
    }

    @Test
    void shouldKeepTheWindowsOfAnotherValueDimensionUntrainedOnAndTrainOnThemUnderTheirOwnAgain() {
        List<TrainingSample> sent = twoValueWindows(MIN_WINDOWS);
        assertThat(sent).extracting(TrainingSample::getValueDimension).containsOnly(2);
        try (Life first = new Life(2)) {
            first.trainer.init(first.context);
            sent.forEach(first::send);
            assertThat(first.windows.approximateNumEntries()).as("stored at value.dimension=2").isEqualTo(MIN_WINDOWS);
        }

        try (Life mistaken = new Life(3); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            mistaken.trainer.init(mistaken.context);
            assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                    .startsWith("Keeping 40 stored training windows of another value.dimension than 3"));
            mistaken.tick();
            assertThat(mistaken.executor.pending()).as("no round on windows it cannot read").isZero();
            assertThat(log.messages()).noneMatch(message -> message.startsWith("Training round started"));
        }

        try (Life right = new Life(2); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            right.trainer.init(right.context);
            assertThat(right.windows.approximateNumEntries()).isEqualTo(MIN_WINDOWS);
            right.tick();
            assertThat(right.executor.pending()).as("the round on the kept windows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
        }
    }

    /**
     * Windows sent by predictors of another value.dimension than a trainer's mistaken one (instances still on the old
     * setting during a rolling restart, or windows left on the topic) are kept as the stored ones are, when they hold
     * fewer values per event: a restart with the right setting trains on them.
     */
    @Test
    void shouldKeepArrivingWindowsOfFewerValuesUntrainedOnAndTrainOnThemUnderTheirOwnValueDimension() {
        try (Life mistaken = new Life(3); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            mistaken.trainer.init(mistaken.context);
            twoValueWindows(MIN_WINDOWS).forEach(mistaken::send);
            assertThat(mistaken.windows.approximateNumEntries()).as("kept").isEqualTo(MIN_WINDOWS);
            assertThat(mistaken.progress.get("new.samples")).as("none a round here can use").isNull();
            mistaken.tick();
            assertThat(mistaken.executor.pending()).as("no round on windows it cannot read").isZero();
            assertThat(log.messages()).noneMatch(message -> message.startsWith("Training round started"));
        }

        try (Life right = new Life(2); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            right.trainer.init(right.context);
            right.tick();
            assertThat(right.executor.pending()).as("the round on the kept windows").isEqualTo(1);
            assertThat(log.messages()).contains("Training round started on 40 windows from 4 keys against the"
                    + " fallback");
        }
    }

    /**
     * A window of more values per event than the trainer's value.dimension is still skipped as it arrives: it may be
     * larger than the largest record start-up measured the training set's changelog and the producer against.
     */
    @Test
    void shouldSkipArrivingWindowsOfMoreValuesThanTheValueDimension() {
        try (Life smaller = new Life(1); LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            smaller.trainer.init(smaller.context);
            twoValueWindows(4).forEach(smaller::send);
            assertThat(smaller.windows.approximateNumEntries()).isZero();
            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith("Skipping a training window"))
                    .hasSize(4);
        }
    }
}

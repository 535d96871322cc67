package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Training windows the trainer cannot read neither stop it nor reach its store. */
class TrainerStoredWindowsTest {

    private static final long T0 = 1_700_000_000_000L;

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private KeyValueStore<String, Long> progress;
    private final TrainerProcessor trainer = new TrainerProcessor(topics, new ModelCatalog(
            config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(), StreamcastMetrics.discarding()),
            config.inputSpec(), config.trainerSettings(), StreamcastMetrics.discarding(), ManualExecutor::new,
            CpuShare.UNLIMITED);

    private static <S extends StateStore> S register(MockProcessorContext<?, ?> context, S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private KeyValueStore<Bytes, TrainingSample> windowsStore(Serializer<TrainingSample> writer) {
        return windowsStore(writer, TrainerStores.counters().serializer());
    }

    /** The trainer's stores, read as the trainer reads them, written by the given serializers. */
    private KeyValueStore<Bytes, TrainingSample> windowsStore(Serializer<TrainingSample> writer,
                                                              Serializer<Long> counterWriter) {
        progress = register(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                StreamcastTopology.TRAINER_PROGRESS_STORE), Serdes.String(),
                Serdes.serdeFrom(counterWriter, TrainerStores.counters().deserializer()))
                .withLoggingDisabled().build());
        register(context, TrainerStores.outcome(Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE))
                .withLoggingDisabled().build());
        return register(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                StreamcastTopology.TRAINING_SET_STORE), Serdes.Bytes(),
                Serdes.serdeFrom(writer, TrainingSampleSerde.forStore().deserializer())).withLoggingDisabled().build());
    }

    private static Bytes id(long id) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    }

    private List<TrainingSample> windows(int count) {
        KeyStep step = new KeyStep(config.predictorSettings());
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        List<TrainingSample> windows = new ArrayList<>();
        for (int i = 0; windows.size() < count; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {Math.sin(i / 3.0)}, null, result);
            if (result.trainingWindowDue()) {
                windows.add(step.trainingSample("k" + windows.size(), state));
            }
        }
        return windows;
    }

    /**
     * A stored window of a later release's format (the store as it is after a rollback) is dropped when the trainer
     * starts; thrown from its start-up, it stopped every instance that took over the trainer's task.
     */
    @Test
    void shouldDropAStoredWindowOfALaterFormatWhenItStarts() {
        Serializer<TrainingSample> laterForKey1 = (topic, sample) -> {
            byte[] bytes = TrainingSampleCodec.encode(sample);
            if (sample.getKey().equals("k1")) {
                bytes[1] = 99;
            }
            return bytes;
        };
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(laterForKey1);
        List<TrainingSample> windows = windows(3);
        for (int i = 0; i < windows.size(); i++) {
            store.put(id(i), windows.get(i));
        }
        assertThat(store.approximateNumEntries()).isEqualTo(3);

        trainer.init(context);

        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(store.get(id(0)).getKey()).isEqualTo("k0");
        assertThat(store.get(id(2)).getKey()).isEqualTo("k2");
    }

    /**
     * A window of a release before windows carried raw values (the golden window of format version 1, as such a
     * release sent it) is skipped: storing it failed, and dead-lettered it as a processing error.
     */
    @Test
    void shouldSkipAWindowWithoutRawValues() throws IOException {
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(
                (topic, sample) -> TrainingSampleCodec.encode(sample));
        trainer.init(context);
        byte[] earlier = Files.readAllBytes(Path.of("src/test/resources/golden/training-sample-sections-v1.bin"));
        TrainingSample current = windows(1).get(0);

        trainer.process(new Record<>("k0".getBytes(StandardCharsets.UTF_8), earlier, T0));
        trainer.process(new Record<>("k0".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(current), T0));

        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.get(id(0)).getKey()).isEqualTo("k0");
    }

    /**
     * Keys that no trainer writes, appended to the store's changelog by hand: one of three bytes and a negative id.
     * Read as numbers they stopped the trainer's start-up, on every instance that took its task over; they are
     * dropped, and the windows under real ids kept.
     */
    @Test
    void shouldDropStoredKeysThatAreNoWindowIdWhenItStarts() {
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(
                (topic, sample) -> TrainingSampleCodec.encode(sample));
        List<TrainingSample> windows = windows(4);
        store.put(id(0), windows.get(0));
        store.put(Bytes.wrap(new byte[] {1, 2, 3}), windows.get(1));
        store.put(id(-5), windows.get(2));
        store.put(id(7), windows.get(3));

        trainer.init(context);

        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(store.get(id(0)).getKey()).isEqualTo("k0");
        assertThat(store.get(id(7)).getKey()).isEqualTo("k3");
    }

    /**
     * A counter the trainer cannot read (four bytes) reads as absent and is deleted when the trainer starts (read on
     * every tick, it would be warned about each time), and a next-id counter that is not above the stored
     * windows' ids (lost with its changelog, or written by hand) is raised above them: a new window overwrote the
     * stored window of the same id, and the training set refused the id, failing every window that followed.
     */
    @Test
    void shouldStoreNewWindowsAboveTheStoredOnesWhateverTheStoredNextIdSays() {
        Serializer<Long> fourBytesForMinusOne = (topic, value) -> value == -1
                ? new byte[] {0, 0, 0, 1} : TrainerStores.counters().serializer().serialize(topic, value);
        KeyValueStore<Bytes, TrainingSample> store =
                windowsStore((topic, sample) -> TrainingSampleCodec.encode(sample), fourBytesForMinusOne);
        List<TrainingSample> windows = windows(4);
        store.put(id(0), windows.get(0));
        store.put(id(1), windows.get(1));
        progress.put(TrainerProcessor.NEXT_ID, -1L);
        progress.put("rounds", -1L);
        assertThat(progress.get(TrainerProcessor.NEXT_ID)).as("the four bytes read as absent").isNull();
        assertThat(progress.approximateNumEntries()).isEqualTo(2);

        trainer.init(context);
        trainer.process(new Record<>("k2".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(2)), T0));
        trainer.process(new Record<>("k3".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(3)), T0));

        assertThat(store.approximateNumEntries()).isEqualTo(4);
        assertThat(store.get(id(0)).getKey()).isEqualTo("k0");
        assertThat(store.get(id(1)).getKey()).isEqualTo("k1");
        assertThat(store.get(id(2)).getKey()).isEqualTo("k2");
        assertThat(store.get(id(3)).getKey()).isEqualTo("k3");
        assertThat(progress.get(TrainerProcessor.NEXT_ID)).isEqualTo(4L);
        List<String> counters = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = progress.all()) {
            all.forEachRemaining(entry -> counters.add(entry.key));
        }
        assertThat(counters).as("the unreadable counter deleted").doesNotContain("rounds");
    }

    /**
     * A window stored under the largest id (appended to the changelog by hand): the next id after it does not fit a
     * long, and read as the smallest it was refused by the training set, failing the window, and the trainer's task,
     * again after every restart. No trainer writes that id; the window is dropped and the trainer goes on from 0.
     */
    @Test
    void shouldDropAWindowStoredUnderTheLargestIdAndGoOnStoringNewWindows() {
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(
                (topic, sample) -> TrainingSampleCodec.encode(sample));
        List<TrainingSample> windows = windows(3);
        store.put(id(Long.MAX_VALUE), windows.get(0));

        trainer.init(context);
        trainer.process(new Record<>("k1".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(1)), T0));
        trainer.process(new Record<>("k2".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(2)), T0));

        assertThat(store.get(id(Long.MAX_VALUE))).isNull();
        assertThat(store.get(id(0)).getKey()).isEqualTo("k1");
        assertThat(store.get(id(1)).getKey()).isEqualTo("k2");
        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(progress.get(TrainerProcessor.NEXT_ID)).isEqualTo(2L);
    }

    /**
     * A next-id counter at the largest long (written by hand): the window after the one stored under it got the
     * smallest id, which the training set refused, failing the trainer's task after every restart. The counter is
     * taken as not written by the trainer, and ids go on above the stored windows'.
     */
    @Test
    void shouldStartIdsAfreshFromACounterAtTheLargestLong() {
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(
                (topic, sample) -> TrainingSampleCodec.encode(sample));
        List<TrainingSample> windows = windows(3);
        store.put(id(4), windows.get(0));
        progress.put(TrainerProcessor.NEXT_ID, Long.MAX_VALUE);

        trainer.init(context);
        trainer.process(new Record<>("k1".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(1)), T0));
        trainer.process(new Record<>("k2".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(windows.get(2)), T0));

        assertThat(store.get(id(4)).getKey()).isEqualTo("k0");
        assertThat(store.get(id(5)).getKey()).isEqualTo("k1");
        assertThat(store.get(id(6)).getKey()).isEqualTo("k2");
        assertThat(store.approximateNumEntries()).isEqualTo(3);
        assertThat(progress.get(TrainerProcessor.NEXT_ID)).isEqualTo(7L);
    }

    /**
     * Stored windows no round of these settings can use do not count towards a round when the trainer starts: the
     * first round waits for training.min.samples windows these settings can use. Here 5 hold a negative variance
     * (no round can use them under any settings; dropped), and 4 hold 2 values per event where value.dimension is now
     * 1 (kept, for a restart under the value.dimension they were stored under); counted, the 9 of them would start a
     * round on 39 usable windows, as if the 40 it needs were there. The 5 of 48 rows where history.length is now 24
     * are usable, as their last 24 rows, and count.
     */
    @Test
    void shouldCountNoStoredWindowTheSettingsNoLongerTakeInTowardsTheFirstRound() {
        int minWindows = 40;
        StreamcastConfig small = new StreamcastConfig(TestSettings.smallTrainer(minWindows));
        Map<String, Object> longer = TestSettings.smallTrainer(minWindows);
        longer.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 48);
        Map<String, Object> twoValues = TestSettings.smallTrainer(minWindows);
        twoValues.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        KeyValueStore<Bytes, TrainingSample> store = windowsStore(
                (topic, sample) -> TrainingSampleCodec.encode(sample));
        List<TrainingSample> fits = PeriodicKeyWindows.of(small.predictorSettings());
        long next = 0;
        for (TrainingSample window : fits.subList(fits.size() - 5, fits.size())) {
            ByteBuffer scalers = ByteBuffer.allocate(window.getScalers().remaining()).order(ByteOrder.LITTLE_ENDIAN);
            scalers.put(window.getScalers().duplicate()).flip();
            scalers.putDouble(8, -1);
            store.put(id(next++), TrainingSample.newBuilder(window).setScalers(scalers).build());
        }
        for (TrainingSample window : PeriodicKeyWindows.of(new StreamcastConfig(longer).predictorSettings())
                .subList(0, 5)) {
            assertThat(window.getTimes().remaining()).as("a stored window's rows").isEqualTo(48 * Long.BYTES);
            store.put(id(next++), window);
        }
        for (TrainingSample window : fits.subList(0, minWindows - 6)) {
            store.put(id(next++), window);
        }
        for (TrainingSample window : PeriodicKeyWindows.of(new StreamcastConfig(twoValues).predictorSettings(), 2)
                .subList(0, 4)) {
            assertThat(window.getValueDimension()).isEqualTo(2);
            store.put(id(next++), window);
        }
        assertThat(store.approximateNumEntries()).isEqualTo(48);
        ManualExecutor executor = new ManualExecutor();
        TrainerProcessor smallTrainer = new TrainerProcessor(topics, new ModelCatalog(
                small.getString(StreamcastConfig.MODEL_NAME_CONFIG), small.inputSpec(), StreamcastMetrics.discarding()),
                small.inputSpec(), small.trainerSettings(), StreamcastMetrics.discarding(), () -> executor,
                CpuShare.UNLIMITED);

        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            smallTrainer.init(context);
            assertThat(log.warnings()).contains("Dropped 5 stored training windows no round can use (without raw"
                    + " values, or with values or scaling statistics no round can use)");
            assertThat(log.warnings()).contains("Training on the last 24 rows of 5 stored training windows longer"
                    + " than history.length=24: the store keeps them whole, and a restart with the history.length they"
                    + " were stored under trains on them whole again");
            assertThat(log.warnings()).contains("Keeping 4 stored training windows of another value.dimension than 1"
                    + " untrained on: a restart with the value.dimension they were stored under trains on them again;"
                    + " they give way to new windows as any window does");
        }
        assertThat(store.approximateNumEntries()).as("the 39 windows of one value, and the 4 of two").isEqualTo(43);
        assertThat(store.get(id(5)).getTimes().remaining()).as("kept whole").isEqualTo(48 * Long.BYTES);
        assertThat(store.get(id(0))).isNull();
        assertThat(store.get(id(5))).isNotNull();
        assertThat(store.get(id(47))).isNotNull();
        MockProcessorContext.CapturedPunctuator tick = context.scheduledPunctuators().get(0);
        tick.getPunctuator().punctuate(T0);
        assertThat(executor.pending()).as("one usable window short of training.min.samples").isZero();

        TrainingSample fortieth = fits.get(minWindows - 6);
        smallTrainer.process(new Record<>(fortieth.getKey().getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(fortieth), T0));
        tick.getPunctuator().punctuate(T0 + TrainerProcessor.TICK.toMillis());
        assertThat(executor.pending()).as("the round on the 40th usable window").isEqualTo(1);
    }
}

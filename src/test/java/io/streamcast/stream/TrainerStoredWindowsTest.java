package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.lstm.CpuShare;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Training windows the trainer cannot read neither stop it nor reach its store. */
class TrainerStoredWindowsTest {

    private static final long T0 = 1_700_000_000_000L;

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final TrainerProcessor trainer = new TrainerProcessor(topics, new ModelCatalog(
            config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(), StreamcastMetrics.discarding()),
            config.inputSpec(), config.trainerSettings(), StreamcastMetrics.discarding(), ManualExecutor::new,
            CpuShare.UNLIMITED);

    private static <S extends StateStore> S register(MockProcessorContext<?, ?> context, S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private KeyValueStore<Long, TrainingSample> windowsStore(Serializer<TrainingSample> writer) {
        register(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                StreamcastTopology.TRAINER_PROGRESS_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build());
        return register(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                StreamcastTopology.TRAINING_SET_STORE), Serdes.Long(),
                Serdes.serdeFrom(writer, TrainingSampleSerde.forStore().deserializer())).withLoggingDisabled().build());
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
        KeyValueStore<Long, TrainingSample> store = windowsStore(laterForKey1);
        List<TrainingSample> windows = windows(3);
        for (int i = 0; i < windows.size(); i++) {
            store.put((long) i, windows.get(i));
        }
        assertThat(store.approximateNumEntries()).isEqualTo(3);

        trainer.init(context);

        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(store.get(0L).getKey()).isEqualTo("k0");
        assertThat(store.get(2L).getKey()).isEqualTo("k2");
    }

    /**
     * A window of a release before windows carried raw values (the golden window of format version 1, as such a
     * release sent it) is skipped: storing it failed, and dead-lettered it as a processing error.
     */
    @Test
    void shouldSkipAWindowWithoutRawValues() throws IOException {
        KeyValueStore<Long, TrainingSample> store = windowsStore((topic, sample) -> TrainingSampleCodec.encode(sample));
        trainer.init(context);
        byte[] earlier = Files.readAllBytes(Path.of("src/test/resources/golden/training-sample-sections-v1.bin"));
        TrainingSample current = windows(1).get(0);

        trainer.process(new Record<>("k0".getBytes(StandardCharsets.UTF_8), earlier, T0));
        trainer.process(new Record<>("k0".getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(current), T0));

        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.get(0L).getKey()).isEqualTo("k0");
    }
}

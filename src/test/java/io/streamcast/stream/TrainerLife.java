package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.ManualExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One life of the trainer's task under {@code config}: its RocksDB stores opened on {@code stateDir}, as a restarted
 * instance opens them, and its processor made afresh. Lives on the same directory one after another are restarts.
 */
final class TrainerLife implements AutoCloseable {

    static final long T0 = 1_700_000_000_000L;

    final StreamcastConfig config;
    final StreamcastTopics topics;
    final ManualExecutor executor = new ManualExecutor();
    final MockProcessorContext<byte[], byte[]> context;
    final List<StateStore> stores = new ArrayList<>();
    final KeyValueStore<Bytes, TrainingSample> windows;
    final KeyValueStore<String, Long> progress;
    final TrainerProcessor trainer;

    TrainerLife(StreamcastConfig config, Path stateDir) {
        this.config = config;
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

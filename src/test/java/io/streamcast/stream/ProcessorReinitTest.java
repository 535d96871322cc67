package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.recent.RecentActivity;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams calls {@code init} again on the same processor object when it revives a corrupted task under
 * exactly-once; a processor must then behave as if it were new.
 */
class ProcessorReinitTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int HORIZON = 3;
    private static final int MIN_WINDOWS = 20;
    private static final long INTERVAL_MS = 1_000;

    private final StreamcastConfig config = new StreamcastConfig(settings());
    private final AvroSerdes serdes = AvroSerdes.create(config.registrySettings());
    private final StreamcastTopics topics = StreamcastTopics.from(config, serdes);
    private final ModelCatalog models = new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG),
            config.inputSpec(), StreamcastMetrics.discarding());

    private static Map<String, Object> settings() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.FORECAST_HORIZON_CONFIG, HORIZON);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 8);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 1);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, MIN_WINDOWS);
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, MIN_WINDOWS);
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, INTERVAL_MS);
        return settings;
    }

    private static <S extends StateStore> S register(MockProcessorContext<?, ?> context, S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @Test
    void shouldForecastExactlyTheHorizonAfterThePredictorIsInitialisedTwice() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0);
        register(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StreamcastTopology.KEY_STATE_STORE),
                Serdes.ByteArray(), Serdes.ByteArray()).withLoggingDisabled().build());
        PredictProcessor predictor = new PredictProcessor(topics, models, config.predictorSettings(),
                StreamcastMetrics.discarding(), new RecentActivity(0, 8, 8, 8),
                SendLimits.of(config.streamsProperties()), new SecondsForMilliseconds(), true);

        predictor.init(context);
        predictor.init(context);
        for (int i = 0; i < 3; i++) {
            predictor.process(new Record<>("a".getBytes(StandardCharsets.UTF_8), topics.events().serializeValue(
                    new Event(Instant.ofEpochMilli(T0 + i * 60_000L), List.of(10.0 + i))), T0 + i * 60_000L));
        }

        List<Prediction> predictions = context.forwarded().stream()
                .filter(f -> StreamcastTopology.PREDICTIONS_SINK.equals(f.childName().orElse(null)))
                .map(f -> topics.predictions().deserializeValue(f.record().value()))
                .toList();
        assertThat(predictions).hasSize(3).allSatisfy(p ->
                assertThat(p.getForecast()).hasSize(HORIZON).allSatisfy(row -> assertThat(row).hasSize(1)));
    }

    @Test
    void shouldDropTheRunningRoundAndTrainOnANewExecutorAfterTheTrainerIsInitialisedTwice() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        register(context, TrainerStores.windows(Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINING_SET_STORE))
                .withLoggingDisabled().build());
        KeyValueStore<String, Long> progress = register(context, TrainerStores.progress(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE)).withLoggingDisabled().build());
        register(context, TrainerStores.outcome(Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE))
                .withLoggingDisabled().build());
        List<ManualExecutor> executors = new ArrayList<>();
        TrainerProcessor trainer = new TrainerProcessor(topics, models, config.inputSpec(), config.trainerSettings(),
                StreamcastMetrics.discarding(), () -> {
                    ManualExecutor executor = new ManualExecutor();
                    executors.add(executor);
                    return executor;
                }, CpuShare.UNLIMITED);
        List<TrainingSample> windows = windows();

        trainer.init(context);
        windows.subList(0, MIN_WINDOWS).forEach(w -> trainer.process(record(w)));
        tick(context, T0);
        assertThat(executors.get(0).pending()).as("a round started").isEqualTo(1);

        trainer.init(context);
        windows.subList(MIN_WINDOWS, 2 * MIN_WINDOWS).forEach(w -> trainer.process(record(w)));
        tick(context, T0 + INTERVAL_MS);

        assertThat(executors).hasSize(2);
        assertThat(executors.get(1).pending()).as("the next round runs on the new executor").isEqualTo(1);
        assertThat(executors.get(0).isShutdown()).as("the first life's executor is stopped").isTrue();
        assertThat(progress.get(TrainerProcessor.NEXT_ID)).isEqualTo(2L * MIN_WINDOWS);
    }

    /** Fires the trainer's live punctuations, as the stream thread would at wall-clock time {@code now}. */
    private static void tick(MockProcessorContext<byte[], byte[]> context, long now) {
        for (CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            if (!punctuator.cancelled()) {
                punctuator.getPunctuator().punctuate(now);
            }
        }
    }

    private Record<byte[], byte[]> record(TrainingSample window) {
        return new Record<>(window.getKey().getBytes(StandardCharsets.UTF_8),
                topics.trainingSamples().serializeValue(window), T0);
    }

    private List<TrainingSample> windows() {
        KeyStep step = new KeyStep(config.predictorSettings());
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        List<TrainingSample> windows = new ArrayList<>();
        for (int i = 0; windows.size() < 2 * MIN_WINDOWS; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {Math.sin(i / 3.0)}, null, result);
            if (result.trainingWindowDue()) {
                windows.add(step.trainingSample("a", state));
            }
        }
        return windows;
    }
}

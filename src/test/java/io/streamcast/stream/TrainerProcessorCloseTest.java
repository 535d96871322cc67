package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.lstm.CpuShare;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Lives of the trainer on one set of stores, as a task moves between instances: each closed cleanly (a rolling
 * restart, a rebalance) while its first round runs. Only a process that stops during a round may count against
 * starting the next; the guard against a round that kills the process must not stop training after two restarts.
 */
class TrainerProcessorCloseTest {

    private static final int MIN_WINDOWS = 40;

    @Test
    void shouldStartAFirstRoundInEveryLifeWhenEachEarlierOneClosedCleanlyDuringIts() {
        StreamcastConfig config = new StreamcastConfig(TestSettings.smallTrainer(MIN_WINDOWS));
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        List<TrainingSample> windows = PeriodicKeyWindows.of(config.predictorSettings());
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, TrainingSample> windowStore = TrainerStores.windows(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINING_SET_STORE)).withLoggingDisabled().build();
        KeyValueStore<String, Long> progress = TrainerStores.progress(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE)).withLoggingDisabled().build();
        windowStore.init(context.getStateStoreContext(), windowStore);
        progress.init(context.getStateStoreContext(), progress);
        context.addStateStore(windowStore);
        context.addStateStore(progress);

        List<Integer> roundsStarted = new ArrayList<>();
        long now = 1_000_000L;
        for (int life = 0; life < 3; life++) {
            ManualExecutor executor = new ManualExecutor();
            TrainerProcessor trainer = new TrainerProcessor(built.topics(), built.models(), config.inputSpec(),
                    config.trainerSettings(), StreamcastMetrics.discarding(), () -> executor, CpuShare.UNLIMITED);
            trainer.init(context);
            for (int i = 0; i < MIN_WINDOWS; i++) {
                TrainingSample window = windows.get((life * MIN_WINDOWS + i) % windows.size());
                trainer.process(new Record<>(window.getKey().getBytes(StandardCharsets.UTF_8),
                        built.topics().trainingSamples().serializeValue(window), 0L));
            }
            now += 60_000;
            // this life's tick: the context keeps the closed lives' schedules before it
            List<MockProcessorContext.CapturedPunctuator> ticks = context.scheduledPunctuators();
            ticks.get(ticks.size() - 1).getPunctuator().punctuate(now);
            roundsStarted.add(executor.pending());

            trainer.close();
        }

        assertThat(roundsStarted).containsExactly(1, 1, 1);
    }
}

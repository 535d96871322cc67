package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.schema.TrainingReport;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.TrainerSettings;
import io.streamcast.training.TrainingRound;
import io.streamcast.training.TrainingSchedule;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A round's winner is kept in the trainer's outcome store, and its changelog, until it is published. The start-up
 * record-size check holds that changelog to the bound of the largest snapshot the trainer publishes: a kept record
 * above that bound would pass the check and then be refused by the broker, at every round, after every restart.
 */
class KeptWinnerSizeTest {

    /** The producer's max.request.size by default, which the check holds every record to. */
    private static final long DEFAULT_LIMIT = 1_048_576;

    @Test
    void shouldKeepAWinnerOfTheDefaultSizeWithinTheBoundTheStartUpCheckUses() {
        assertKeptWithinTheCheckedBound(new StreamcastConfig(TestSettings.base()));
    }

    @Test
    void shouldKeepAWinnerOfTheLargestSizeTheStartUpCheckAllowsWithinTheBoundItUses() {
        assertKeptWithinTheCheckedBound(largestAllowed(1));
    }

    @Test
    void shouldKeepAWinnerOfTheLargestTwoLayerSizeTheStartUpCheckAllowsWithinTheBoundItUses() {
        assertKeptWithinTheCheckedBound(largestAllowed(2));
    }

    /**
     * Settles a winner of each input choice the trainer tries, at the configured size, as the trainer does at a round's
     * end, keeps it as the trainer does, and compares the bytes kept under the winner's key with the bound the check
     * applies to the outcome changelog.
     */
    private static void assertKeptWithinTheCheckedBound(StreamcastConfig config) {
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        String outcomeChangelog = RecordSizeCheck.changelog(config, StreamcastTopology.TRAINER_OUTCOME_STORE);
        RecordSizeCheck.LargestRecord checked = RecordSizeCheck.largestRecords(config).stream()
                .filter(record -> record.topics().contains(outcomeChangelog))
                .findFirst().orElseThrow();
        TrainerSettings trainer = config.trainerSettings();
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        // a wall clock in 2100: the snapshot's time takes as many bytes as it will for decades
        context.setCurrentSystemTimeMs(4_102_444_800_000L);
        RoundOutcomeWriter writer = new RoundOutcomeWriter(context, built.topics(), built.models(),
                TrainingSchedule.onWallClock(trainer, TrainingSchedule.Progress.inMemory()),
                StreamcastMetrics.discarding(), config.inputSpec(), trainer);
        KeyValueStore<String, byte[]> store = TrainerStores.outcome(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        PendingOutcome pending = new PendingOutcome(store);

        for (InputSpec spec : trainer.choices().specs(config.inputSpec())) {
            LstmModel network = LstmModel.initialise(spec.inputSize(), trainer.hiddenSize(), trainer.layers(),
                    spec.outputSize(), 7);
            // the report's numbers at their longest encodings, beyond what a round can reach
            TrainingReport report = TrainingReport.newBuilder().setTrainLoss(0.5).setValidationLoss(0.25)
                    .setChampionVersion(Long.MAX_VALUE).setChampionValidationLoss(0.5).setSamples(Long.MAX_VALUE)
                    .setEpochs(Integer.MAX_VALUE).setDurationMs(Long.MAX_VALUE)
                    .setHyperparameters(trainer.describe()).build();
            TrainingRound.Outcome won = new TrainingRound.Outcome(TrainingRound.Verdict.PUBLISH, network, spec,
                    report, 0.25, 0.5, 0.5, Integer.MAX_VALUE, Long.MAX_VALUE, "all " + spec);
            pending.save(writer.settle(new RoundOutcomeWriter.EndedRound(CompletableFuture.completedFuture(won),
                    null, 4_102_444_800_000L, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)));

            byte[] kept = store.get(PendingOutcome.WINNER);
            assertThat(kept).as("the winner reading %s, kept", spec).isNotNull();
            assertThat((long) kept.length).as("the kept winner reading %s, against the checked bound", spec)
                    .isGreaterThan(4L * network.parameterCount())
                    .isLessThanOrEqualTo(checked.bytes());
        }
        assertThat(checked.fits(DEFAULT_LIMIT)).as("the settings, allowed by the check").isTrue();
    }

    /**
     * Settings with the largest model.hidden.size the start-up check allows for {@code layers} layers under the
     * default max.request.size: one unit more is refused.
     */
    private static StreamcastConfig largestAllowed(int layers) {
        int allowed = 1;
        int refused = 4097;
        while (refused - allowed > 1) {
            int hidden = (allowed + refused) >>> 1;
            if (allows(settings(hidden, layers))) {
                allowed = hidden;
            } else {
                refused = hidden;
            }
        }
        assertThat(refused).as("a size the check refuses, for %d layers", layers).isLessThanOrEqualTo(4096);
        StreamcastConfig next = settings(refused, layers);
        assertThatThrownBy(() -> RecordSizeCheck.requireFit(next)).isInstanceOf(ConfigException.class);
        return settings(allowed, layers);
    }

    private static boolean allows(StreamcastConfig config) {
        try {
            RecordSizeCheck.requireFit(config);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    private static StreamcastConfig settings(int hidden, int layers) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, hidden);
        settings.put(StreamcastConfig.MODEL_LAYERS_CONFIG, layers);
        return new StreamcastConfig(settings);
    }
}

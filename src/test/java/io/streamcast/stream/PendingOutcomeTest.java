package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The trainer's kept outcome as its store, rebuilt from the changelog, holds it. */
class PendingOutcomeTest {

    private final KeyValueStore<String, byte[]> store = store();
    private final PendingOutcome pending = new PendingOutcome(store);

    @Test
    void shouldReadBackAReportKeptWithoutAWinnerItsFirstAttemptCounted() {
        TrainingRoundReport report = TrainingRoundReport.newBuilder().setModelName("m")
                .setStartedAt(Instant.ofEpochMilli(1_000_000L)).setDurationMs(5).setVerdict("not_better")
                .setWindows(40).setKeys(1).setTrainLoss(0.5).setCandidateLoss(0.4).setReferenceLoss(0.3)
                .setReferenceVersion(2).setPublishedVersion(0).build();

        pending.save(new PendingOutcome.Outcome(report, null));

        assertThat(pending.present()).isTrue();
        assertThat(pending.attempts()).isEqualTo(1);
        assertThat(pending.read()).isEqualTo(new PendingOutcome.Outcome(report, null));
    }

    /**
     * Bytes this release cannot read (appended to the changelog by hand, or written by a release with another schema)
     * are dropped, said in a warning: kept, they would hold back every round after them, on every instance.
     */
    @Test
    void shouldDropAKeptOutcomeThisReleaseCannotRead() {
        store.put(PendingOutcome.REPORT, "not a report".getBytes(StandardCharsets.UTF_8));
        pending.attempts(2);

        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            assertThat(pending.read()).isNull();
            assertThat(log.warnings()).singleElement().asString().startsWith("Dropping the stored report and winner"
                    + " of a training round that this release cannot read: ");
        }
        assertThat(pending.present()).isFalse();
        assertThat(store.get(PendingOutcome.ATTEMPTS)).isNull();
    }

    private static KeyValueStore<String, byte[]> store() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = TrainerStores.outcome(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}

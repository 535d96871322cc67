package io.streamcast.stream;

import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.TrustedSchemaClasses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report and winner of a training round whose end the trainer has recorded and which are yet to be written to
 * their topics, kept in the trainer's changelogged outcome store. They are stored in the transaction that records the
 * round's end and deleted in the one that writes them, so that a write that aborts (the models topic refuses the
 * record, a commit fails), a rebalance that moves the trainer or a crash between the two leaves them for a later tick
 * or for the task's next owner, and the round's end is never lost with its output.
 *
 * <p>Each is held in Avro's single-object encoding, the schema classes' own, not the registry's: storing waits on no
 * registry. The winner's snapshot holds version 0 until it is published, when it gets its version. The attempts count
 * the lives of the trainer that set out to write them, each committed before its write.
 */
final class PendingOutcome {

    /** The trainer's logger: these lines are the trainer's, and logging settings and log readers know them by it. */
    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    static final String REPORT = "report";
    static final String WINNER = "winner";
    static final String ATTEMPTS = "attempts";

    private final KeyValueStore<String, byte[]> store;

    PendingOutcome(KeyValueStore<String, byte[]> store) {
        this.store = store;
        // reads the schema classes directly, not through the serdes, which tell Avro to trust them
        TrustedSchemaClasses.install();
    }

    /** A round's report (not published) and the snapshot of its winner, or null when it has none to publish. */
    record Outcome(TrainingRoundReport report, ModelSnapshot winner) {
    }

    /** Keeps {@code outcome} as the one to write, its first attempt counted. */
    void save(Outcome outcome) {
        try {
            store.put(REPORT, Utils.toArray(outcome.report().toByteBuffer()));
            if (outcome.winner() == null) {
                store.delete(WINNER);
            } else {
                store.put(WINNER, Utils.toArray(outcome.winner().toByteBuffer()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attempts(1);
    }

    boolean present() {
        return store.get(REPORT) != null;
    }

    /** The lives of the trainer that set out to write the outcome kept. */
    long attempts() {
        byte[] bytes = store.get(ATTEMPTS);
        return bytes == null || bytes.length != Long.BYTES ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    void attempts(long attempts) {
        store.put(ATTEMPTS, ByteBuffer.allocate(Long.BYTES).putLong(attempts).array());
    }

    /**
     * The outcome kept, or null when none is; one this release cannot read (written by another release, or appended
     * to the changelog by hand) is deleted, said in a warning: kept, it would stop every round after it.
     */
    Outcome read() {
        byte[] report = store.get(REPORT);
        if (report == null) {
            return null;
        }
        byte[] winner = store.get(WINNER);
        try {
            return new Outcome(TrainingRoundReport.fromByteBuffer(ByteBuffer.wrap(report)),
                    winner == null ? null : ModelSnapshot.fromByteBuffer(ByteBuffer.wrap(winner)));
        } catch (IOException | AvroRuntimeException e) {
            LOG.warn("Dropping the stored report and winner of a training round that this release cannot read: {}",
                    e.getMessage());
            clear();
            return null;
        }
    }

    void clear() {
        store.delete(REPORT);
        store.delete(WINNER);
        store.delete(ATTEMPTS);
    }
}

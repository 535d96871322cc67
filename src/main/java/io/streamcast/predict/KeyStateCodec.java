package io.streamcast.predict;

import io.streamcast.codec.SectionedCodec;
import io.streamcast.codec.UndecodableStateException;
import java.util.List;

/**
 * The stored form of a key's state: Streamcast's own sectioned binary format ({@link KeyStateSections} lists the
 * sections), with no schema registry involved, so storing and loading a state never waits on a network call.
 * States stored by earlier releases in the registry-framed Avro format are still read ({@link LegacyKeyState})
 * and come back in the current format at their next store.
 *
 * <p>Encoding and decoding allocate nothing but the returned array. Not thread-safe: one per stream thread.
 */
public final class KeyStateCodec {

    /** First byte of every stored state in the sectioned format; the registry format's first byte is 0. */
    static final int MAGIC = 0xC5;
    private static final int FORMAT_VERSION = 1;
    /** The longest recurrent state a stored key state holds: a model whose network has a longer one cannot be used. */
    public static final int MAX_LSTM_STATE = KeyStateSections.MAX_LSTM_STATE;

    /** How a stored state was taken in. */
    public enum Outcome {
        /** There was none: a key never seen. */
        NEW,
        /** Read completely. */
        LOADED,
        /**
         * Read, but a component whose section was missing, newer, of another size or stored for other forecast values
         * starts afresh.
         */
        PARTLY_RESET,
        /**
         * Written for another value dimension (in an earlier release's format, also for another history length or
         * forecast shape): the key starts afresh.
         */
        RESET,
        /** Read from the format of earlier releases; the next store writes the current format. */
        MIGRATED
    }

    private List<String> unfit = List.of();
    private final SectionedCodec<KeyMemory> codec =
            new SectionedCodec<>(MAGIC, FORMAT_VERSION, KeyStateSections.all());

    /**
     * Loads {@code stored} (null for a key never seen) into {@code memory}, which is overwritten whatever the
     * outcome.
     *
     * @throws UndecodableStateException when the bytes are no key state Streamcast ever wrote
     */
    public Outcome decode(byte[] stored, KeyMemory memory) {
        unfit = List.of();
        if (stored == null) {
            memory.reset();
            return Outcome.NEW;
        }
        memory.reset();
        if (LegacyKeyState.recognises(stored)) {
            return LegacyKeyState.read(stored, memory) ? Outcome.MIGRATED : reset(memory);
        }
        Outcome outcome = switch (codec.decode(stored, memory)) {
            case LOADED -> Outcome.LOADED;
            case PARTLY_RESET -> Outcome.PARTLY_RESET;
            case RESET -> reset(memory);
        };
        // copied only when something was reset: a state read whole, as at nearly every event, allocates nothing here
        unfit = outcome == Outcome.LOADED ? List.of() : codec.unfitSections();
        return outcome;
    }

    /**
     * The sections of the state last decoded that were absent or did not fit the settings, and so were reset; empty
     * after a state of an earlier release's format, which is read whole or not at all.
     */
    public List<String> unfitSections() {
        return unfit;
    }

    /** What did not fit in the state last decoded, for people: the sections, or an earlier release's state. */
    public String describeUnfit() {
        return unfit.isEmpty() ? "an earlier release's state that could not be read"
                : "sections that did not fit: " + String.join(", ", unfit);
    }

    private static Outcome reset(KeyMemory memory) {
        memory.reset();
        return Outcome.RESET;
    }

    /** The stored form of {@code memory}. */
    public byte[] encode(KeyMemory memory) {
        return codec.encode(memory);
    }
}

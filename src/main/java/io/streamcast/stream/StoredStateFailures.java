package io.streamcast.stream;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts, per key, the events in a row whose application to the key's stored state threw, so that {@link
 * PredictProcessor} can give up a state that fails every event: such a state is never stored again (a failed event
 * stores nothing), so without this its key would fail for good.
 *
 * <p>At most {@value #TRACKED} keys are tracked, the one whose failure was counted longest ago forgotten first: a
 * stuck key fails at each of its events, so it stays near the front. Held in memory only and built afresh with the
 * processor, so that failures counted in a transaction that was then aborted are not counted again when its records
 * are read again; a key forgotten, or failing across a restart, takes its failures again before it is given up.
 */
final class StoredStateFailures {

    /** Keys tracked at most: up to 512 bytes each, a few megabytes at the worst. */
    static final int TRACKED = 10_000;
    /**
     * The failure in a row at which the key's stored state is given up and its event applied to a fresh state. Not
     * 1: an event that fails for a reason of its own, on a sound state, then costs that one event, not all that the
     * key has learnt (its history, rhythms and statistics, weeks of events). Not much more: each failure is an event
     * dead-lettered, and a state that fails every event would otherwise stop the key for good. Three tells a state
     * that fails whatever the event from one or two bad events, and costs two events before the key goes on.
     */
    static final int GIVE_UP_AT = 3;

    private final Map<ByteBuffer, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Integer> eldest) {
            return size() > TRACKED;
        }
    };

    /**
     * Counts a failure of the stored state of {@code key}; whether it is the {@value #GIVE_UP_AT}th in a row or a
     * later one, so that the state is to be given up.
     */
    boolean failedAgain(byte[] key) {
        int inARow = failures.merge(ByteBuffer.wrap(key.clone()), 1, (before, one) -> Math.min(before + 1,
                GIVE_UP_AT));
        return inARow >= GIVE_UP_AT;
    }

    /** Forgets the failures of {@code key}, whose event was applied and stored. */
    void succeeded(byte[] key) {
        // nearly always empty: an event stored then allocates nothing here
        if (!failures.isEmpty()) {
            failures.remove(ByteBuffer.wrap(key));
        }
    }

    /** Keys whose failures are counted now. */
    int tracked() {
        return failures.size();
    }
}

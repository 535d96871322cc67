package io.streamcast.predict;

/**
 * Recognises a record its key has read before. Kafka numbers a partition's records with ever larger offsets, and a
 * key's records all come from one partition, so a record at or before the offset of the last one the key applied was
 * read already (and applied, or refused): it is read again because the consumer group's offsets were reset, say.
 * Judged by its time alone, such a record within the late-event grace was applied a second time. Its event time must
 * not be after the key's latest either: a topic deleted and created again numbers its records from 0 anew, and its
 * new events, later than any the key has seen, are no replay.
 */
public final class InputPosition {

    /** The partition and offset of a key that has applied no record from a stream. */
    public static final int NONE = -1;

    private InputPosition() {
    }

    /** Whether the record at {@code offset} of {@code partition}, of event time {@code eventTime}, was read before. */
    public static boolean readBefore(KeyMemory state, int partition, long offset, long eventTime) {
        return state.lastOffset != NONE && partition == state.lastPartition && offset <= state.lastOffset
                && eventTime <= state.lastEventTime;
    }

    /** Notes that the key has applied the record at {@code offset} of {@code partition}. */
    public static void apply(KeyMemory state, int partition, long offset) {
        state.lastPartition = partition;
        state.lastOffset = offset;
    }
}

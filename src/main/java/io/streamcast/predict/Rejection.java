package io.streamcast.predict;

/** Why an input record was refused and sent to the dead-letter topic; {@link #code()} goes in its headers. */
public enum Rejection {
    /** The value is not a readable Event in the registry wire format. */
    UNPARSEABLE("unparseable"),
    /** The value names a writer schema that is unknown or cannot be read as an Event. */
    SCHEMA_MISMATCH("schema-mismatch"),
    /** The record has no key, so it belongs to no entity. */
    NULL_KEY("null-key"),
    /** The record has no value (a tombstone), so there is nothing to observe. */
    NULL_VALUE("null-value"),
    /**
     * The record's key (entity id) is longer than {@code MAX_KEY_BYTES}: the key goes into every prediction and
     * training window twice (record key and value), and a record grown past the producer's limit would stop the
     * instance on this record after every restart.
     */
    KEY_TOO_LONG("key-too-long"),
    /** A value is NaN or infinite. */
    NON_FINITE_VALUE("non-finite-value"),
    /**
     * A value's magnitude exceeds {@link KeyStep#MAX_MAGNITUDE}: a sentinel such as {@code Double.MAX_VALUE} or a
     * wrong unit, whose squared deviations would overflow the key's single-precision statistics for good.
     */
    VALUE_OUT_OF_RANGE("value-out-of-range"),
    /** The event has a different number of values than the configured value dimension. */
    WRONG_DIMENSION("wrong-dimension"),
    /**
     * The event time is earlier than the latest event time its key has seen, and the late-event policy refuses it
     * (every late event, or one later than the grace period).
     */
    OUT_OF_ORDER("out-of-order"),
    /**
     * The record was read before ({@link InputPosition}): it lies at or before the offset of the last record its key
     * applied, and its event time is not after the key's latest (the consumer group's offsets were reset). Judged
     * under exactly-once only.
     */
    REPLAYED("replayed"),
    /** The event time is further ahead of the wall clock than the limit allows. */
    FAR_FUTURE("far-future"),
    /**
     * The event time is before the year 1 ({@link EventTimePolicy#EARLIEST_EVENT_TIME}): a wrong unit or a sentinel
     * such as {@code Long.MIN_VALUE}, and a prediction carrying it stops consumers whose clients read the time as a
     * date (Python's Avro reader fails on it), at that record, again after every restart.
     */
    FAR_PAST("far-past"),
    /**
     * Processing the record failed unexpectedly (a bug on a rare input): it is set aside so that it cannot stop
     * the instance again and again; the message header carries the first line of the stack trace.
     */
    PROCESSING_ERROR("processing-error");

    private final String code;

    Rejection(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

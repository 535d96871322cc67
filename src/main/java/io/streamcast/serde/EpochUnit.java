package io.streamcast.serde;

import java.time.Instant;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a {@code timestamp-millis} of ours is written where the writer schema (the subject's latest version, without
 * the strict check) has another long that counts time from the epoch: a plain {@code long} takes its epoch
 * milliseconds, the very bytes our own schema writes; a {@code timestamp-micros} or {@code timestamp-nanos} the same
 * instant in its own unit, exactly, so that a reader of the latest version reads the instant we meant. A
 * {@code local-timestamp-*}, a wall time without a zone, is not one: which zone's wall time it should hold is the
 * consumer's to say, and such a field fails its record.
 */
enum EpochUnit {
    MILLISECONDS("epoch milliseconds"),
    MICROSECONDS("epoch microseconds"),
    NANOSECONDS("epoch nanoseconds");

    private final String description;

    EpochUnit(String description) {
        this.description = description;
    }

    /**
     * The unit a value of {@code own} is written in under {@code writer}; null when {@code own} is no
     * {@code timestamp-millis} or {@code writer} no long counting from the epoch in a unit other than ours.
     */
    static EpochUnit writing(Schema own, Schema writer) {
        if (own.getType() != Schema.Type.LONG || !(own.getLogicalType() instanceof LogicalTypes.TimestampMillis)
                || writer.getType() != Schema.Type.LONG) {
            return null;
        }
        LogicalType latest = writer.getLogicalType();
        if (latest == null) {
            return MILLISECONDS;
        }
        if (latest instanceof LogicalTypes.TimestampMicros) {
            return MICROSECONDS;
        }
        return latest instanceof LogicalTypes.TimestampNanos ? NANOSECONDS : null;
    }

    /**
     * {@code instant} in this unit.
     *
     * @throws ArithmeticException when it does not fit a long (nanoseconds hold instants up to the year 2262)
     */
    long of(Instant instant) {
        return switch (this) {
            case MILLISECONDS -> instant.toEpochMilli();
            case MICROSECONDS -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000L);
            case NANOSECONDS -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
                    instant.getNano());
        };
    }

    @Override
    public String toString() {
        return description;
    }
}

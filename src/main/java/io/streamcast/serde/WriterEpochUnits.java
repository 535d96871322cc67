package io.streamcast.serde;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a writer counts the time in a field that the reader reads as a {@code timestamp-millis}. Avro resolves the
 * long beneath a logical type and converts it by the reader's logical type alone, so a writer that declares its
 * time a {@code timestamp-micros} (as a Python producer may, its datetimes holding microseconds) was read as
 * milliseconds: a time of today read as the year 58,000, its every record refused as far in the future.
 */
final class WriterEpochUnits {

    private WriterEpochUnits() {
    }

    /**
     * How many of the writer's units make a millisecond in the reader's top-level field {@code field}: 1000 where
     * the writer's long is a {@code timestamp-micros}, 1,000,000 for a {@code timestamp-nanos}, else 1 (a plain long,
     * a {@code timestamp-millis}, or a field the writer lacks or does not write as a long: Avro refuses those, or
     * reads them as it does).
     */
    static long perMilli(Schema writer, Schema reader, String field) {
        Schema record = writtenRecord(writer, reader);
        Schema.Field written = record == null ? null : record.getField(field);
        Schema time = written == null ? null : writtenLong(written.schema());
        LogicalType type = time == null ? null : time.getLogicalType();
        if (type instanceof LogicalTypes.TimestampMicros) {
            return 1_000L;
        }
        return type instanceof LogicalTypes.TimestampNanos ? 1_000_000L : 1L;
    }

    /** The writer's record read as {@code reader}: itself, or the branch of a union Avro would pick by name. */
    private static Schema writtenRecord(Schema writer, Schema reader) {
        if (writer.getType() == Schema.Type.RECORD) {
            return writer;
        }
        if (writer.getType() != Schema.Type.UNION) {
            return null;
        }
        Schema only = null;
        int records = 0;
        for (Schema branch : writer.getTypes()) {
            if (branch.getType() == Schema.Type.RECORD) {
                if (branch.getFullName().equals(reader.getFullName())) {
                    return branch;
                }
                only = branch;
                records++;
            }
        }
        // of several records, which one a record was written with is each record's own: none is the one read
        return records == 1 ? only : null;
    }

    /** The long a field's schema writes: itself, or a nullable union's long branch. */
    private static Schema writtenLong(Schema schema) {
        if (schema.getType() == Schema.Type.LONG) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.LONG) {
                    return branch;
                }
            }
        }
        return null;
    }
}

package io.streamcast.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.path.LocationStep;
import org.apache.avro.path.TracingAvroTypeException;
import org.apache.avro.path.TracingClassCastException;
import org.apache.avro.path.TracingNullPointException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes generated records with a writer schema other than their own (the subject's latest version, under
 * {@code use.latest.version}). Avro's specific writer reads fields and enum symbols by position, which is only
 * right when the two schemas are the same; this one matches them by name (or by the writer field's aliases, as
 * Avro's compatibility check does), writes a field the record lacks from its default, and leaves out fields the
 * writer schema lacks. A {@code timestamp-millis} field of ours that the writer schema has as a plain {@code long}, a
 * {@code timestamp-micros} or a {@code timestamp-nanos} is written as the same instant in that unit
 * ({@link EpochUnit}); Avro's writer would refuse the {@code Instant} the class holds. Other logical types the writer
 * schema changes fail the record (see {@link LogicalTypeDifferences}).
 */
final class ByNameDatumWriter<T> extends SpecificDatumWriter<T> {

    ByNameDatumWriter(Schema writerSchema, SpecificData model) {
        super(writerSchema, model);
    }

    @Override
    protected void writeRecord(Schema schema, Object datum, Encoder out) throws IOException {
        IndexedRecord record = (IndexedRecord) datum;
        Schema own = record.getSchema();
        for (Schema.Field field : schema.getFields()) {
            Schema.Field ownField = ownField(own, field);
            Object value = ownField == null ? getData().getDefaultValue(field) : record.get(ownField.pos());
            try {
                EpochUnit unit = ownField == null ? null : EpochUnit.writing(ownField.schema(), field.schema());
                if (unit != null && value instanceof Instant instant) {
                    out.writeLong(unit.of(instant));
                } else {
                    write(field.schema(), value, out);
                }
            } catch (TracingClassCastException | TracingAvroTypeException | TracingNullPointException e) {
                // Avro's writer adds each field to the path of a value it cannot write, and its message ends with
                // that path; this writer writes fields itself, so it adds them, or a dead letter's reason would not
                // say which value the latest version cannot hold
                e.tracePath(new LocationStep(".", field.name()));
                throw e;
            }
        }
    }

    /**
     * The field of ours written to {@code field}: the one of its name or, as Avro's compatibility check pairs them,
     * of one of its aliases (a latest version that renamed the field); null when we have none.
     */
    static Schema.Field ownField(Schema own, Schema.Field field) {
        Schema.Field byName = own.getField(field.name());
        if (byName != null) {
            return byName;
        }
        for (String alias : field.aliases()) {
            Schema.Field byAlias = own.getField(alias);
            if (byAlias != null) {
                return byAlias;
            }
        }
        return null;
    }

    /**
     * By name. A symbol of our enum that the writer schema's enum lacks is written as that enum's default, when it
     * has one: what Avro's resolution makes of the symbol for a reader of the writer schema, and why its
     * compatibility check passes such an enum. A string of ours (written to an enum only without the strict check)
     * must be one of the symbols.
     */
    @Override
    protected void writeEnum(Schema schema, Object datum, Encoder out) throws IOException {
        String symbol = datum instanceof Enum<?> constant ? constant.name() : datum.toString();
        if (!schema.hasEnumSymbol(symbol)) {
            if (datum instanceof Enum<?> && schema.getEnumDefault() != null) {
                symbol = schema.getEnumDefault();
            } else {
                throw new AvroTypeException("Enum " + schema.getFullName() + " has no symbol " + symbol);
            }
        }
        out.writeEnum(schema.getEnumOrdinal(symbol));
    }

    /**
     * A string of ours written where the writer schema has bytes, which Avro's check passes as a promotion: a
     * string and its UTF-8 bytes are the same on the wire, and a reader of the writer schema reads those bytes.
     */
    @Override
    protected void writeBytes(Object datum, Encoder out) throws IOException {
        if (datum instanceof CharSequence text) {
            out.writeString(text);
        } else {
            super.writeBytes(datum, out);
        }
    }

    /** Bytes of ours written where the writer schema has a string: the same on the wire, as in {@link #writeBytes}. */
    @Override
    protected void writeString(Schema schema, Object datum, Encoder out) throws IOException {
        if (datum instanceof ByteBuffer bytes) {
            out.writeBytes(bytes.duplicate());
        } else {
            super.writeString(schema, datum, out);
        }
    }
}

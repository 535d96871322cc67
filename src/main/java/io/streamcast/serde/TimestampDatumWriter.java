package io.streamcast.serde;

import java.io.IOException;
import java.time.Instant;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's specific writer, writing {@code timestamp-millis} fields held as {@link Instant} straight to the encoder.
 * Avro's own path converts through a boxed {@code Long}, which would be the only allocation besides the result when
 * serializing an Event; the bytes are the same.
 */
final class TimestampDatumWriter<T> extends SpecificDatumWriter<T> {

    TimestampDatumWriter(Schema schema, SpecificData model) {
        super(schema, model);
    }

    @Override
    protected void writeField(Object datum, Schema.Field field, Encoder out, Object state) throws IOException {
        if (field.schema().getLogicalType() instanceof LogicalTypes.TimestampMillis
                && datum instanceof IndexedRecord record
                && record.get(field.pos()) instanceof Instant instant) {
            out.writeLong(instant.toEpochMilli());
            return;
        }
        super.writeField(datum, field, out, state);
    }
}

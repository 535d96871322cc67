package io.streamcast.serde;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.RandomAccess;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericArray;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's specific writer without two allocations its generic path makes per record: {@code timestamp-millis}
 * fields held as {@link Instant} go straight to the encoder instead of through a boxed {@code Long}, and arrays held
 * as random-access lists (Avro's own arrays included, as decoded records hold them) are walked by index instead of
 * through an iterator. The bytes are Avro's, unchanged.
 */
final class LeanDatumWriter<T> extends SpecificDatumWriter<T> {

    LeanDatumWriter(Schema schema, SpecificData model) {
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

    @Override
    protected void writeArray(Schema schema, Object datum, Encoder out) throws IOException {
        if (!(datum instanceof List<?> list) || !(datum instanceof RandomAccess || datum instanceof GenericArray)) {
            super.writeArray(schema, datum, out);
            return;
        }
        Schema element = schema.getElementType();
        int size = list.size();
        out.writeArrayStart();
        out.setItemCount(size);
        for (int i = 0; i < size; i++) {
            out.startItem();
            write(element, list.get(i), out);
        }
        out.writeArrayEnd();
    }
}

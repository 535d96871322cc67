package io.streamcast.testing.registry;

import io.streamcast.schema.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Events as a newer producer writes them: {@code Event} with a note added (with a default), a compatible schema with
 * an id of its own, so that an instance that has only read its own schema must ask the registry for it.
 */
public final class NewerProducerEvents {

    private NewerProducerEvents() {
    }

    /** Event with a note added (with a default). */
    public static Schema schema() {
        String json = Event.getClassSchema().toString().replace("\"fields\":[", "\"fields\":[{\"name\":\"note\","
                + "\"type\":\"string\",\"default\":\"\"},");
        return new Schema.Parser().parse(json);
    }

    /** An event in the wire format, with {@link #schema()} registered as {@code id}. */
    public static byte[] frame(int id, long time, double... values) {
        Schema schema = schema();
        GenericRecord event = new GenericData.Record(schema);
        event.put("event_time", time);
        event.put("values", Arrays.stream(values).boxed().toList());
        event.put("note", "from a newer producer");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}

package io.streamcast.stream;

import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.WireFormat;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads input events into reused fields. Records written with a schema of exactly the {@code Event} layout (the
 * usual case: one schema id per topic) are decoded straight from the bytes without allocating; any other writer
 * schema goes through the registry-resolving deserializer. Both paths accept and refuse the same records with the
 * same exceptions. A writer that declares its event time a {@code timestamp-micros} or {@code timestamp-nanos} has it
 * read as the same instant, to the millisecond below. Not thread-safe: one per stream thread.
 */
final class EventReader {

    private static final String EVENT_TIME = "event_time";

    private final Topic<String, Event> topic;
    private final AvroSerde<Event> serde;
    private final double[] values;
    /** The schema id last found to write the reader's own layout; a long, so that no int id is mistaken for none. */
    private long directId = Long.MIN_VALUE;
    /** The schema id {@link #unitsPerMilli} was found for; a long, so that no int id is mistaken for none. */
    private long unitsId = Long.MIN_VALUE;
    /** How many of its writer's units make a millisecond of event time (a timestamp-micros writer's: 1000). */
    private long unitsPerMilli = 1;
    private long eventTime;
    private int count;
    /** Read position of {@link #readDirect}. */
    private int position;

    /** @param capacity values kept per event; an event may carry more, which are counted but not kept */
    EventReader(Topic<String, Event> topic, int capacity) {
        this.topic = topic;
        this.serde = (AvroSerde<Event>) topic.valueSerde();
        this.values = new double[capacity];
    }

    /**
     * Reads one record's value.
     *
     * @throws SerializationException when it is not an Event in the wire format (a SchemaMismatchException when
     *     its writer schema cannot be read; a SchemaRegistryUnavailableException when the registry cannot be asked)
     */
    void read(byte[] bytes) {
        int id = WireFormat.schemaId(bytes);
        if (id == directId || serde.writesReaderLayout(topic.name(), id)) {
            directId = id;
            readDirect(bytes, id);
        } else {
            Event event = serde.deserialize(topic.name(), bytes);
            eventTime = event.getEventTime().toEpochMilli();
            List<Double> list = event.getValues();
            count = list.size();
            for (int j = 0; j < Math.min(count, values.length); j++) {
                values[j] = list.get(j);
            }
        }
        if (id != unitsId) {
            unitsPerMilli = serde.writerUnitsPerMilli(id, EVENT_TIME);
            unitsId = id;
        }
        if (unitsPerMilli != 1) {
            // the same layout and the same number whatever unit the writer declares; the instant it means, here
            eventTime = Math.floorDiv(eventTime, unitsPerMilli);
        }
    }

    long eventTime() {
        return eventTime;
    }

    /** The values kept: the first {@code min(count, capacity)} of the event's. */
    double[] values() {
        return values;
    }

    /** How many values the event carried. */
    int count() {
        return count;
    }

    /** Avro's binary encoding of {@code {long event_time; array<double> values}}. */
    private void readDirect(byte[] bytes, int id) {
        position = WireFormat.HEADER_SIZE;
        try {
            eventTime = readLong(bytes);
            int total = 0;
            for (long block = readLong(bytes); block != 0; block = readLong(bytes)) {
                if (block == Long.MIN_VALUE) {
                    // has no count as a positive long; Avro refuses it, and read as none it hid what followed
                    throw fail(id, "an array block count of " + block + " is invalid");
                }
                if (block < 0) {
                    block = -block;
                    readLong(bytes);
                }
                if (block > (bytes.length - position) / Double.BYTES) {
                    throw fail(id, "the record ends early (an array block of " + block
                            + " doubles runs past its end)");
                }
                for (long i = 0; i < block; i++, total++) {
                    double value = Double.longBitsToDouble(littleEndianLong(bytes, position));
                    position += Double.BYTES;
                    if (total < values.length) {
                        values[total] = value;
                    }
                }
            }
            count = total;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw fail(id, "the record ends early");
        }
        if (position != bytes.length) {
            throw fail(id, "bytes left over after the record");
        }
    }

    private SerializationException fail(int id, String why) {
        return new SerializationException("Cannot decode Event written with schema id " + id + " on topic "
                + topic.name() + ": " + why);
    }

    /** Reads a long as Avro writes it; only the direct path reads, after setting {@link #directId}. */
    private long readLong(byte[] bytes) {
        long raw = 0;
        int p = position;
        for (int shift = 0; ; shift += 7) {
            if (shift > 63) {
                throw fail((int) directId, "a long runs over 10 bytes");
            }
            byte b = bytes[p++];
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
        }
        position = p;
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long littleEndianLong(byte[] bytes, int p) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[p + i] & 0xff);
        }
        return value;
    }
}

package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.schema.Event;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes Confluent's KafkaAvroSerializer writes for a known record, derived by hand from the wire format
 * (magic byte, big-endian schema id) and the Avro specification (zig-zag varints, little-endian IEEE 754 doubles,
 * blocked arrays), independently of the code under test.
 */
class WireFormatVectorTest {

    private static final int SCHEMA_ID = 42;

    /**
     * Event{event_time = 1700000000000 ms, values = [1.5, -2.0]} under schema id 42.
     * <pre>
     * 00                        magic byte
     * 00 00 00 2a               schema id 42, big-endian
     * 80 a0 ab fe f9 62         event_time: zig-zag(1700000000000) = 3400000000000 as a varint
     * 04                        values: a block of zig-zag(2) = 4 items
     * 00 00 00 00 00 00 f8 3f   1.5, little-endian IEEE 754
     * 00 00 00 00 00 00 00 c0   -2.0
     * 00                        end of the array
     * </pre>
     */
    private static final byte[] CONFLUENT_BYTES = HexFormat.ofDelimiter(" ").parseHex(
            "00 00 00 00 2a 80 a0 ab fe f9 62 04 00 00 00 00 00 00 f8 3f 00 00 00 00 00 00 00 c0 00");

    private static final Event EVENT = new Event(Instant.ofEpochMilli(1_700_000_000_000L), List.of(1.5, -2.0));

    private final AvroSerde<Event> serde = AvroSerde.forValues(Event.class, new FixedIdRegistry(SCHEMA_ID));

    @Test
    void shouldWriteTheBytesConfluentsSerializerWritesForSchemaId42() {
        assertThat(HexFormat.ofDelimiter(" ").formatHex(serde.serialize("events", EVENT)))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(CONFLUENT_BYTES));
    }

    @Test
    void shouldReadTheBytesConfluentsSerializerWritesForSchemaId42() {
        assertThat(serde.deserialize("events", CONFLUENT_BYTES)).isEqualTo(EVENT);
        assertThat(WireFormat.schemaId(CONFLUENT_BYTES)).isEqualTo(SCHEMA_ID);
    }

    /**
     * A schema id that fills all four bytes, two of them with the high bit set (a registry's ids grow; a byte read as
     * a signed value would make the id negative): 0x01820384 = 25,297,796, big-endian after the magic byte.
     */
    @Test
    void shouldWriteAndReadASchemaIdThatFillsAllFourBytes() {
        int id = 0x01820384;
        byte[] expected = CONFLUENT_BYTES.clone();
        byte[] header = HexFormat.ofDelimiter(" ").parseHex("00 01 82 03 84");
        System.arraycopy(header, 0, expected, 0, header.length);
        AvroSerde<Event> large = AvroSerde.forValues(Event.class, new FixedIdRegistry(id));

        assertThat(HexFormat.ofDelimiter(" ").formatHex(large.serialize("events", EVENT)))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(expected));
        assertThat(WireFormat.schemaId(expected)).isEqualTo(25_297_796);
        assertThat(large.deserialize("events", expected)).isEqualTo(EVENT);
    }

    @Test
    void shouldWriteSameBytesForEveryRecordAfterTheFirst() {
        byte[] first = serde.serialize("events", EVENT);
        byte[] second = serde.serialize("events", EVENT);
        assertThat(second).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void shouldRefuseBytesWithoutTheMagicByte() {
        byte[] bytes = CONFLUENT_BYTES.clone();
        bytes[0] = 1;
        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0")
                .hasMessageContaining("events");
    }

    @Test
    void shouldRefuseBytesShorterThanTheHeader() {
        assertThatThrownBy(() -> serde.deserialize("events", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void shouldRefuseBytesLeftOverAfterTheRecord() {
        byte[] bytes = java.util.Arrays.copyOf(CONFLUENT_BYTES, CONFLUENT_BYTES.length + 1);
        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("left over");
    }

    @Test
    void shouldRefuseTruncatedRecord() {
        byte[] bytes = java.util.Arrays.copyOf(CONFLUENT_BYTES, CONFLUENT_BYTES.length - 4);
        assertThatThrownBy(() -> serde.deserialize("events", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42");
    }

    @Test
    void shouldPassNullThroughAsKafkaTombstones() {
        assertThat(serde.serialize("events", null)).isNull();
        assertThat(serde.deserialize("events", null)).isNull();
    }

    /** A registry that knows one schema, Event's, under a fixed id. */
    private static final class FixedIdRegistry implements SchemaRegistry {
        private final int id;

        FixedIdRegistry(int id) {
            this.id = id;
        }

        @Override
        public int register(String subject, Schema schema) {
            assertThat(subject).isEqualTo("events-value");
            return id;
        }

        @Override
        public Schema schemaById(int requested) {
            if (requested != id) {
                throw new SchemaRegistryException("Schema " + requested + " not found", 404,
                        SchemaRegistryException.SCHEMA_NOT_FOUND);
            }
            return Event.getClassSchema();
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema schema) {
            return new RegisteredSchema(subject, id, 1, schema);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return new RegisteredSchema(subject, id, 1, Event.getClassSchema());
        }

        @Override
        public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
            return new CompatibilityCheck(true, List.of());
        }

        @Override
        public String describe() {
            return "fixed id " + id;
        }
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.SchemaRegistries;
import io.streamcast.serde.SchemaRegistry;
import io.streamcast.serde.SchemaMismatchException;
import io.streamcast.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    private static final String TOPIC = "events";
    private SchemaRegistry registry;
    private AvroSerde<Event> serde;
    private EventReader reader;

    @BeforeEach
    void setUp() {
        registry = SchemaRegistries.create(Map.of("schema.registry.url", "mock://events-" + UUID.randomUUID()));
        serde = new AvroSerde<>(Event.class, registry, false);
        reader = new EventReader(new Topic<>(TOPIC, Serdes.String(), serde), 3);
    }

    private static Schema schema(String file) throws IOException {
        return new Schema.Parser().parse(EventReaderTest.class.getResourceAsStream("/io/streamcast/serde/" + file));
    }

    /** The event time as the Event schema writes it: milliseconds since 1970. */
    private static final String MILLIS = "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}";

    /** A producer's Event schema whose event time and values are of the types given, as JSON. */
    private static Schema eventSchema(String timeType, String valuesType) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Event\",\"namespace\":"
                + "\"io.streamcast.schema\",\"fields\":[{\"name\":\"event_time\",\"type\":" + timeType + "},"
                + "{\"name\":\"values\",\"type\":" + valuesType + "}]}");
    }

    /** Bytes in the wire format written by Avro's generic writer with {@code schema}, registered under the topic. */
    private byte[] written(Schema schema, GenericRecord record, boolean blocking) throws IOException {
        int id = registry.register(schema.getType() == Schema.Type.RECORD && schema.getField("event_time").pos() == 0
                && schema.getFields().size() == 2
                && schema.getField("values").schema().getType() == Schema.Type.STRING ? "elsewhere" : TOPIC + "-value",
                schema);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = blocking ? EncoderFactory.get().blockingBinaryEncoder(bytes, null)
                : EncoderFactory.get().directBinaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    @Test
    void shouldReadAnEventWrittenWithItsOwnSchema() {
        reader.read(serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(1_767_225_600_123L), List.of(1.5, -2.0))));

        assertThat(reader.eventTime()).isEqualTo(1_767_225_600_123L);
        assertThat(reader.count()).isEqualTo(2);
        assertThat(Arrays.copyOf(reader.values(), 2)).containsExactly(1.5, -2.0);
    }

    @Test
    void shouldReadBlockEncodedArraysAsAvroDoes() throws IOException {
        GenericRecord record = new GenericData.Record(Event.getClassSchema());
        record.put("event_time", -42L);
        record.put("values", List.of(1.0, 2.0, 3.0));

        reader.read(written(Event.getClassSchema(), record, true));

        assertThat(reader.eventTime()).isEqualTo(-42L);
        assertThat(Arrays.copyOf(reader.values(), 3)).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void shouldReadANewerSchemaThroughTheRegistry() throws IOException {
        Schema next = schema("Event.next.avsc");
        GenericRecord record = new GenericData.Record(next);
        record.put("source", "probe");
        record.put("values", List.of(4.0, 5.0, 6.0, 7.0));
        record.put("event_time", 99L);
        record.put("quality", 0.5);

        reader.read(written(next, record, false));

        assertThat(reader.eventTime()).isEqualTo(99L);
        assertThat(reader.count()).isEqualTo(4);
        assertThat(reader.values()).containsExactly(4.0, 5.0, 6.0);
    }

    @Test
    void shouldRefuseWhatTheDeserializerRefuses() throws IOException {
        byte[] good = serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(5), List.of(1.0)));
        for (int cut = 5; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> reader.read(truncated)).isInstanceOf(SerializationException.class);
            assertThatThrownBy(() -> serde.deserialize(TOPIC, truncated)).isInstanceOf(SerializationException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> reader.read(longer)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("left over");
        assertThatThrownBy(() -> reader.read(new byte[] {1, 2})).isInstanceOf(SerializationException.class);
        Schema textValues = schema("Event.unreadable.avsc");
        GenericRecord text = new GenericData.Record(textValues);
        text.put("event_time", 1L);
        text.put("values", "x");
        byte[] unreadable = written(textValues, text, false);
        assertThatThrownBy(() -> reader.read(unreadable)).isInstanceOf(SchemaMismatchException.class);
    }

    /**
     * Avro reads the long beneath a writer's logical type by the reader's: a writer declaring its event time in
     * microseconds (a Python producer's datetimes hold them) had today's events read as the year 58,000, each refused
     * as far in the future. The same instant is read, to the millisecond below, by either path: the writer's own
     * layout read straight from the bytes, or another layout (a nullable time, an extra field) through Avro.
     */
    @Test
    void shouldReadATimeTheWriterDeclaresInMicrosecondsOrNanosecondsAsTheSameInstant() throws IOException {
        String micros = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}";
        String nanos = "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}";
        String doubles = "{\"type\":\"array\",\"items\":\"double\"}";
        Object[][] cases = {
            {micros, 1_767_225_600_123_456L},
            {nanos, 1_767_225_600_123_456_789L},
            {"[\"null\"," + micros + "]", 1_767_225_600_123_999L},
            {"[\"null\"," + nanos + "]", -1L},
            {"\"long\"", 1_767_225_600_123L},
            {MILLIS, 1_767_225_600_123L}};
        long[] millis = {1_767_225_600_123L, 1_767_225_600_123L, 1_767_225_600_123L, -1L, 1_767_225_600_123L,
            1_767_225_600_123L};
        for (int i = 0; i < cases.length; i++) {
            setUp();
            Schema writer = eventSchema((String) cases[i][0], doubles);
            GenericRecord record = new GenericData.Record(writer);
            record.put("event_time", cases[i][1]);
            record.put("values", List.of(2.5));

            reader.read(written(writer, record, false));

            assertThat(reader.eventTime()).as((String) cases[i][0]).isEqualTo(millis[i]);
            assertThat(reader.values()[0]).isEqualTo(2.5);
        }
        // records of writers of either unit in turn, each read in its own
        setUp();
        Schema first = eventSchema(micros, doubles);
        GenericRecord record = new GenericData.Record(first);
        record.put("event_time", 5_000L);
        record.put("values", List.of(1.0));
        byte[] inMicros = written(first, record, false);
        byte[] inMillis = serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(5_000L), List.of(1.0)));
        for (int turn = 0; turn < 2; turn++) {
            reader.read(inMicros);
            assertThat(reader.eventTime()).isEqualTo(5L);
            reader.read(inMillis);
            assertThat(reader.eventTime()).isEqualTo(5_000L);
        }
    }

    /**
     * A dead letter's message is all a user has to tell a bad record by: a record cut short inside its values said
     * only "an array block of 1 doubles runs past the end", and a long over 10 bytes "Invalid long encoding", with
     * neither the schema id nor the topic nor that the record ends early, as every other refusal says.
     */
    @Test
    void shouldSayWhichRecordEndsEarlyWhereverItIsCut() {
        byte[] good = serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(5), List.of(1.0, 2.0, 3.0)));
        int id = WireFormat.schemaId(good);
        for (int cut = 5; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> reader.read(truncated)).as("cut at %d", cut)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot decode Event written with schema id " + id + " on topic events: "
                            + "the record ends early");
        }
        byte[] longTime = Arrays.copyOf(good, good.length + 10);
        Arrays.fill(longTime, 5, 15, (byte) 0x80);
        System.arraycopy(good, 5, longTime, 15, good.length - 5);
        assertThatThrownBy(() -> reader.read(longTime)).isInstanceOf(SerializationException.class)
                .hasMessage("Cannot decode Event written with schema id " + id + " on topic events: a long runs over"
                        + " 10 bytes");
        assertThatThrownBy(() -> serde.deserialize(TOPIC, longTime)).isInstanceOf(SerializationException.class);
    }

    /**
     * A block count of the smallest long has no positive count: Avro refuses the record ("Block count is invalid"),
     * and the direct path read it as an empty block, taking the values after it as the event's.
     */
    @Test
    void shouldRefuseABlockCountOfTheSmallestLongAsAvroDoes() {
        byte[] good = serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(5), List.of(1.0)));
        // the header and the event time (5: one byte), a block of the smallest long with a size of 0, then the values
        byte[] smallest = new byte[good.length + 11];
        System.arraycopy(good, 0, smallest, 0, 6);
        Arrays.fill(smallest, 6, 15, (byte) 0xFF);
        smallest[15] = 0x01;
        smallest[16] = 0x00;
        System.arraycopy(good, 6, smallest, 17, good.length - 6);

        assertThatThrownBy(() -> serde.deserialize(TOPIC, smallest)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> reader.read(smallest)).isInstanceOf(SerializationException.class)
                .hasMessageEndingWith("an array block count of " + Long.MIN_VALUE + " is invalid");
    }

    /**
     * Schema id 0xFFFFFFFF (-1 as an int) is no schema the registry holds, but it matched the reader's mark for no
     * schema known yet: an Event's bytes under it were read as an Event without asking the registry.
     */
    @Test
    void shouldAskTheRegistryAboutSchemaIdMinusOne() {
        byte[] good = serde.serialize(TOPIC, new Event(Instant.ofEpochMilli(5), List.of(1.0)));
        byte[] unknownId = good.clone();
        Arrays.fill(unknownId, 1, 5, (byte) 0xFF);

        assertThatThrownBy(() -> reader.read(unknownId)).isInstanceOf(SchemaMismatchException.class);
    }

    /**
     * Avro allows a writer's array of floats, ints or longs, or of a union with such branches (Python's avro library
     * writes a float by the float branch of {@code ["double", "float"]}), to be read as the reader's array of doubles,
     * but its Java reader (1.12.2) failed every such record as cut short ("Collection claims 1 elements with at least 8
     * bytes each": it counted the bytes of the reader's element type, not the writer's), and such writer schemas were
     * then refused as a whole. Each value is read as Avro promotes it: a float as the double of the same value.
     */
    @Test
    void shouldReadValuesTheWriterWritesAsNarrowerNumbers() throws IOException {
        String floats = "{\"type\":\"array\",\"items\":\"float\"}";
        String nullableFloats = "{\"type\":\"array\",\"items\":[\"null\",\"float\"]}";
        Object[][] cases = {
            // the writer's type of values, the values it writes, and the doubles they are read as
            {floats, List.of(0.1f, -2.5f), new double[] {0.10000000149011612, -2.5}},
            {"{\"type\":\"array\",\"items\":\"int\"}", List.of(7, Integer.MIN_VALUE),
                new double[] {7, -2147483648.0}},
            {"{\"type\":\"array\",\"items\":\"long\"}", List.of(3L, 1L << 60),
                new double[] {3, 1.152921504606846976E18}},
            {"{\"type\":\"array\",\"items\":[\"double\",\"float\"]}", List.of(0.1f, 0.1),
                new double[] {0.10000000149011612, 0.1}},
            {"{\"type\":\"array\",\"items\":[\"float\",\"double\"]}", List.of(0.1f),
                new double[] {0.10000000149011612}},
            {"{\"type\":\"array\",\"items\":[\"null\",\"int\",\"long\",\"float\",\"double\"]}",
                List.of(-1, 2L, 0.1f), new double[] {-1, 2, 0.10000000149011612}},
            {"{\"type\":\"array\",\"items\":[\"null\",\"double\"]}", List.of(1.5, -0.1), new double[] {1.5, -0.1}},
            {"[\"null\"," + floats + "]", List.of(0.1f), new double[] {0.10000000149011612}},
            {"[\"null\"," + nullableFloats + "]", List.of(-0.1f, 4f), new double[] {-0.10000000149011612, 4}}};
        for (Object[] c : cases) {
            for (boolean blocking : new boolean[] {false, true}) {
                setUp();
                Schema writer = eventSchema(MILLIS, (String) c[0]);
                GenericRecord record = new GenericData.Record(writer);
                record.put("event_time", 11L);
                record.put("values", c[1]);

                reader.read(written(writer, record, blocking));

                String what = c[0] + (blocking ? " in blocks" : "");
                assertThat(reader.eventTime()).as(what).isEqualTo(11L);
                assertThat(Arrays.copyOf(reader.values(), reader.count())).as(what).containsExactly((double[]) c[2]);
            }
        }
    }

    /**
     * A null among nullable values cannot be read as a double, nor a null in place of the values: such a record was
     * dead-lettered with Avro's "Collection claims 2 elements with at least 8 bytes each", which blames the record's
     * length, or with a type mismatch of null against the array that names no field.
     */
    @Test
    void shouldRefuseARecordHoldingANullValueSayingWhereTheNullIs() throws IOException {
        String nullableDoubles = "{\"type\":\"array\",\"items\":[\"null\",\"double\"]}";
        Object[][] cases = {
            {nullableDoubles, Arrays.asList(1.5, null), "an element of values is null"},
            {"[\"null\",{\"type\":\"array\",\"items\":[\"null\",\"float\"]}]", Arrays.asList(null, 1.5f),
                "field values or an element of values is null"},
            {"[\"null\",{\"type\":\"array\",\"items\":\"double\"}]", null, "field values is null"}};
        for (Object[] c : cases) {
            setUp();
            Schema writer = eventSchema(MILLIS, (String) c[0]);
            GenericRecord record = new GenericData.Record(writer);
            record.put("event_time", 11L);
            record.put("values", c[1]);
            byte[] bytes = written(writer, record, false);

            assertThatThrownBy(() -> reader.read(bytes)).as((String) c[0]).isInstanceOf(SerializationException.class)
                    .isNotInstanceOf(SchemaMismatchException.class)
                    .hasMessage("Cannot decode Event written with schema id " + WireFormat.schemaId(bytes)
                            + " on topic events: " + c[2] + ", which Event's schema does not allow");
        }
    }

    /**
     * A record that claims a billion values with three bytes left is refused by its claim, before any value is read
     * or room made for them, whether read straight from the bytes or by Avro under a writer of narrower values.
     */
    @Test
    void shouldRefuseARecordClaimingABillionValuesInThreeBytes() throws IOException {
        String[] valueTypes = {
            "{\"type\":\"array\",\"items\":\"double\"}",
            "{\"type\":\"array\",\"items\":\"float\"}",
            "{\"type\":\"array\",\"items\":[\"null\",\"double\"]}"};
        for (String valueType : valueTypes) {
            setUp();
            int id = registry.register(TOPIC + "-value", eventSchema(MILLIS, valueType));
            // the header, an event time of 5 and a block count of 1,000,000,000 as Avro's zig-zag varints, 3 bytes
            byte[] bytes = {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id, 10,
                (byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 1, 2, 3};

            assertThatThrownBy(() -> reader.read(bytes)).as(valueType).isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot decode Event written with schema id " + id + " on topic events: ")
                    .hasMessageContaining("1000000000");
        }
    }

    /**
     * A writer's union of two Event records (a topic carrying two producers' versions) has each record read by the
     * branch that wrote it: the second's floats were failed as cut short ("Collection claims 2 elements with at least
     * 8 bytes each"), and a null among its values named no field, as only the first branch's values were measured.
     */
    @Test
    void shouldReadEachBranchOfAWritersUnionOfEvents() throws IOException {
        Schema twoVersions = new Schema.Parser().parse("[" + eventSchema(MILLIS,
                "{\"type\":\"array\",\"items\":\"double\"}").toString().replace("io.streamcast.schema", "a")
                + "," + eventSchema(MILLIS, "{\"type\":\"array\",\"items\":[\"null\",\"float\"]}").toString()
                .replace("io.streamcast.schema", "b") + "]");
        GenericRecord record = new GenericData.Record(twoVersions.getTypes().get(1));
        record.put("event_time", 11L);
        record.put("values", List.of(0.1f, -2.5f));

        reader.read(written(twoVersions, record, false));

        assertThat(reader.eventTime()).isEqualTo(11L);
        assertThat(Arrays.copyOf(reader.values(), reader.count())).containsExactly(0.10000000149011612, -2.5);

        record.put("values", Arrays.asList(1.5f, null));
        byte[] holdingANull = written(twoVersions, record, false);
        assertThatThrownBy(() -> reader.read(holdingANull)).isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaMismatchException.class)
                .hasMessageEndingWith(": an element of values is null, which Event's schema does not allow");
    }

    /** A writer's top-level union with a null writes a record that is null as a whole, which is no field of it. */
    @Test
    void shouldSayTheRecordIsNullWhenAWritersUnionWritesANullRecord() throws IOException {
        Schema nullable = new Schema.Parser().parse("[\"null\"," + eventSchema(MILLIS,
                "{\"type\":\"array\",\"items\":\"double\"}") + "]");
        byte[] bytes = written(nullable, null, false);

        assertThatThrownBy(() -> reader.read(bytes)).isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaMismatchException.class)
                .hasMessage("Cannot decode Event written with schema id " + WireFormat.schemaId(bytes)
                        + " on topic events: the record is null, which Event's schema does not allow");
    }

    /**
     * A producer whose schema makes each field nullable ({@code ["null", ...]}) writes events the reader can read
     * whenever the fields are set: Avro resolves the union's branch record by record. Its schema was refused as a
     * whole (a type mismatch of null against long); now only a record holding a null fails, as unparseable.
     */
    @Test
    void shouldReadEventsOfANullableWriterAndRefuseOnlyTheRecordsHoldingANull() throws IOException {
        Schema nullable = eventSchema("[\"null\"," + MILLIS + "]",
                "[\"null\",{\"type\":\"array\",\"items\":\"double\"}]");
        GenericRecord set = new GenericData.Record(nullable);
        set.put("event_time", 7L);
        set.put("values", List.of(1.25, 2.5));
        GenericRecord unset = new GenericData.Record(nullable);
        unset.put("event_time", null);
        unset.put("values", List.of(1.0));

        reader.read(written(nullable, set, false));

        assertThat(reader.eventTime()).isEqualTo(7L);
        assertThat(Arrays.copyOf(reader.values(), reader.count())).containsExactly(1.25, 2.5);
        byte[] withNull = written(nullable, unset, false);
        assertThatThrownBy(() -> reader.read(withNull)).isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaMismatchException.class);
    }

    /**
     * Values whose elements are a union (nullable doubles, or floats and doubles), and a nullable array of nullable
     * doubles, are read record by record as Avro reads them: they were refused as a whole, the first with a false
     * reason (an array of union taken for a narrower type), the last with Avro's type mismatch of null against the
     * array. A record holding a null value fails alone.
     */
    @Test
    void shouldReadValuesWhoseElementsAreAUnionRecordByRecord() throws IOException {
        String[] valueTypes = {
            "{\"type\":\"array\",\"items\":[\"null\",\"double\"]}",
            "{\"type\":\"array\",\"items\":[\"float\",\"double\"]}",
            "[\"null\",{\"type\":\"array\",\"items\":[\"null\",\"double\"]}]"};
        for (String valueType : valueTypes) {
            setUp();
            Schema writer = eventSchema(MILLIS, valueType);
            GenericRecord set = new GenericData.Record(writer);
            set.put("event_time", 9L);
            set.put("values", List.of(1.5, 2.5));

            reader.read(written(writer, set, false));

            assertThat(reader.eventTime()).as(valueType).isEqualTo(9L);
            assertThat(Arrays.copyOf(reader.values(), reader.count())).as(valueType).containsExactly(1.5, 2.5);
            if (valueType.contains("null")) {
                GenericRecord withNull = new GenericData.Record(writer);
                withNull.put("event_time", 9L);
                withNull.put("values", Arrays.asList(1.5, null));
                byte[] bytes = written(writer, withNull, false);
                assertThatThrownBy(() -> reader.read(bytes)).as(valueType)
                        .isInstanceOf(SerializationException.class).isNotInstanceOf(SchemaMismatchException.class);
            }
        }
    }
}

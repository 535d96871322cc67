package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class MeasuredReaderSchemaTest {

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    /** A record {@code R} whose one field {@code f} is of the type given, as JSON. */
    private static Schema holding(String type) {
        return parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":" + type + "}]}");
    }

    private static GenericRecord record(Schema schema, Object value) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("f", value);
        return record;
    }

    /** The record in {@code bytes} as Avro's plain reader reads it, the one that also checks a map's size. */
    private static GenericRecord readPlainly(byte[] bytes, Schema writer, Schema reader) throws IOException {
        GenericData plain = new GenericData();
        plain.setFastReaderEnabled(false);
        return new GenericDatumReader<GenericRecord>(writer, reader, plain).read(null, DecoderFactory.get()
                .binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null));
    }

    /** Avro's Java reader refused these records itself, its size check counting the elements at the reader's size. */
    @Test
    void shouldReadMapsAndNestedRecordsOfSmallerElementsAsAvroResolvesThem() throws IOException {
        Schema floats = holding("{\"type\":\"map\",\"values\":\"float\"}");
        Schema doubles = holding("{\"type\":\"map\",\"values\":\"double\"}");
        byte[] map = Framing.write(1, floats, record(floats, Map.of("a", 0.1f)));
        Schema pointWritten = holding("{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"P\",\"fields\":["
                + "{\"name\":\"x\",\"type\":\"float\"}]}}");
        Schema pointRead = holding("{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"P\",\"fields\":["
                + "{\"name\":\"x\",\"type\":\"double\"},{\"name\":\"y\",\"type\":\"double\",\"default\":2.5}]}}");
        GenericRecord point = new GenericData.Record(pointWritten.getField("f").schema().getElementType());
        point.put("x", -0.1f);
        byte[] points = Framing.write(1, pointWritten, record(pointWritten, List.of(point)));

        assertThatThrownBy(() -> readPlainly(map, floats, doubles)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> readPlainly(points, pointWritten, pointRead)).isInstanceOf(EOFException.class);

        assertThat(readPlainly(map, floats, MeasuredReaderSchema.of(doubles, floats)).get("f"))
                .isEqualTo(Map.of(new Utf8("a"), 0.10000000149011612));
        GenericRecord read = (GenericRecord) ((List<?>) readPlainly(points, pointWritten,
                MeasuredReaderSchema.of(pointRead, pointWritten)).get("f")).get(0);
        assertThat(read.get("x")).isEqualTo(-0.10000000149011612);
        assertThat(read.get("y")).isEqualTo(2.5);
    }

    @Test
    void shouldLeaveTheReaderAsItIsWhereNoElementIsSmaller() {
        Schema doubles = holding("{\"type\":\"array\",\"items\":\"double\"}");
        Schema longs = holding("{\"type\":\"array\",\"items\":\"long\"}");
        Schema nullableDoubles = holding("{\"type\":\"array\",\"items\":[\"null\",\"double\"]}");

        assertThat(MeasuredReaderSchema.of(doubles, doubles)).isSameAs(doubles);
        assertThat(MeasuredReaderSchema.of(doubles, holding("{\"type\":\"array\",\"items\":[\"double\"]}")))
                .isSameAs(doubles);
        assertThat(MeasuredReaderSchema.of(longs, holding("{\"type\":\"array\",\"items\":\"int\"}"))).isSameAs(longs);
        assertThat(MeasuredReaderSchema.of(nullableDoubles, doubles)).isSameAs(nullableDoubles);
    }

    /** A record within itself is copied once, and its fields, aliases and properties with it. */
    @Test
    void shouldCopyARecursiveReaderWholeAroundItsMeasuredElements() {
        String node = "{\"type\":\"record\",\"name\":\"Node\",\"namespace\":\"n\",\"aliases\":[\"n.Old\"],\"owner\":"
                + "\"ops\",\"fields\":[{\"name\":\"v\",\"type\":{\"type\":\"array\",\"items\":\"%s\"},\"doc\":\"d\","
                + "\"aliases\":[\"w\"]},{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}";
        Schema reader = parse(node.formatted("double"));
        Schema writer = parse(node.formatted("float"));
        GenericRecord last = new GenericData.Record(writer);
        last.put("v", List.of(1.5f));
        GenericRecord first = new GenericData.Record(writer);
        first.put("v", List.of(0.1f));
        first.put("next", last);
        byte[] bytes = Framing.write(1, writer, first);

        Schema measured = MeasuredReaderSchema.of(reader, writer);
        GenericRecord read = Framing.read(bytes, writer, measured);

        assertThat(read.get("v")).isEqualTo(List.of(0.10000000149011612));
        assertThat(((GenericRecord) read.get("next")).get("v")).isEqualTo(List.of(1.5));
        assertThat(measured.getField("v").schema().getElementType().getTypes())
                .containsExactly(Schema.create(Schema.Type.DOUBLE));
        assertThat(measured.getField("next").schema().getTypes().get(1)).isSameAs(measured);
        assertThat(measured.getAliases()).containsExactly("n.Old");
        assertThat(measured.getProp("owner")).isEqualTo("ops");
        assertThat(measured.getField("v").aliases()).containsExactly("w");
        assertThat(measured.getField("v").doc()).isEqualTo("d");
        assertThat(measured.getField("next").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
    }

    /** The check still refuses a claim of more elements than bytes left, at one byte each, before reading them. */
    @Test
    void shouldStillRefuseABlockClaimingMoreElementsThanBytesLeft() {
        Schema floats = holding("{\"type\":\"array\",\"items\":\"float\"}");
        Schema doubles = holding("{\"type\":\"array\",\"items\":\"double\"}");
        // the header, a block count of 1,000,000,000 as Avro's zig-zag varint, 3 bytes
        byte[] bytes = {0, 0, 0, 0, 1, (byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07, 1, 2, 3};

        assertThatThrownBy(() -> Framing.read(bytes, floats, MeasuredReaderSchema.of(doubles, floats)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("1000000000 elements with at least 1 bytes each, but only 3 bytes");
    }
}

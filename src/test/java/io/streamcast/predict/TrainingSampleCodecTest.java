package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.codec.UndecodableStateException;
import io.streamcast.schema.TrainingSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TrainingSampleCodecTest {

    private static final int ROWS = 5;

    private static ByteBuffer times() {
        ByteBuffer times = ByteBuffer.allocate(8 * ROWS).order(ByteOrder.LITTLE_ENDIAN);
        long[] at = {1_000, 61_000, 121_000, 100_000, Long.MAX_VALUE};
        for (int i = 0; i < ROWS; i++) {
            times.putLong(8 * i, at[i]);
        }
        return times;
    }

    private static ByteBuffer values() {
        ByteBuffer values = ByteBuffer.allocate(4 * 2 * ROWS).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ROWS; i++) {
            values.putFloat(8 * i, i - 2.5f);
            values.putFloat(8 * i + 4, Float.MIN_VALUE * i);
        }
        return values;
    }

    private static TrainingSample sample() {
        ByteBuffer statistics = ByteBuffer.allocate(32 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            statistics.putDouble(8 * i, i == 3 ? Double.MIN_VALUE : 1.5 * i - 2);
        }
        return TrainingSample.newBuilder().setKey("käse").setValueDimension(2).setTimes(times())
                .setValues(ByteBuffer.allocate(0)).setRawValues(values()).setScalers(statistics).build();
    }

    /** A window as releases before raw values were sent wrote it: scaled values only. */
    private static TrainingSample scaledSample() {
        return TrainingSample.newBuilder().setKey("käse").setValueDimension(2).setTimes(times()).setValues(values())
                .build();
    }

    @Test
    void shouldRoundTripAWindow() {
        assertThat(TrainingSampleCodec.decode(TrainingSampleCodec.encode(sample()))).isEqualTo(sample());
    }

    @Test
    void shouldReadAWindowWrittenByEarlierReleasesInTheRegistryFormat() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, 0, 0, 1, 7});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        Schema released = new Schema.Parser().parse(Path.of("schemas/previous/TrainingSample.v1.avsc").toFile());
        new GenericDatumWriter<GenericRecord>(released).write(asReleased(scaledSample(), released), encoder);
        encoder.flush();

        assertThat(TrainingSampleCodec.decode(bytes.toByteArray())).isEqualTo(scaledSample());
    }

    @Test
    void shouldReadAWindowWithRawValuesWrittenInTheRegistryFormatWithTheSecondReleasedSchema() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, 0, 0, 0, 7});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        Schema released = new Schema.Parser().parse(Path.of("schemas/previous/TrainingSample.v2.avsc").toFile());
        GenericRecord record = asReleased(sample(), released);
        record.put("raw_values", sample().getRawValues());
        record.put("scalers", sample().getScalers());
        new GenericDatumWriter<GenericRecord>(released).write(record, encoder);
        encoder.flush();

        TrainingSample read = TrainingSampleCodec.decode(bytes.toByteArray());
        assertThat(read).isEqualTo(sample());
        assertThat(TrainingSampleCodec.hasRawValues(read)).isTrue();
    }

    private static GenericRecord asReleased(TrainingSample sample, Schema released) {
        GenericRecord record = new GenericData.Record(released);
        record.put("key", sample.getKey());
        record.put("value_dimension", sample.getValueDimension());
        record.put("times", sample.getTimes());
        record.put("values", sample.getValues());
        return record;
    }

    @Test
    void shouldRefuseBytesThatAreNoWindow() {
        byte[] good = TrainingSampleCodec.encode(sample());
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> TrainingSampleCodec.decode(truncated)).as("cut at %d", cut)
                    .isInstanceOf(UndecodableStateException.class);
        }
        assertThatThrownBy(() -> TrainingSampleCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(UndecodableStateException.class);
        assertThatThrownBy(() -> TrainingSampleCodec.decode(new byte[] {0, 0, 0, 0, 1, 2, 3}))
                .isInstanceOf(UndecodableStateException.class);
    }

    /**
     * A corrupt row or value count is refused before memory for its rows or statistics is taken: here 2^26 rows would
     * ask for 768 MB.
     */
    @Test
    void shouldRefuseARowCountTheBytesCannotHoldBeforeAllocatingForIt() {
        io.streamcast.codec.BinaryWriter out = new io.streamcast.codec.BinaryWriter();
        out.writeByte(TrainingSampleCodec.MAGIC);
        out.writeByte(TrainingSampleCodec.VERSION);
        out.writeVarLong(0);
        out.writeVarLong(1);
        out.writeVarLong(1 << 26);
        out.writeFloat(1f);

        assertThatThrownBy(() -> TrainingSampleCodec.decode(out.toByteArray()))
                .isInstanceOf(UndecodableStateException.class)
                .hasMessage("a training window of 67108864 rows of 1 values in 4 bytes");

        // no rows, but 2^26 - 1 values' scaling statistics: 32 bytes each, 2 GB
        out.reset();
        out.writeByte(TrainingSampleCodec.MAGIC);
        out.writeByte(TrainingSampleCodec.VERSION);
        out.writeVarLong(0);
        out.writeVarLong((1 << 26) - 1);
        out.writeVarLong(0);
        assertThatThrownBy(() -> TrainingSampleCodec.decode(out.toByteArray()))
                .isInstanceOf(UndecodableStateException.class)
                .hasMessage("a training window of 0 rows of 67108863 values in 0 bytes");
    }
}

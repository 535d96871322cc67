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
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class TrainingSampleCodecTest {

    private static TrainingSample sample() {
        int rows = 5;
        ByteBuffer times = ByteBuffer.allocate(8 * rows).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = ByteBuffer.allocate(4 * 2 * rows).order(ByteOrder.LITTLE_ENDIAN);
        long[] at = {1_000, 61_000, 121_000, 100_000, Long.MAX_VALUE};
        for (int i = 0; i < rows; i++) {
            times.putLong(8 * i, at[i]);
            values.putFloat(8 * i, i - 2.5f);
            values.putFloat(8 * i + 4, Float.MIN_VALUE * i);
        }
        return TrainingSample.newBuilder().setKey("käse").setValueDimension(2).setTimes(times).setValues(values)
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
        new SpecificDatumWriter<>(TrainingSample.class).write(sample(), encoder);
        encoder.flush();

        assertThat(TrainingSampleCodec.decode(bytes.toByteArray())).isEqualTo(sample());
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
}

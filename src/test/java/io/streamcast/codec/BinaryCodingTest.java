package io.streamcast.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinaryCodingTest {

    @Test
    void shouldRoundTripVarintsOfEverySizeAndSign() {
        long[] values = {0, 1, -1, 63, -64, 64, 127, 128, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, 1_767_225_600_000L};
        BinaryWriter out = new BinaryWriter(16);
        for (long value : values) {
            out.writeSignedVarLong(value);
            out.writeVarLong(value);
        }
        BinaryReader in = new BinaryReader().reset(out.buffer(), 0, out.size());
        for (long value : values) {
            assertThat(in.readSignedVarLong()).isEqualTo(value);
            assertThat(in.readVarLong()).isEqualTo(value);
        }
        assertThat(in.remaining()).isZero();
    }

    @Test
    void shouldWriteVarintsAsProtocolBuffersDo() {
        BinaryWriter out = new BinaryWriter();
        out.writeVarLong(300);
        out.writeSignedVarLong(-1);
        out.writeSignedVarLong(1);
        // 300 = 0b10_0101100 -> AC 02 (protobuf's documented example); zigzag(-1) = 1, zigzag(1) = 2.
        assertThat(out.toByteArray()).containsExactly(0xAC, 0x02, 0x01, 0x02);
    }

    @Test
    void shouldKeepEveryDoubleBitForBitInTheCompactForm() {
        double[] values = {0.0, -0.0, 1.0, 3.0, 4.5e15, 9.007199254740992E15, 9.007199254740994E15, 0.5, -2.0,
            0.1, Math.PI, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0123L), Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -1e300, 1e-40};
        BinaryWriter out = new BinaryWriter();
        out.writeCompactDoubles(values, 0, values.length);
        double[] back = new double[values.length];
        new BinaryReader().reset(out.buffer(), 0, out.size()).readCompactDoubles(back, 0, back.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(back[i])).as("value %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void shouldStoreZerosAndSmallWholeNumbersInAByteOrLess() {
        double[] counters = {0, 0, 0, 0, 5, 7, 100, 1};
        BinaryWriter out = new BinaryWriter();
        out.writeCompactDoubles(counters, 0, counters.length);
        // two bytes of kinds, nothing for the zeros, one byte per small whole number
        assertThat(out.size()).isEqualTo(2 + 4);
    }

    @Test
    void shouldRoundTripRandomDoublesAndFloats() {
        SplittableRandom random = new SplittableRandom(3);
        double[] doubles = new double[1000];
        float[] floats = new float[1000];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = Double.longBitsToDouble(random.nextLong());
            floats[i] = Float.intBitsToFloat(random.nextInt());
        }
        BinaryWriter out = new BinaryWriter(8);
        out.writeCompactDoubles(doubles, 0, doubles.length);
        out.writeFloats(floats, 0, floats.length);
        double[] doublesBack = new double[doubles.length];
        float[] floatsBack = new float[floats.length];
        BinaryReader in = new BinaryReader().reset(out.buffer(), 0, out.size());
        in.readCompactDoubles(doublesBack, 0, doubles.length);
        in.readFloats(floatsBack, 0, floats.length);
        for (int i = 0; i < doubles.length; i++) {
            assertThat(Double.doubleToRawLongBits(doublesBack[i])).isEqualTo(Double.doubleToRawLongBits(doubles[i]));
            assertThat(Float.floatToRawIntBits(floatsBack[i])).isEqualTo(Float.floatToRawIntBits(floats[i]));
        }
    }

    @Test
    void shouldRefuseAVarintOverSixtyFourBits() {
        byte[] largest = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThat(new BinaryReader().reset(largest, 0, largest.length).readVarLong()).isEqualTo(-1L);
        // Nine continuation bytes of zeros, then a tenth holding bit 65: it decoded as 0.
        byte[] over = {-128, -128, -128, -128, -128, -128, -128, -128, -128, 2};
        assertThatThrownBy(() -> new BinaryReader().reset(over, 0, over.length).readVarLong())
                .isInstanceOf(UndecodableStateException.class);
    }

    @Test
    void shouldRefuseReadingPastTheWindow() {
        byte[] bytes = {(byte) 0x80, (byte) 0x80};
        assertThatThrownBy(() -> new BinaryReader().reset(bytes, 0, 2).readVarLong())
                .isInstanceOf(UndecodableStateException.class);
        assertThatThrownBy(() -> new BinaryReader().reset(new byte[3], 0, 3).readDouble())
                .isInstanceOf(UndecodableStateException.class);
        assertThatThrownBy(() -> new BinaryReader().reset(new byte[] {5}, 0, 1).readCount(4))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("exceeds");
    }

    /** A section's window ends before the bytes do: a read must not run on into the next section's bytes. */
    @Test
    void shouldRefuseReadingPastANarrowedWindowWhereTheBytesGoOn() {
        BinaryReader reader = new BinaryReader().reset(new byte[16], 0, 16);
        reader.limitTo(6);
        assertThatThrownBy(() -> reader.readFloats(new float[2], 0, 2))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("needs 8 more bytes, 6 left");
        reader.skip(4);
        assertThatThrownBy(reader::readIntLE)
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("needs 4 more bytes, 2 left");
        assertThatThrownBy(() -> reader.limitTo(8))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("runs past the 2 bytes left");
    }

    @Test
    void shouldWriteABlockLengthInFrontOfItsPayload() {
        BinaryWriter out = new BinaryWriter(4);
        out.writeByte(9);
        int mark = out.startBlock();
        for (int i = 0; i < 200; i++) {
            out.writeByte(i);
        }
        out.endBlock(mark);
        BinaryReader in = new BinaryReader().reset(out.buffer(), 0, out.size());
        assertThat(in.readByte()).isEqualTo(9);
        assertThat(in.readVarLong()).isEqualTo(200);
        assertThat(in.remaining()).isEqualTo(200);
        assertThat(out.size()).isEqualTo(1 + 2 + 200);
    }
}

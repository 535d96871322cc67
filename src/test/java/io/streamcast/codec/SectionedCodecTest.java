package io.streamcast.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionedCodecTest {

    /** A state of two components: a counter (essential) and a pair of numbers. */
    static final class Pair {
        long count;
        double[] numbers = new double[2];
    }

    /** A section that writes {@code version} and reads versions up to it; version 2 adds nothing but the tag. */
    record Numbers(int id, int version, int size) implements StateSection<Pair> {
        @Override
        public String name() {
            return "numbers";
        }

        @Override
        public void write(Pair state, BinaryWriter out) {
            out.writeVarLong(state.numbers.length);
            for (double n : state.numbers) {
                out.writeDouble(n);
            }
        }

        @Override
        public boolean read(Pair state, BinaryReader in, int version) {
            int length = in.readCount(in.remaining() / 8);
            if (length != size) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                state.numbers[i] = in.readDouble();
            }
            return true;
        }

        @Override
        public void reset(Pair state) {
            Arrays.fill(state.numbers, -1);
        }
    }

    record Count(int id) implements StateSection<Pair> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public String name() {
            return "count";
        }

        @Override
        public boolean essential() {
            return true;
        }

        @Override
        public void write(Pair state, BinaryWriter out) {
            out.writeVarLong(state.count);
        }

        @Override
        public boolean read(Pair state, BinaryReader in, int version) {
            state.count = in.readVarLong();
            return true;
        }

        @Override
        public void reset(Pair state) {
            state.count = 0;
        }
    }

    /** The numbers as a section added in a later release: absent from an earlier state, they start empty. */
    record AddedLater(Numbers numbers) implements StateSection<Pair> {
        @Override
        public int id() {
            return numbers.id();
        }

        @Override
        public int version() {
            return numbers.version();
        }

        @Override
        public String name() {
            return "added later";
        }

        @Override
        public boolean emptyWhenAbsent() {
            return true;
        }

        @Override
        public void write(Pair state, BinaryWriter out) {
            numbers.write(state, out);
        }

        @Override
        public boolean read(Pair state, BinaryReader in, int version) {
            return numbers.read(state, in, version);
        }

        @Override
        public void reset(Pair state) {
            numbers.reset(state);
        }
    }

    private static Pair pair(long count, double a, double b) {
        Pair pair = new Pair();
        pair.count = count;
        pair.numbers = new double[] {a, b};
        return pair;
    }

    private static SectionedCodec<Pair> codec(StateSection<Pair>... sections) {
        return new SectionedCodec<>(0xAB, 1, List.of(sections));
    }

    @Test
    void shouldRoundTripEverySection() {
        SectionedCodec<Pair> codec = codec(new Count(1), new Numbers(2, 1, 2));
        Pair back = new Pair();

        assertThat(codec.decode(codec.encode(pair(7, 1.5, -2)), back)).isEqualTo(SectionedCodec.Outcome.LOADED);

        assertThat(back.count).isEqualTo(7);
        assertThat(back.numbers).containsExactly(1.5, -2);
    }

    @Test
    void shouldFrameSectionsWithIdVersionAndLength() {
        byte[] bytes = codec(new Count(1)).encode(pair(5, 0, 0));
        // magic, format version, one section: id 1, version 1, length 1, varint 5
        assertThat(bytes).containsExactly(0xAB, 1, 1, 1, 1, 1, 5);
    }

    @Test
    void shouldSkipASectionItDoesNotKnow() {
        byte[] newer = codec(new Count(1), new Numbers(9, 1, 2), new Numbers(2, 1, 2)).encode(pair(3, 4, 5));
        Pair back = new Pair();

        assertThat(codec(new Count(1), new Numbers(2, 1, 2)).decode(newer, back))
                .isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(back.count).isEqualTo(3);
        assertThat(back.numbers).containsExactly(4, 5);
    }

    @Test
    void shouldResetOnlyANonEssentialSectionThatIsMissingNewerOrOfAnotherSize() {
        Pair back = new Pair();
        byte[] withoutNumbers = codec(new Count(1)).encode(pair(3, 4, 5));
        assertThat(codec(new Count(1), new Numbers(2, 1, 2)).decode(withoutNumbers, back))
                .isEqualTo(SectionedCodec.Outcome.PARTLY_RESET);
        assertThat(back.count).isEqualTo(3);
        assertThat(back.numbers).containsExactly(-1, -1);

        byte[] newerNumbers = codec(new Count(1), new Numbers(2, 2, 2)).encode(pair(3, 4, 5));
        assertThat(codec(new Count(1), new Numbers(2, 1, 2)).decode(newerNumbers, back))
                .isEqualTo(SectionedCodec.Outcome.PARTLY_RESET);
        assertThat(back.numbers).containsExactly(-1, -1);

        byte[] olderNumbers = codec(new Count(1), new Numbers(2, 1, 2)).encode(pair(3, 4, 5));
        assertThat(codec(new Count(1), new Numbers(2, 2, 2)).decode(olderNumbers, back))
                .isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(back.numbers).containsExactly(4, 5);

        Pair three = new Pair();
        three.numbers = new double[3];
        SectionedCodec<Pair> threeNumbers = codec(new Count(1), new Numbers(2, 1, 3));
        assertThat(threeNumbers.decode(olderNumbers, three)).isEqualTo(SectionedCodec.Outcome.PARTLY_RESET);
        assertThat(three.count).isEqualTo(3);
        assertThat(threeNumbers.unfitSections()).containsExactly("numbers");
    }

    @Test
    void shouldStartASectionAddedLaterEmptyInAStateStoredBeforeItWithoutCallingThatAReset() {
        byte[] earlier = codec(new Count(1)).encode(pair(3, 4, 5));
        Pair back = pair(9, 9, 9);
        SectionedCodec<Pair> later = codec(new Count(1), new AddedLater(new Numbers(2, 1, 2)));

        assertThat(later.decode(earlier, back)).isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(back.count).isEqualTo(3);
        assertThat(back.numbers).containsExactly(-1, -1);
        assertThat(later.unfitSections()).isEmpty();
        // and the earlier release skips it, keeping the rest
        assertThat(codec(new Count(1)).decode(later.encode(pair(3, 4, 5)), back))
                .isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(back.count).isEqualTo(3);
    }

    @Test
    void shouldResetEverythingWhenAnEssentialSectionIsMissing() {
        byte[] numbersOnly = codec(new Numbers(2, 1, 2)).encode(pair(3, 4, 5));
        Pair back = pair(9, 9, 9);

        SectionedCodec<Pair> both = codec(new Count(1), new Numbers(2, 1, 2));
        assertThat(both.decode(numbersOnly, back)).isEqualTo(SectionedCodec.Outcome.RESET);
        assertThat(back.count).isZero();
        assertThat(back.numbers).containsExactly(-1, -1);
        // what the log says of the reset, and nothing left of it once a state is read whole
        assertThat(both.unfitSections()).containsExactly("count (absent)");
        assertThat(both.decode(both.encode(pair(3, 4, 5)), back)).isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(both.unfitSections()).isEmpty();
    }

    @Test
    void shouldRefuseBytesThatAreNotAStateOfTheFormat() {
        SectionedCodec<Pair> codec = codec(new Count(1), new Numbers(2, 1, 2));
        byte[] good = codec.encode(pair(3, 4, 5));
        Pair back = new Pair();

        assertThatThrownBy(() -> codec.decode(new byte[0], back)).isInstanceOf(UndecodableStateException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {0, 0, 0, 0, 1, 2}, back))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("first byte 0");
        byte[] otherFraming = good.clone();
        otherFraming[1] = 2;
        assertThatThrownBy(() -> codec.decode(otherFraming, back)).isInstanceOf(UndecodableStateException.class);
        for (int cut = 2; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> codec.decode(truncated, back)).as("cut at %d", cut)
                    .isInstanceOf(UndecodableStateException.class);
        }
        byte[] twice = Arrays.copyOf(good, good.length + 4);
        System.arraycopy(good, 3, twice, good.length, 4);
        twice[2] = 3;
        assertThatThrownBy(() -> codec.decode(twice, back)).isInstanceOf(UndecodableStateException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void shouldRefuseASectionWhosePayloadIsLongerThanItsContent() {
        SectionedCodec<Pair> codec = codec(new Count(1));
        // count section of length 2 holding the one-byte varint 5 and a stray byte
        byte[] padded = {(byte) 0xAB, 1, 1, 1, 1, 2, 5, 0};

        assertThatThrownBy(() -> codec.decode(padded, new Pair())).isInstanceOf(UndecodableStateException.class)
                .hasMessageContaining("unread");
    }
}

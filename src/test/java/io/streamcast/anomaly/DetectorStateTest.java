package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.UndecodableStateException;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DetectorStateTest {

    /**
     * A stored count of 2^63 or more decodes as a negative long. Taken as the number of errors judged, it would index
     * the ring of recent errors out of its bounds once the key's errors had warmed up, and every later event of the
     * key would fail (each to the dead letters) with a state that decoded cleanly. It must not decode: the key then
     * starts afresh, as one whose state cannot be read does.
     */
    @Test
    void shouldRefuseAStoredCountBeyondTheLargestLong() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.builder().dailyProfile(false).build(), 1);
        BinaryWriter out = new BinaryWriter();
        scorer.newState().write(out);
        byte[] fresh = out.toByteArray();
        // a fresh key's value: low +infinity, high -infinity (float32, little-endian), then its errors: seen (varint
        // 0), their scale (float32 0) and how many were judged (varint 0), which is replaced by 2^64 - 1
        int high = indexOf(fresh, new byte[] {0, 0, (byte) 0x80, (byte) 0xFF});
        int judged = high + 4 + 1 + 4;
        assertThat(fresh[judged]).isZero();
        ByteArrayOutputStream patched = new ByteArrayOutputStream();
        patched.write(fresh, 0, judged);
        BinaryWriter huge = new BinaryWriter();
        huge.writeVarLong(-1L);
        patched.writeBytes(huge.toByteArray());
        patched.write(fresh, judged + 1, fresh.length - judged - 1);
        byte[] stored = patched.toByteArray();

        DetectorState state = scorer.newState();
        BinaryReader in = new BinaryReader().reset(fresh, 0, fresh.length);
        assertThat(state.read(in, DetectorState.VERSION)).as("the fresh state itself").isTrue();
        assertThatThrownBy(() -> state.read(new BinaryReader().reset(stored, 0, stored.length), DetectorState.VERSION))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("18446744073709551615");
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    /**
     * The counts a detector writes as varints, at their largest: the measure of the largest key state takes them so,
     * where left at 0 it counted each at one byte, and a key a thousand events old wrote two for each. Two values,
     * a window of 16, the daily profile kept. Written by hand from the stored form:
     * <ul>
     *   <li>header: events (varint), the quiet period's end (zigzag varint), the quiet score (8), the value count (1)
     *       and the window (1);</li>
     *   <li>per value, besides its 12 varint counts: low and high (8), the errors' scale and ring (4 + 4 x 16), drift,
     *       volatility and their long run's mean and variance (8 + 8 + 8), surprise and its long run's (8 + 8), the
     *       previous value (8), the changes' scale and ring (4 + 64), their drift (8), the daily profile's flag (1),
     *       its 24 means and counts (192 + 24), its deviations' scale, ring, record and long run (4 + 64 + 8 + 8), and
     *       the weekly deviations' alike (4 + 64 + 8 + 8): 585 bytes;</li>
     *   <li>the 12 counts per value: the errors' and the changes' seen and judged, the two long runs', and the daily
     *       and weekly deviations' seen, judged and long run.</li>
     * </ul>
     * Fresh, every count is 0 and the quiet period's end -1, one byte each: 1 + 1 + 8 + 1 + 1 + 2 x (585 + 12) = 1206.
     * At 2^63 - 1, a varint of 63 bits takes 9 bytes (7 bits a byte), the quiet period's end zigzagged to 2^64 - 2
     * takes 10: 9 + 10 + 8 + 1 + 1 + 2 x (585 + 12 x 9) = 1415.
     */
    @Test
    void shouldWriteEveryCountAtItsLargestOnceCountedAsAfterTheMostEvents() {
        DetectorState state = new DetectorState(2, 16, true);
        BinaryWriter fresh = new BinaryWriter();
        state.write(fresh);

        state.countAsAfter(Long.MAX_VALUE);
        BinaryWriter counted = new BinaryWriter();
        state.write(counted);

        assertThat(fresh.toByteArray()).hasSize(1206);
        assertThat(counted.toByteArray()).hasSize(1415);
    }
}

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
}

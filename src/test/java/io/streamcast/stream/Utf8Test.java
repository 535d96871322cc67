package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static boolean roundTrips(byte[] bytes) {
        return Arrays.equals(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
    }

    @Test
    void shouldJudgeBytesAsTheJdksDecoderDoes() {
        SplittableRandom random = new SplittableRandom(17);
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[random.nextInt(1, 6)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly lead and continuation bytes, where the rules are
                bytes[i] = (byte) (random.nextBoolean() ? random.nextInt(0x80, 0x100) : random.nextInt(0x100));
            }
            boolean expected = roundTrips(bytes);
            valid += expected ? 1 : 0;
            assertThat(Utf8.isValid(bytes)).as("%s", Arrays.toString(bytes)).isEqualTo(expected);
        }
        assertThat(valid).as("valid samples").isGreaterThan(1000);
    }

    @Test
    void shouldAcceptEveryCodePoint() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint += 7) {
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.isValid(bytes)).as("U+%X", codePoint).isTrue();
        }
    }
}

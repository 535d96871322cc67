package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The room start-up leaves around each record's value for its key ({@link RecordSizeCheck#RECORD_OVERHEAD}). */
class RecordOverheadTest {

    /**
     * A key of the longest length accepted whose bytes are not UTF-8 is sent as the record's key, as it came, and in
     * the value of a prediction as text, where each byte became a three-byte replacement character: room for both is
     * left besides the kilobyte for headers and framing, and for the key alone around a record that does not carry it
     * (a key's stored state).
     */
    @Test
    void shouldLeaveRoomForTheLongestKeyThatIsNotUtf8() {
        byte[] key = new byte[RecordSizeCheck.MAX_KEY_BYTES];
        Arrays.fill(key, (byte) 0xFF);
        int asText = new String(key, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8).length;

        assertThat(asText).isEqualTo(3 * 512);
        assertThat(RecordSizeCheck.RECORD_OVERHEAD - 1024).isGreaterThanOrEqualTo(key.length);
        assertThat(RecordSizeCheck.RECORD_OVERHEAD + RecordSizeCheck.KEY_AS_TEXT - 1024)
                .isGreaterThanOrEqualTo(key.length + asText);
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The room start-up leaves around each record's value for its key ({@link RecordSizeCheck#RECORD_OVERHEAD}). */
class RecordOverheadTest {

    /**
     * A key of the longest length accepted whose bytes are not UTF-8 is sent as the record's key, as it came, and in
     * the prediction's value as text, where each byte became a three-byte replacement character; room for both is
     * left besides the kilobyte for headers and framing.
     */
    @Test
    void shouldLeaveRoomForTheLongestKeyThatIsNotUtf8() {
        byte[] key = new byte[RecordSizeCheck.MAX_KEY_BYTES];
        Arrays.fill(key, (byte) 0xFF);
        String text = new String(key, StandardCharsets.UTF_8);
        int asText = text.getBytes(StandardCharsets.UTF_8).length;

        assertThat(asText).isEqualTo(3 * 512);
        assertThat(RecordSizeCheck.RECORD_OVERHEAD - 1024).isGreaterThanOrEqualTo(key.length + asText);
    }
}

package io.streamcast.app.http;

import io.streamcast.stream.RecordSizeCheck;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A key as the last segment of a query's path, percent-encoded as UTF-8. Only a key the stream could have accepted
 * is let through to the store: one that is not UTF-8 or is longer than the stream takes can have no state, and its
 * client is told why rather than that no event of it arrived yet.
 */
final class KeySegment {

    private KeySegment() {
    }

    /**
     * The key {@code encoded} names. A {@code +} is a plus sign, as everywhere in a path.
     *
     * @throws IllegalArgumentException naming the reason when it names no key the stream could accept
     */
    static String decode(String encoded) {
        byte[] bytes = percentDecoded(encoded);
        if (bytes.length > RecordSizeCheck.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + bytes.length + " bytes, more than the "
                    + RecordSizeCheck.MAX_KEY_BYTES + " bytes a key may have (longer ones go to the dead-letter topic"
                    + " as key-too-long), so it has no state");
        }
        try {
            // Strict, where URLDecoder puts U+FFFD in silently and would look up a key nobody sent.
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the key's percent-encoded bytes are not UTF-8");
        }
    }

    private static byte[] percentDecoded(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("the key is not correctly percent-encoded: a % must be"
                            + " followed by two hexadecimal digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                // A character the client sent as it is (curl sends UTF-8 unencoded): its own UTF-8 bytes.
                int end = Character.isHighSurrogate(c) && i + 1 < encoded.length() ? i + 2 : i + 1;
                bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return bytes.toByteArray();
    }
}

package io.streamcast.app.http;

import io.streamcast.stream.RecordSizeCheck;
import java.nio.charset.StandardCharsets;

/**
 * A key as the last segment of a query's path, percent-encoded as UTF-8, or as a query parameter. Only a key the
 * stream could have accepted is let through to the store: one that is not UTF-8 or is longer than the stream takes
 * can have no state, and its client is told why rather than that no event of it arrived yet.
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
        byte[] bytes = PercentEncoding.bytes(encoded, "key");
        refuseTooLong(bytes.length);
        return PercentEncoding.utf8(bytes, "key");
    }

    /**
     * {@code key}, already decoded (from a query parameter), when the stream could have accepted it.
     *
     * @throws IllegalArgumentException naming the reason when it is longer than a key may be
     */
    static String accepted(String key) {
        refuseTooLong(key.getBytes(StandardCharsets.UTF_8).length);
        return key;
    }

    private static void refuseTooLong(int bytes) {
        if (bytes > RecordSizeCheck.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + bytes + " bytes, more than the "
                    + RecordSizeCheck.MAX_KEY_BYTES + " bytes a key may have (longer ones go to the dead-letter topic"
                    + " as key-too-long), so it has no state");
        }
    }
}

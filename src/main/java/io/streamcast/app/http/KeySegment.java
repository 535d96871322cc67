package io.streamcast.app.http;

import io.streamcast.stream.RecordSizeCheck;

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
        byte[] bytes = PercentEncoding.bytes(encoded, "key");
        if (bytes.length > RecordSizeCheck.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + bytes.length + " bytes, more than the "
                    + RecordSizeCheck.MAX_KEY_BYTES + " bytes a key may have (longer ones go to the dead-letter topic"
                    + " as key-too-long), so it has no state");
        }
        return PercentEncoding.utf8(bytes, "key");
    }
}

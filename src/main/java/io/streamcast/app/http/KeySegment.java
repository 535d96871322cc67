package io.streamcast.app.http;

import io.streamcast.stream.RecordSizeCheck;

/**
 * A key as the last segment of a query's path, or as a query parameter, percent-encoded: the key's bytes, whatever
 * they are, for the stream takes keys of any bytes (an id that Kafka's LongSerializer wrote is seldom UTF-8). Only a
 * key longer than the stream takes is refused before the store is asked: it can have no state, and its client is
 * told why rather than that no event of it arrived yet.
 */
final class KeySegment {

    private KeySegment() {
    }

    /**
     * The key {@code encoded}, a path segment, names. A {@code +} is a plus sign, as everywhere in a path.
     *
     * @throws IllegalArgumentException naming the reason when it names no key the stream could accept
     */
    static byte[] decode(String encoded) {
        byte[] key = PercentEncoding.bytes(encoded, "key");
        refuseTooLong(key.length);
        return key;
    }

    /**
     * The key {@code encoded}, a query parameter's value as it came, names. A {@code +} is a space, as HTML forms
     * encode a query.
     *
     * @throws IllegalArgumentException naming the reason when it names no key the stream could accept
     */
    static byte[] decodeQueryValue(String encoded) {
        return decode(encoded.replace("+", "%20"));
    }

    private static void refuseTooLong(int bytes) {
        if (bytes > RecordSizeCheck.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + bytes + " bytes, more than the "
                    + RecordSizeCheck.MAX_KEY_BYTES + " bytes a key may have (longer ones go to the dead-letter topic"
                    + " as key-too-long), so it has no state");
        }
    }
}

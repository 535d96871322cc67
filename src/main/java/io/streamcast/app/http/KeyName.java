package io.streamcast.app.http;

/**
 * A key as answers name it. Record keys are bytes, and the stream takes any (Kafka's LongSerializer writes an id as
 * eight bytes that are seldom UTF-8), so a key has two names: {@code text}, for people, and, only when the bytes are
 * not UTF-8, {@code segment}, for clients to address the key with.
 *
 * <p>{@code text} is the key itself when it is UTF-8. Otherwise it is the bytes written out: printable ASCII as it
 * is, a backslash as {@code \\}, every other byte as {@code \xHH}; so two keys that are not UTF-8 never read alike
 * (the console marks them, so that neither does one with a UTF-8 key that reads {@code \xC8}). Decoding such text
 * as UTF-8 instead would put U+FFFD in for every stray byte and name many keys alike, none of them addressable.
 *
 * @param segment the key's bytes percent-encoded, as {@code /keys/{key}} and {@code ?key=} take them; null for a
 *                UTF-8 key, whose text percent-encoded as UTF-8 addresses it already
 */
record KeyName(String text, String segment) {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static KeyName of(byte[] key) {
        try {
            return new KeyName(PercentEncoding.utf8(key, "key"), null);
        } catch (IllegalArgumentException notUtf8) {
            return new KeyName(escaped(key), PercentEncoding.encode(key));
        }
    }

    private static String escaped(byte[] key) {
        StringBuilder text = new StringBuilder(key.length * 4);
        for (byte b : key) {
            int c = b & 0xFF;
            if (c == '\\') {
                text.append("\\\\");
            } else if (c >= 0x20 && c < 0x7F) {
                text.append((char) c);
            } else {
                text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return text.toString();
    }
}

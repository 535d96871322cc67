package io.streamcast.app.http;

import java.io.ByteArrayOutputStream;

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

    /**
     * The bytes a prefix of a written-out {@code text} names, so that a search box finds keys that are not UTF-8 by
     * the text the console shows for them ({@code \x00\x00} for the ids a LongSerializer writes): null when
     * {@code text} holds no escape, or anything that written-out text never holds (a character beyond printable
     * ASCII, a backslash before anything but a backslash or {@code x} and two hex digits). An escape cut short at the
     * end, as typing leaves it, ends the prefix before it.
     */
    static byte[] bytesOfWrittenOutPrefix(String text) {
        if (text.indexOf('\\') < 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return null;
            }
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            int left = text.length() - i - 1;
            if (left == 0 || (text.charAt(i + 1) == 'x' && left < 3)) {
                break; // cut short by the end of what was typed so far
            }
            if (text.charAt(i + 1) == '\\') {
                bytes.write('\\');
                i++;
            } else if (text.charAt(i + 1) == 'x' && hex(text.charAt(i + 2)) >= 0 && hex(text.charAt(i + 3)) >= 0) {
                bytes.write(hex(text.charAt(i + 2)) << 4 | hex(text.charAt(i + 3)));
                i += 3;
            } else {
                return null;
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
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

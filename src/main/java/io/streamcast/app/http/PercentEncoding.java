package io.streamcast.app.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes that a client percent-encoded, as the JDK's server hands them over (its request line read as ISO-8859-1);
 * text among them decoded strictly: where URLDecoder puts U+FFFD in silently for bytes that are not UTF-8, and so looks
 * up a text nobody sent, this refuses them, naming what was malformed. A key is bytes and is not read as text at all.
 */
final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /**
     * The bytes {@code encoded} stands for. A {@code +} is a plus sign, as everywhere in a path.
     *
     * @param what what {@code encoded} is, for the reason a refusal gives: "key", "prefix"
     * @throws IllegalArgumentException when a {@code %} is not followed by two hexadecimal digits
     */
    static byte[] bytes(String encoded, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("the " + what + " is not correctly percent-encoded: a % must"
                            + " be followed by two hexadecimal digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c <= 0xFF) {
                // A byte the client sent as it is (curl sends UTF-8 unencoded): the JDK's server reads the request
                // line as ISO-8859-1, one character per byte, so the character's code is the byte the client sent.
                bytes.write(c);
            } else {
                // Text that did not come through a request line: its own UTF-8 bytes.
                int end = Character.isHighSurrogate(c) && i + 1 < encoded.length() ? i + 2 : i + 1;
                bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return bytes.toByteArray();
    }

    /**
     * {@code bytes} percent-encoded: every byte but the letters, digits and {@code -._~} that RFC 3986 leaves
     * unreserved as {@code %HH}, so the result is one path segment and one query value alike ({@code +} included).
     */
    static String encode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    /**
     * {@code bytes} read as UTF-8.
     *
     * @throws IllegalArgumentException when they are not UTF-8
     */
    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the " + what + "'s percent-encoded bytes are not UTF-8");
        }
    }
}

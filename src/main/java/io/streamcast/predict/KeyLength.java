package io.streamcast.predict;

/**
 * The longest key (entity id) the stream accepts, and its refusal's words, shared by the stream processor and the
 * offline evaluators so that both refuse the same keys and say so alike ({@link Rejection#KEY_TOO_LONG}).
 */
public final class KeyLength {

    /** In bytes of the key as sent (UTF-8 for a key written as text). */
    public static final int MAX_KEY_BYTES = 512;

    private KeyLength() {
    }

    /** Why a key of {@code bytes} bytes is refused, e.g. {@code the key is 600 bytes, more than 512}; null if not. */
    public static String refusal(int bytes) {
        return bytes > MAX_KEY_BYTES ? "the key is " + bytes + " bytes, more than " + MAX_KEY_BYTES : null;
    }
}

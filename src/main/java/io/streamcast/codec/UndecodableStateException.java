package io.streamcast.codec;

/**
 * Stored bytes that cannot be read as a state: truncated, malformed, or in no format this version knows. The
 * bytes say nothing usable about the key, so the caller's only sound move is to start the key afresh (and count
 * it); retrying cannot help.
 */
public final class UndecodableStateException extends RuntimeException {

    public UndecodableStateException(String message) {
        super(message);
    }

    public UndecodableStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.streamcast.predict;

/** A model snapshot that cannot be used: undecodable, inconsistent dimensions or non-finite weights. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.streamcast.serde;

/** A registry call that failed: unreachable, refused, or asked for something the registry does not have. */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

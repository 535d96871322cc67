package io.streamcast.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes in the wire format whose writer schema the registry does not know, or that the reading class cannot
 * read: the record is well framed but belongs to another schema.
 */
public class SchemaMismatchException extends SerializationException {

    public SchemaMismatchException(String message) {
        super(message);
    }

    public SchemaMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

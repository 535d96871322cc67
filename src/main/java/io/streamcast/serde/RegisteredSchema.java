package io.streamcast.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: the registry's answer to a lookup by subject or a request for the latest version. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}

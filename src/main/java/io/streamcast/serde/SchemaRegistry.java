package io.streamcast.serde;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that serdes need. Implementations cache, so the hot path
 * asks the network at most once per schema.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    @Override
    default void close() {
    }
}

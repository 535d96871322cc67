package io.streamcast.serde;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that serdes need. Implementations cache, so the hot path
 * asks the network at most once per schema. Every failure is a {@link SchemaRegistryException} that names the
 * subject or id asked for and, for a remote registry, its URL.
 */
public interface SchemaRegistry extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject}, or finds it there, and returns its global id
     * ({@code POST /subjects/{subject}/versions}). Fails with status 409 when the subject's compatibility rule
     * refuses it.
     */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id} ({@code GET /schemas/ids/{id}}). */
    Schema schemaById(int id);

    /**
     * The version of {@code subject} holding {@code schema}, without registering it ({@code POST /subjects/{subject}}).
     * Fails with 404 (40401 no such subject, 40403 schema not under it) when it is not there.
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The latest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}). */
    RegisteredSchema latest(String subject);

    /**
     * Whether {@code schema} could be registered under {@code subject} as its next version, judged by the subject's
     * compatibility level as a registration would be
     * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}).
     */
    CompatibilityCheck checkCompatibility(String subject, Schema schema);

    /** Where this registry lives, for error messages: its URLs, or {@code mock://scope}. */
    String describe();

    @Override
    default void close() {
    }
}

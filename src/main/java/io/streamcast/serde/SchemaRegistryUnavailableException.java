package io.streamcast.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized because the schema registry gave no answer (see
 * {@link SchemaRegistryException#isUnavailable()}), not because anything is wrong with the record. Exception
 * handlers should fail (so that the record is read again once the registry answers: the application replaces the
 * stream thread, or is restarted) rather than send the record to a dead-letter topic: during a registry outage every
 * record would end up there. A registry that refused the credentials is no passing outage:
 * {@link SchemaRegistryCredentialsRefusedException}.
 */
public class SchemaRegistryUnavailableException extends SerializationException {

    public SchemaRegistryUnavailableException(String message, SchemaRegistryException cause) {
        super(message, cause);
    }

    /**
     * The exception for a record that {@code cause}, a registry call that gave no answer about the schema, kept from
     * being read or written: {@link SchemaRegistryCredentialsRefusedException} when the registry refused the
     * credentials.
     */
    public static SchemaRegistryUnavailableException of(String message, SchemaRegistryException cause) {
        return cause.isCredentialsRefused() ? new SchemaRegistryCredentialsRefusedException(message, cause)
                : new SchemaRegistryUnavailableException(message, cause);
    }
}

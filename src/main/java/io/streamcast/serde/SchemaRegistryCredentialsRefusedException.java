package io.streamcast.serde;

/**
 * The schema registry refused this client's credentials: HTTP 401 (none, wrong, or no longer valid) or 403 (valid,
 * but not allowed what was asked). Like any {@link SchemaRegistryUnavailableException} it is not the record's fault,
 * so the record is never dead-lettered for it; unlike an outage it does not pass, so nothing should wait for it or
 * retry it: only a change of the credential settings or of the registry's permissions mends it.
 */
public class SchemaRegistryCredentialsRefusedException extends SchemaRegistryUnavailableException {

    public SchemaRegistryCredentialsRefusedException(String message, SchemaRegistryException cause) {
        super(message, cause);
    }
}

package io.streamcast.serde;

import java.util.Map;

/** Opens the registry named by {@code schema.registry.url}: {@code mock://scope} in memory, else over HTTP. */
public final class SchemaRegistries {

    private SchemaRegistries() {
    }

    /** The registry at {@code url} (one URL or several, comma-separated) with every other setting at its default. */
    public static SchemaRegistry forUrl(String url) {
        return create(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
    }

    /**
     * The registry described by Confluent-named settings ({@code schema.registry.url}, authentication, TLS, timeouts,
     * retries); other keys are ignored, so the application's whole configuration may be passed.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the settings are invalid
     */
    public static SchemaRegistry create(Map<String, ?> configs) {
        return create(new SchemaRegistryConfig(configs));
    }

    public static SchemaRegistry create(SchemaRegistryConfig config) {
        if (config.isMock()) {
            return MockSchemaRegistry.forScope(config.urls().get(0).substring(MockSchemaRegistry.URL_PREFIX.length()));
        }
        return HttpSchemaRegistry.create(config);
    }
}

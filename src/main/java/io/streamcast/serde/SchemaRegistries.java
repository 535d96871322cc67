package io.streamcast.serde;

/** Opens the registry named by a {@code schema.registry.url} value. */
public final class SchemaRegistries {

    private SchemaRegistries() {
    }

    public static SchemaRegistry forUrl(String url) {
        if (url.startsWith(MockSchemaRegistry.URL_PREFIX)) {
            return MockSchemaRegistry.forScope(url.substring(MockSchemaRegistry.URL_PREFIX.length()));
        }
        throw new IllegalArgumentException("Unsupported schema registry URL " + url
                + "; only mock://scope is supported so far");
    }
}

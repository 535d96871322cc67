package io.streamcast.app.cli;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.serde.MockSchemaRegistry;
import java.util.Arrays;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses an in-memory ({@code mock://}) schema registry to a command whose records are read in another process.
 * Such a registry lives in one JVM, so a schema registered there is unknown to the reader: every record went to the
 * dead letters as a schema mismatch, and nothing said why. Checks the registry client's settings too, before the
 * command creates topics or starts anything.
 */
final class SharedRegistry {

    private SharedRegistry() {
    }

    /**
     * @param crossing what crosses to another process, e.g. {@code the events produce-demo sends are read by
     *                 Streamcast}
     * @throws ConfigException naming {@code schema.registry.url} when it is in memory, or naming a registry client
     *                         setting that is invalid (a URL that is not http or https, a subject name strategy,
     *                         authentication, a TLS store that cannot be read)
     */
    static void require(StreamcastConfig config, String crossing) {
        String url = config.getString(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG);
        if (Arrays.stream(url.split(",")).anyMatch(u -> u.trim().startsWith(MockSchemaRegistry.URL_PREFIX))) {
            throw new ConfigException(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, url, "a "
                    + MockSchemaRegistry.URL_PREFIX + " registry lives in one process only, and " + crossing
                    + " in another process, which would not find their schemas; give a schema registry that both"
                    + " reach");
        }
        // Left to the serdes, a bad registry setting stopped run only after it had created its topics, as "Cannot
        // start Streamcast" with exit status 1. Building the client sends nothing.
        AvroSerdes.create(config.registrySettings()).close();
    }
}

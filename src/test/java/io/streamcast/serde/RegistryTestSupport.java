package io.streamcast.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Schemas and settings shared by the registry tests. */
final class RegistryTestSupport {

    private RegistryTestSupport() {
    }

    /** A small record schema; {@code extraOptionalField} adds a nullable field with a default (a compatible change). */
    static Schema reading(boolean extraOptionalField) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Reading").namespace("test.registry")
                .fields()
                .requiredString("sensor")
                .requiredDouble("value");
        if (extraOptionalField) {
            fields = fields.optionalString("unit");
        }
        return fields.endRecord();
    }

    /** The same record with a new required field and no default: older data cannot be read with it. */
    static Schema readingWithRequiredField() {
        return SchemaBuilder.record("Reading").namespace("test.registry").fields()
                .requiredString("sensor")
                .requiredDouble("value")
                .requiredLong("sequence")
                .endRecord();
    }

    /** Client settings for {@code url} that retry quickly, so failure tests stay fast. */
    static Map<String, Object> fastRetries(String url) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url);
        config.put(SchemaRegistryConfig.MAX_RETRIES_CONFIG, 2);
        config.put(SchemaRegistryConfig.RETRIES_WAIT_MS_CONFIG, 1);
        config.put(SchemaRegistryConfig.RETRIES_MAX_WAIT_MS_CONFIG, 5);
        config.put(SchemaRegistryConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, 2_000);
        config.put(SchemaRegistryConfig.HTTP_READ_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    /** A loopback URL nothing listens on: a port just freed by the operating system. */
    static String unusedUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

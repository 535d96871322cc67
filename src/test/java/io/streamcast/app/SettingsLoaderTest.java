package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @Test
    void shouldMapPrefixedEnvironmentVariablesOntoSettingKeys() {
        Map<String, Object> settings = SettingsLoader.fromEnvironment(Map.of(
                "STREAMCAST_MODEL_HIDDEN_SIZE", "64",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "PATH", "/usr/bin",
                "KAFKA_", "ignored"));

        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(
                "model.hidden.size", "64",
                "bootstrap.servers", "broker:9092"));
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "model.hidden.size=16\nevents.topic=in\n");

        Map<String, Object> settings = SettingsLoader.load(file, Map.of("STREAMCAST_MODEL_HIDDEN_SIZE", "64"));

        assertThat(settings).containsEntry("model.hidden.size", "64").containsEntry("events.topic", "in");
    }

    @Test
    void shouldNameAMissingConfigurationFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> SettingsLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldIgnoreTheVariablesKubernetesSetsForTheServicesOfANamespace() {
        Map<String, Object> settings = SettingsLoader.fromEnvironment(Map.of(
                "STREAMCAST_SERVICE_HOST", "10.0.0.7",
                "STREAMCAST_SERVICE_PORT", "8080",
                "STREAMCAST_SERVICE_PORT_HTTP", "8080",
                "STREAMCAST_PORT", "tcp://10.0.0.7:8080",
                "STREAMCAST_PORT_8080_TCP", "tcp://10.0.0.7:8080",
                "STREAMCAST_PORT_8080_TCP_ADDR", "10.0.0.7",
                "KAFKA_PORT_9092_TCP_PROTO", "tcp",
                "STREAMCAST_HTTP_PORT", "8081",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));

        assertThat(settings).containsOnly(Map.entry("http.port", "8081"),
                Map.entry("bootstrap.servers", "broker:9092"));
    }
}

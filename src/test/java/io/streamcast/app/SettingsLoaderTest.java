package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamcast.config.StreamcastConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    void shouldTrimAVariablesValueAsAFilesValueIs() {
        Map<String, Object> settings = SettingsLoader.fromEnvironment(Map.of(
                "KAFKA_APPLICATION_SERVER", "host:8080 ", "STREAMCAST_EVENTS_TOPIC", "\tin"));

        assertThat(settings).containsEntry("application.server", "host:8080").containsEntry("events.topic", "in");
    }

    @Test
    void shouldRefuseTwoVariablesThatGiveTheSameSettingDifferentValues() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-a:9092",
                "STREAMCAST_BOOTSTRAP_SERVERS", "kafka-b:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("STREAMCAST_BOOTSTRAP_SERVERS").hasMessageContaining("bootstrap.servers");
        assertThat(SettingsLoader.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-a:9092",
                "STREAMCAST_BOOTSTRAP_SERVERS", "kafka-a:9092"))).containsEntry("bootstrap.servers", "kafka-a:9092");
    }

    /** A variable meant as a setting but not named in capitals was passed over without a word. */
    @Test
    void shouldRefuseAVariableWhosePrefixIsNotInCapitals() {
        for (String name : List.of("streamcast_model_hidden_size", "Streamcast_Model_Hidden_Size")) {
            assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(name, "64")))
                    .as(name).isInstanceOf(ConfigException.class)
                    .hasMessage("Environment variable " + name + " gives no setting: only variables named STREAMCAST_*"
                            + " or KAFKA_*, the prefix in capitals, give settings; name it "
                            + name.toUpperCase(Locale.ROOT));
        }
        assertThat(SettingsLoader.load(null, Map.of("streamcast", "x", "kafka_", "y", "kafkaesque", "z"))).isEmpty();
    }

    /** STREAMCAST_ alone (STREAMCAST_${NAME} with NAME unset) was passed over without a word. */
    @Test
    void shouldRefuseThePrefixAlone() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("STREAMCAST_", "64")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Environment variable STREAMCAST_ gives no setting: the name of a setting follows the"
                        + " prefix, as in STREAMCAST_MODEL_HIDDEN_SIZE");
        List<String> notices = new ArrayList<>();

        assertThat(SettingsLoader.load(null, Map.of("KAFKA_", "b:9092"), notices::add)).isEmpty();
        assertThat(notices).containsExactly("Environment variable KAFKA_ gives no setting, and is ignored: the name"
                + " of a setting follows the prefix, as in KAFKA_BOOTSTRAP_SERVERS");
    }

    /** An environment shared with other programs may hold a kafka_ variable meant for another: said, not refused. */
    @Test
    void shouldSayAndIgnoreAKafkaVariableWhosePrefixIsNotInCapitals() {
        List<String> notices = new ArrayList<>();

        Map<String, Object> settings = SettingsLoader.load(null, Map.of("kafka_topic_prefix", "other-app",
                "Kafka_Bootstrap_Servers", "b:9092"), notices::add);

        assertThat(settings).isEmpty();
        assertThat(notices).containsExactly(
                "Environment variable Kafka_Bootstrap_Servers gives no setting, and is ignored: only variables named"
                        + " KAFKA_*, the prefix in capitals, give Kafka's settings",
                "Environment variable kafka_topic_prefix gives no setting, and is ignored: only variables named"
                        + " KAFKA_*, the prefix in capitals, give Kafka's settings");
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "model.hidden.size=16\nevents.topic=in\n");

        Map<String, Object> settings = SettingsLoader.load(file, Map.of("STREAMCAST_MODEL_HIDDEN_SIZE", "64"));

        assertThat(settings).containsEntry("model.hidden.size", "64").containsEntry("events.topic", "in");
    }

    /** The file's value, still there to read, was ignored unseen; one the environment repeats is no news. */
    @Test
    void shouldSayWhichSettingsTheEnvironmentGivesOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "model.hidden.size=16\nevents.topic=in\nsasl.jaas.config=secret\n");
        List<String> notices = new ArrayList<>();

        SettingsLoader.load(file, Map.of("STREAMCAST_MODEL_HIDDEN_SIZE", "64", "KAFKA_SASL_JAAS_CONFIG", "other",
                "STREAMCAST_EVENTS_TOPIC", " in", "STREAMCAST_TRAINING_ENABLED", "false"), notices::add);

        assertThat(notices).containsExactly(
                "Setting model.hidden.size: environment variable STREAMCAST_MODEL_HIDDEN_SIZE overrides the value in "
                        + file,
                "Setting sasl.jaas.config: environment variable KAFKA_SASL_JAAS_CONFIG overrides the value in " + file);
    }

    /** A key a file gives twice with different values is refused: which one won depended on the lines' order. */
    @Test
    void shouldRefuseAKeyAFileGivesTwiceWithDifferentValues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "model.hidden.size=16\nevents.topic=in\nmodel.hidden.size=64\nsasl.jaas.config=a\n"
                + "sasl.jaas.config=b\n");

        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read the configuration file " + file + ": it gives model.hidden.size,"
                        + " sasl.jaas.config twice, with different values; keep one");
    }

    @Test
    void shouldTakeAKeyAFileGivesTwiceWithOneValue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "model.hidden.size=16\nevents.topic=in\nmodel.hidden.size = 16 \n");

        assertThat(SettingsLoader.load(file, Map.of())).containsEntry("model.hidden.size", "16");
    }

    /** A UTF-8 byte order mark no longer begins the first key, which was refused as unknown. */
    @Test
    void shouldSkipAByteOrderMark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streamcast.properties");
        Files.writeString(file, "\uFEFFmodel.hidden.size=16\nevents.topic=in\n");

        assertThat(SettingsLoader.load(file, Map.of())).containsOnlyKeys("model.hidden.size", "events.topic");
    }

    @Test
    void shouldNameAMissingConfigurationFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> SettingsLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read the configuration file " + missing + ": no such file");
    }

    @Test
    void shouldNameTheEnvironmentVariableOfAnUnknownSetting() {
        Map<String, String> environment = Map.of("STREAMCAST_MODEL_HIDEN_SIZE", "16",
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:1", "STREAMCAST_SCHEMA_REGISTRY_URL", "mock://x");

        assertThatThrownBy(() -> new StreamcastConfig(SettingsLoader.load(null, environment)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(SettingsLoader.namingVariables(e.getMessage(), environment))
                        .startsWith("Unknown setting model.hiden.size (from environment variable"
                                + " STREAMCAST_MODEL_HIDEN_SIZE): "));
    }

    @Test
    void shouldNameTheEnvironmentVariableOfAWholeKeyOnly() {
        Map<String, String> environment = Map.of("STREAMCAST_MODEL_HIDDEN", "1", "KAFKA_ACKS", "all");

        assertThat(SettingsLoader.namingVariables("Invalid value x for configuration model.hidden.size: no",
                environment)).isEqualTo("Invalid value x for configuration model.hidden.size: no");
        assertThat(SettingsLoader.namingVariables("Invalid value x for configuration model.hidden.", environment))
                .isEqualTo("Invalid value x for configuration model.hidden (from environment variable"
                        + " STREAMCAST_MODEL_HIDDEN).");
        assertThat(SettingsLoader.namingVariables("Unknown setting consumer.acks", environment))
                .isEqualTo("Unknown setting consumer.acks");
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

    /** Kafka's launch scripts' JVM options, set in images built on Kafka's, are no settings. */
    @Test
    void shouldIgnoreTheJvmOptionsOfKafkasLaunchScripts() {
        Map<String, Object> settings = SettingsLoader.fromEnvironment(Map.of(
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Djava.security.auth.login.config=/etc/kafka/jaas.conf",
                "KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseG1GC",
                "KAFKA_DEBUG", "y",
                "STREAMCAST_OPTS", "kept",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));

        assertThat(settings).containsOnly(Map.entry("opts", "kept"), Map.entry("bootstrap.servers", "broker:9092"));
    }

    /**
     * Naming the variables of an error does not refuse conflicting ones again: the refusal of two variables that give
     * one setting different values was itself such an error, and naming its variables threw it anew, so it came out as
     * a stack trace instead of its one line.
     */
    @Test
    void shouldNameVariablesInTheErrorThatRefusesTwoOfThem() {
        Map<String, String> environment = Map.of("STREAMCAST_MODEL_HIDDEN_SIZE", "64",
                "KAFKA_MODEL_HIDDEN_SIZE", "65");
        ConfigException refusal = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> SettingsLoader.load(null, environment));

        assertThat(SettingsLoader.namingVariables(refusal.getMessage(), environment))
                .contains("set model.hidden.size", "to different values; keep one");
    }

    /**
     * Config providers set up in the file or by KAFKA_ variables (KAFKA_CONFIG_PROVIDERS_FILE_CLASS gives
     * config.providers.file.class) resolve the placeholders of the file's values and of the variables'; one that gives
     * no value is refused, and the message names the variable that gave it.
     */
    @Test
    void shouldResolveConfigProviderPlaceholdersOfTheFileAndTheVariables(@TempDir Path dir) throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "name=fleet-a\nsize=48\n");
        Path file = Files.writeString(dir.resolve("streamcast.properties"), "schema.registry.url=mock://loader\n"
                + "model.name=${file:" + secrets + ":name}\n");
        Map<String, String> environment = new HashMap<>(Map.of("KAFKA_CONFIG_PROVIDERS", "file",
                "KAFKA_CONFIG_PROVIDERS_FILE_CLASS", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "STREAMCAST_MODEL_HIDDEN_SIZE", "${file:" + secrets + ":size}"));

        StreamcastConfig config = new StreamcastConfig(SettingsLoader.load(file, environment));

        assertThat(config.getString(StreamcastConfig.MODEL_NAME_CONFIG)).isEqualTo("fleet-a");
        assertThat(config.getInt(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG)).isEqualTo(48);
        environment.put("STREAMCAST_MODEL_HIDDEN_SIZE", "${file:" + secrets + ":layers}");
        ConfigException refusal = catchThrowableOfType(ConfigException.class,
                () -> new StreamcastConfig(SettingsLoader.load(file, environment)));
        assertThat(SettingsLoader.namingVariables(refusal.getMessage(), environment)).startsWith("Setting"
                + " model.hidden.size (from environment variable STREAMCAST_MODEL_HIDDEN_SIZE): config provider file"
                + " has no value for ${file:" + secrets + ":layers}");
    }
}

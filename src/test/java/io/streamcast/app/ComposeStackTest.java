package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.http.OpsEndpoints;
import io.streamcast.config.StreamcastConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What can be checked of the compose stack without a Docker engine: the files parse, every file they refer to
 * exists, and they agree with each other and with the application (settings, subcommands, ports, paths).
 */
class ComposeStackTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path COMPOSE = Path.of("docker-compose.yml");

    private static JsonNode compose() throws IOException {
        return YAML.readTree(COMPOSE.toFile());
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new HashMap<>();
        service.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        return environment;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void shouldDefineTheWholeStackWithDependenciesOnServicesItDefines() throws IOException {
        JsonNode services = compose().path("services");

        assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("kafka", "schema-registry",
                "streamcast", "producer", "prometheus", "grafana");
        services.properties().forEach(service -> {
            JsonNode dependsOn = service.getValue().path("depends_on");
            List<String> dependencies = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependencies.addAll(strings(dependsOn));
            } else {
                dependsOn.fieldNames().forEachRemaining(dependencies::add);
            }
            assertThat(dependencies).as("dependencies of %s", service.getKey()).allMatch(services::has);
        });
    }

    @Test
    void shouldRunKafkaInKraftModeWithoutZooKeeper() throws IOException {
        JsonNode kafka = compose().path("services").path("kafka");
        Map<String, String> environment = environment(kafka);

        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(environment.get("KAFKA_PROCESS_ROLES").split(",")).containsExactlyInAnyOrder("broker",
                "controller");
        assertThat(environment).containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS").doesNotContainKey(
                "KAFKA_ZOOKEEPER_CONNECT");
        assertThat(compose().path("services").path("schema-registry").path("image").asText())
                .startsWith("confluentinc/cp-schema-registry:");
    }

    @Test
    void shouldConfigureStreamcastWithValidSettingsAndAStateVolume() throws IOException {
        JsonNode root = compose();
        JsonNode streamcast = root.path("services").path("streamcast");
        Map<String, String> environment = environment(streamcast);

        StreamcastConfig config = new StreamcastConfig(SettingsLoader.load(null, environment));

        assertThat(streamcast.path("build").asText()).isEqualTo(".");
        assertThat(Path.of("Dockerfile")).isRegularFile();
        assertThat(config.getString(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG))
                .isEqualTo("http://schema-registry:8081");
        assertThat(config.streamsProperties().getProperty("bootstrap.servers")).isEqualTo("kafka:9092");
        assertThat(config.streamsProperties().getProperty("application.server"))
                .isEqualTo("streamcast:" + config.getInt(StreamcastConfig.HTTP_PORT_CONFIG));
        String stateDir = config.streamsProperties().getProperty("state.dir");
        assertThat(strings(streamcast.path("volumes"))).anyMatch(volume -> volume.endsWith(":" + stateDir)
                && root.path("volumes").has(volume.substring(0, volume.indexOf(':'))));
        assertThat(strings(streamcast.path("ports"))).contains(config.getInt(StreamcastConfig.HTTP_PORT_CONFIG) + ":"
                + config.getInt(StreamcastConfig.HTTP_PORT_CONFIG));
        assertThat(String.join(" ", strings(streamcast.path("healthcheck").path("test"))))
                .contains("/tcp/127.0.0.1/" + config.getInt(StreamcastConfig.HTTP_PORT_CONFIG))
                .contains("GET " + OpsEndpoints.READINESS + " ");
    }

    @Test
    void shouldProduceTheDemoStreamWithAnExistingSubcommandAndValidSettings() throws IOException {
        JsonNode producer = compose().path("services").path("producer");
        List<String> command = strings(producer.path("command"));

        CommandLine.ParseResult parsed = new CommandLine(new StreamcastCommand())
                .parseArgs(command.toArray(String[]::new));

        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("produce-demo");
        assertThat(parsed.subcommand().unmatched()).isEmpty();
        StreamcastConfig config = new StreamcastConfig(SettingsLoader.load(null, environment(producer)));
        JsonNode streamcast = compose().path("services").path("streamcast");
        StreamcastConfig streamcastConfig = new StreamcastConfig(SettingsLoader.load(null, environment(streamcast)));
        assertThat(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG))
                .isEqualTo(streamcastConfig.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG));
        assertThat(config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG))
                .isEqualTo(streamcastConfig.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG));
        assertThat(producer.path("image").asText()).isEqualTo(streamcast.path("image").asText());
    }

    @Test
    void shouldMountOnlyFilesThatExist() throws IOException {
        compose().path("services").properties().forEach(service -> {
            for (String volume : strings(service.getValue().path("volumes"))) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (source.startsWith(".")) {
                    assertThat(Path.of(source)).as("%s mounts %s", service.getKey(), source).exists();
                }
            }
        });
    }

    @Test
    void shouldScrapeStreamcastsMetricsEndpoint() throws IOException {
        JsonNode prometheus = YAML.readTree(Path.of("ops/prometheus/prometheus.yml").toFile());
        Map<String, String> environment = environment(compose().path("services").path("streamcast"));
        int port = new StreamcastConfig(SettingsLoader.load(null, environment))
                .getInt(StreamcastConfig.HTTP_PORT_CONFIG);

        JsonNode job = prometheus.path("scrape_configs").get(0);

        assertThat(job.path("metrics_path").asText()).isEqualTo(OpsEndpoints.METRICS);
        assertThat(strings(job.path("static_configs").get(0).path("targets"))).containsExactly("streamcast:" + port);
        assertThat(strings(compose().path("services").path("prometheus").path("volumes")))
                .contains("./ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void shouldProvisionGrafanaWithThePrometheusSourceAndTheDashboard() throws IOException {
        JsonNode grafana = compose().path("services").path("grafana");
        JsonNode source = YAML.readTree(Path.of("ops/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        JsonNode provider = YAML.readTree(Path.of("ops/grafana/provisioning/dashboards/streamcast.yml").toFile())
                .path("providers").get(0);
        JsonNode dashboard = new ObjectMapper().readTree(GrafanaDashboardIT.DASHBOARD.toFile());

        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(strings(grafana.path("volumes"))).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./ops/grafana/dashboards:" + provider.path("options").path("path").asText() + ":ro");
        assertThat(environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(provider.path("options").path("path").asText() + "/"
                        + GrafanaDashboardIT.DASHBOARD.getFileName());
        assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(source.path("uid").asText());
            assertThat(panel.path("targets")).isNotEmpty();
        });
        assertThat(dashboard.path("panels")).extracting(panel -> panel.path("title").asText())
                .contains("Throughput", "Processing time per record", "Anomalies per minute",
                        "Model version in use", "Consumer lag");
    }

    @Test
    void shouldBuildAMultiStageImageThatRunsAsANonRootUserWithTheStateOnAVolume() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream()
                .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        String stateDir = new StreamcastConfig(SettingsLoader.load(null,
                environment(compose().path("services").path("streamcast"))))
                .streamsProperties().getProperty("state.dir");
        List<String> included = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(line -> line.startsWith("!")).map(line -> line.substring(1)).toList();

        assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).hasSizeGreaterThanOrEqualTo(2);
        String user = lines.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).split(":")[0]).isNotIn("root", "0");
        assertThat(lines).anyMatch(line -> line.startsWith("VOLUME ") && line.contains(stateDir));
        assertThat(lines).anyMatch(line -> line.equals("CMD [\"run\"]"));
        for (String copy : lines.stream().filter(line -> line.startsWith("COPY ") && !line.contains("--from"))
                .toList()) {
            String[] parts = copy.split("\\s+");
            for (int i = 1; i < parts.length - 1; i++) {
                String source = parts[i];
                assertThat(Path.of(source)).as(copy).exists();
                assertThat(included).as("%s is in the build context (.dockerignore)", source)
                        .anyMatch(entry -> source.equals(entry.replaceAll("/$", ""))
                                || source.startsWith(entry.endsWith("/") ? entry : entry + "/"));
            }
        }
    }
}

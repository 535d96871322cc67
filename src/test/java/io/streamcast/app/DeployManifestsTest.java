package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.streamcast.app.http.OpsEndpoints;
import io.streamcast.config.StreamcastConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/, read as Kubernetes would read them, checked against each other and against
 * the application's settings and endpoints. No cluster is needed.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Map<String, JsonNode> BY_KIND_AND_NAME = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files;
        try (Stream<Path> listing = Files.list(DEPLOY)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml"))
                    .toList();
        }
        for (Path file : files) {
            try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                for (JsonNode document : documents.readAll()) {
                    BY_KIND_AND_NAME.put(document.path("kind").asText() + "/"
                            + document.path("metadata").path("name").asText(), document);
                }
            }
        }
    }

    private static JsonNode manifest(String kindAndName) {
        assertThat(BY_KIND_AND_NAME).containsKey(kindAndName);
        return BY_KIND_AND_NAME.get(kindAndName);
    }

    private static JsonNode container() {
        return manifest("StatefulSet/streamcast").path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** The settings a pod runs with: the ConfigMap's file, then the environment the StatefulSet gives it. */
    private static StreamcastConfig podConfig() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(manifest("ConfigMap/streamcast").path("data").path("streamcast.properties")
                .asText()));
        Map<String, Object> settings = new HashMap<>();
        file.forEach((key, value) -> settings.put(key.toString(), value.toString()));
        Map<String, String> environment = new HashMap<>();
        container().path("env").forEach(variable -> environment.put(variable.path("name").asText(),
                variable.path("value").asText()));
        settings.putAll(SettingsLoader.load(null, environment));
        return new StreamcastConfig(settings);
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        JsonNode kustomization = new YAMLMapper().readTree(DEPLOY.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(resource -> listed.add(resource.asText()));
        List<String> present;
        try (Stream<Path> listing = Files.list(DEPLOY)) {
            present = listing.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList();
        }

        assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
        assertThat(BY_KIND_AND_NAME.keySet()).containsExactlyInAnyOrder("ConfigMap/streamcast",
                "Service/streamcast-headless", "Service/streamcast", "StatefulSet/streamcast",
                "PodDisruptionBudget/streamcast");
    }

    @Test
    void shouldGiveEveryPodAStableApplicationServerThroughTheHeadlessService() throws IOException {
        JsonNode statefulSet = manifest("StatefulSet/streamcast").path("spec");
        JsonNode headless = manifest("Service/streamcast-headless").path("spec");
        String server = podConfig().streamsProperties().getProperty("application.server");

        assertThat(statefulSet.path("serviceName").asText()).isEqualTo("streamcast-headless");
        assertThat(headless.path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("publishNotReadyAddresses").asBoolean()).isTrue();
        assertThat(server).isEqualTo("$(POD_NAME).streamcast-headless.$(POD_NAMESPACE).svc.cluster.local:"
                + podConfig().getInt(StreamcastConfig.HTTP_PORT_CONFIG));
        List<String> variables = new ArrayList<>();
        container().path("env").forEach(variable -> variables.add(variable.path("name").asText()));
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        assertThat(variables.indexOf("POD_NAME")).isLessThan(variables.indexOf("KAFKA_APPLICATION_SERVER"));
        assertThat(variables.indexOf("POD_NAMESPACE")).isLessThan(variables.indexOf("KAFKA_APPLICATION_SERVER"));
    }

    @Test
    void shouldKeepTheStoresOnPersistentVolumesAtTheStateDirectory() throws IOException {
        JsonNode statefulSet = manifest("StatefulSet/streamcast").path("spec");
        String stateDir = podConfig().streamsProperties().getProperty("state.dir");
        JsonNode claim = statefulSet.path("volumeClaimTemplates").get(0);

        assertThat(container().path("volumeMounts")).anySatisfy(mount -> {
            assertThat(mount.path("name").asText()).isEqualTo(claim.path("metadata").path("name").asText());
            assertThat(mount.path("mountPath").asText()).isEqualTo(stateDir);
        });
        assertThat(claim.path("spec").path("resources").path("requests").path("storage").asText()).isNotEmpty();
        assertThat(Integer.parseInt(podConfig().streamsProperties().getProperty("num.standby.replicas")))
                .isPositive();
    }

    @Test
    void shouldProbeTheHealthEndpointsAndAnnounceTheMetricsEndpoint() throws IOException {
        int port = podConfig().getInt(StreamcastConfig.HTTP_PORT_CONFIG);
        JsonNode template = manifest("StatefulSet/streamcast").path("spec").path("template");
        JsonNode annotations = template.path("metadata").path("annotations");
        JsonNode container = container();
        String portName = container.path("ports").get(0).path("name").asText();

        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo(OpsEndpoints.READINESS);
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo(portName);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo(OpsEndpoints.LIVENESS);
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo(portName);
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(OpsEndpoints.METRICS);
        assertThat(container.path("args").get(0).asText()).isEqualTo("run");
    }

    @Test
    void shouldRequestResourcesAndRunAsNonRoot() {
        JsonNode container = container();
        JsonNode pod = manifest("StatefulSet/streamcast").path("spec").path("template").path("spec");

        assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
        assertThat(container.path("resources").path("requests").path("memory").asText()).isNotEmpty();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(30);
    }

    @Test
    void shouldSelectTheStatefulSetsPodsFromTheServicesAndTheDisruptionBudget() {
        JsonNode podLabels = manifest("StatefulSet/streamcast").path("spec").path("template").path("metadata")
                .path("labels");
        JsonNode budget = manifest("PodDisruptionBudget/streamcast").path("spec");

        for (JsonNode selector : List.of(manifest("Service/streamcast").path("spec").path("selector"),
                manifest("Service/streamcast-headless").path("spec").path("selector"),
                budget.path("selector").path("matchLabels"),
                manifest("StatefulSet/streamcast").path("spec").path("selector").path("matchLabels"))) {
            assertThat(selector.size()).isPositive();
            selector.properties().forEach(label -> assertThat(podLabels.path(label.getKey()).asText())
                    .isEqualTo(label.getValue().asText()));
        }
        assertThat(budget.path("maxUnavailable").asInt()).isEqualTo(1);
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The health endpoints of an instance on a real broker, probed as Kubernetes would. */
@ExtendWith(KafkaClusterExtension.class)
class ReadinessIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldBecomeReadyOnceTheStreamsAreRunningAndNotReadyOnceTheyStop(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());

            List<OpsHttp.Answer> probes = new ArrayList<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                OpsHttp.Answer probe = OpsHttp.get(node, "/health/ready");
                probes.add(probe);
                return probe.status() == 200;
            });

            assertThat(probes).allSatisfy(probe -> assertThat(probe.status())
                    .as("readiness %s", probe.body())
                    .isEqualTo(probe.json().get("streams").asText().equals("RUNNING") ? 200 : 503));
            JsonNode ready = probes.get(probes.size() - 1).json();
            assertThat(ready.get("status").asText()).isEqualTo("UP");
            assertThat(ready.get("forecast").asText()).isEqualTo("persistence");
            assertThat(ready.get("model").isNull()).isTrue();
            assertThat(OpsHttp.get(node, "/health/live").status()).isEqualTo(200);

            publishModel(app, 1);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> OpsHttp.get(node, "/health/ready").json().get("forecast").asText().equals("model"));
            JsonNode withModel = OpsHttp.get(node, "/health/ready").json();
            assertThat(withModel.get("model").get("version").asLong()).isEqualTo(1);
            assertThat(withModel.get("model").get("name").asText())
                    .isEqualTo(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG));

            node.service().close();

            OpsHttp.Answer stopped = OpsHttp.get(node, "/health/ready");
            assertThat(stopped.status()).isEqualTo(503);
            assertThat(stopped.json().get("streams").asText()).isEqualTo("NOT_RUNNING");
            assertThat(OpsHttp.get(node, "/health/live").status()).isEqualTo(503);
        }
    }

    static void publishModel(StreamcastFixture app, long version) {
        ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), version,
                app.config().inputSpec(), 8, 3);
        app.publishModel(model);
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compose stack's Grafana dashboard queries what a running instance really exports: every metric it names is
 * in a scrape, and every label matcher in it selects some series.
 */
@ExtendWith(KafkaClusterExtension.class)
class GrafanaDashboardIT {

    static final Path DASHBOARD = Path.of("ops/grafana/dashboards/streamcast.json");

    @Test
    void shouldQueryOnlyMetricsAndLabelsThatARunningInstanceExports(KafkaCluster kafka) throws Exception {
        DashboardQueries dashboard = DashboardQueries.read(DASHBOARD);
        assertThat(dashboard.metricNames()).isNotEmpty();
        try (StreamcastFixture app = new StreamcastFixture(kafka,
                Map.of(StreamcastConfig.METRICS_KAFKA_REFRESH_MS_CONFIG, 500))) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                events.add(app.event("a", 1_700_000_000_000L + step * 1000L, 1.0 + step % 3));
                events.add(app.event("b", 1_700_000_000_000L + step * 1000L, 5.0 - step % 2));
            }
            app.produce(app.topics().events().name(), events);
            app.awaitInputConsumed();

            // Kafka's per-partition metrics appear with the first fetch and are picked up at the next refresh.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                PrometheusText scrape = MetricsEndpointIT.scrape(node);
                assertThat(scrape.names()).as("metrics in a scrape").containsAll(dashboard.metricNames());
                for (DashboardQueries.LabelMatcher matcher : dashboard.labelMatchers()) {
                    if (matcher.label().equals("application_id")) {
                        assertThat(scrape.samples(matcher.metric(), Map.of("application_id", app.applicationId())))
                                .as("%s tagged with the application id", matcher.metric()).isNotEmpty();
                    } else {
                        assertThat(scrape.samples(matcher.metric(), Map.of()))
                                .as("series of %s selected by %s", matcher.metric(), matcher)
                                .anyMatch(s -> matcher.matches(s.labels().get(matcher.label())));
                    }
                }
            });
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Prediction;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scrapes {@code /metrics} of an instance on a real broker, as Prometheus would, and checks it against the records. */
@ExtendWith(KafkaClusterExtension.class)
class MetricsEndpointIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final List<String> KEYS = List.of("pump-1", "pump-2", "pump-3");

    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int fromStep, int toStep) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = fromStep; step < toStep; step++) {
            for (int k = 0; k < KEYS.size(); k++) {
                records.add(app.event(KEYS.get(k), T0 + step * 60_000L, 50.0 * (k + 1) + Math.sin(step / 3.0)));
            }
        }
        return records;
    }

    private static void publishModel(StreamcastFixture app) {
        ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                app.config().inputSpec(), 8, 3);
        app.publishModel(model);
    }

    static PrometheusText scrape(StreamcastNode node) {
        OpsHttp.Answer answer = OpsHttp.get(node, "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }

    @Test
    void shouldCountEveryProcessedRecordInTheScrapedMetrics(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            Map<String, String> ours = Map.of("application_id", app.applicationId());

            // Given keys whose state the fallback built, then a model version that re-warms each of them
            app.produce(app.topics().events().name(), events(app, 0, 10));
            app.awaitInputConsumed();
            publishModel(app);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(node).value("streamcast_model_version", ours) == 1);

            // When more events arrive, some of them bad in different ways
            String topic = app.topics().events().name();
            List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>(events(app, 10, 30));
            more.add(app.event("pump-1", T0 + 40 * 60_000L, Double.NaN));
            more.add(app.event("pump-2", T0 + 40 * 60_000L, Double.POSITIVE_INFINITY));
            more.add(app.event("pump-3", T0 + 40 * 60_000L, 1.0, 2.0));
            more.add(app.event("pump-3", T0 - 2 * 3_600_000L, 1.0));
            more.add(app.event("pump-3", 32_503_680_000_000L, 1.0));
            more.add(app.event(null, T0 + 40 * 60_000L, 1.0));
            more.add(new ProducerRecord<>(topic, "pump-1".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8)));
            app.produce(topic, more);
            app.awaitInputConsumed();

            // Then the scraped counters match what went through the topics
            List<Prediction> predictions = StreamcastFixture.values(
                    app.readAllCommitted(app.topics().predictions().name()),
                    app.topics().predictions()::deserializeValue);
            long anomalies = predictions.stream().filter(Prediction::getIsAnomaly).count();
            int deadLetters = app.readAllCommitted(app.topics().deadLetters().name()).size();
            assertThat(predictions).hasSize(KEYS.size() * 30);
            assertThat(deadLetters).isEqualTo(7);

            PrometheusText scrape = scrape(node);
            assertThat(scrape.value("streamcast_predictions_total", ours)).isEqualTo(predictions.size());
            assertThat(scrape.value("streamcast_anomalies_total", ours)).isEqualTo(anomalies);
            assertThat(scrape.value("streamcast_event_processing_seconds_count", ours))
                    .isEqualTo(predictions.size() + deadLetters);
            assertThat(scrape.sum("streamcast_dead_letters_total", ours)).isEqualTo(deadLetters);
            assertThat(deadLettersByReason(scrape, ours)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("non-finite-value", 2.0), Map.entry("wrong-dimension", 1.0),
                    Map.entry("out-of-order", 1.0), Map.entry("far-future", 1.0), Map.entry("null-key", 1.0),
                    Map.entry("unparseable", 1.0), Map.entry("null-value", 0.0), Map.entry("schema-mismatch", 0.0),
                    Map.entry("processing-error", 0.0), Map.entry("value-out-of-range", 0.0),
                    Map.entry("key-too-long", 0.0), Map.entry("far-past", 0.0), Map.entry("replayed", 0.0)));
            assertThat(scrape.value("streamcast_model_version", ours)).isEqualTo(1);
            assertThat(scrape.value("streamcast_model_swaps_total", ours)).isEqualTo(1);
            assertThat(scrape.value("streamcast_models_refused_total", ours)).isZero();
            assertThat(scrape.value("streamcast_key_rewarms_total", ours)).isEqualTo(KEYS.size());
            // Latency percentiles come from the histogram's buckets (histogram_quantile), so that they can be
            // aggregated over instances; the last bucket holds every event.
            assertThat(scrape.samples("streamcast_event_processing_seconds_bucket", ours)).hasSizeGreaterThan(10);
            assertThat(scrape.value("streamcast_event_processing_seconds_bucket", with(ours, "le", "+Inf")))
                    .isEqualTo(predictions.size() + deadLetters);

            // And Kafka Streams' own count of processed records agrees
            assertThat(scrape.sum("kafka_stream_thread_process_total", ours))
                    .isEqualTo(predictions.size() + deadLetters);
            assertThat(scrape.samples("jvm_memory_used_bytes", ours)).isNotEmpty();
        }
    }

    @Test
    void shouldCountRefusedModelsAndUndecodableStatesAndStartAfreshAfterARestart(KafkaCluster kafka) {
        // short sessions: the second instance's rebalance waits out the first one's session
        try (StreamcastFixture app = new StreamcastFixture(kafka, StreamcastFixture.SHORT_SESSIONS)) {
            Map<String, String> ours = Map.of("application_id", app.applicationId());
            String models = app.topics().models().name();
            String modelName = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
            StreamcastNode first = OpsHttp.startNode(app, Map.of());

            // Given a model version, then a snapshot that cannot be decoded, then the version in use again as it is
            publishModel(app);
            ForecastModel model = TestSettings.model(modelName, 1, app.config().inputSpec(), 8, 3);
            app.produce(models, List.of(
                    new ProducerRecord<>(models, modelName.getBytes(StandardCharsets.UTF_8),
                            "not a model".getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(models, modelName.getBytes(StandardCharsets.UTF_8),
                            app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model)))));
            // and ten events of each key
            app.produce(app.topics().events().name(), events(app, 0, 10));
            app.awaitInputConsumed();

            // Then the first instance counted one refused snapshot, one version taken into use, and every event
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(first).value("streamcast_models_refused_total", ours) == 1);
            PrometheusText before = scrape(first);
            assertThat(before.value("streamcast_model_swaps_total", ours)).isEqualTo(1);
            assertThat(before.value("streamcast_predictions_total", ours)).isEqualTo(30);
            assertThat(before.value("streamcast_event_processing_seconds_count", ours)).isEqualTo(30);
            assertThat(before.value("streamcast_key_state_undecodable_total", ours)).isZero();
            assertBoundedLabels(before);
            first.close();

            // When a key's stored state is overwritten with bytes no codec reads, and another instance restores it
            String changelog = app.applicationId() + "-" + StreamcastTopology.KEY_STATE_STORE + "-changelog";
            app.produce(changelog, List.of(new ProducerRecord<>(changelog, app.topics().events().serializeKey("pump-1"),
                    new byte[] {(byte) 0xFF, 1, 2, 3})));
            StreamcastNode second = OpsHttp.startNode(app, Map.of());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(second).value("streamcast_model_version", ours) == 1);
            app.produce(app.topics().events().name(), List.of(app.event("pump-1", T0 + 20 * 60_000L, 1.0)));
            app.awaitInputConsumed();

            // Then its counters started at zero: the one event it processed, its key started afresh, and the models
            // topic it replayed at start-up counted again (the README says so)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(second).value("streamcast_predictions_total", ours) == 1);
            PrometheusText after = scrape(second);
            assertThat(after.value("streamcast_event_processing_seconds_count", ours)).isEqualTo(1);
            assertThat(after.value("streamcast_key_state_undecodable_total", ours)).isEqualTo(1);
            assertThat(after.value("streamcast_model_version", ours)).isEqualTo(1);
            assertThat(after.value("streamcast_model_swaps_total", ours)).isEqualTo(1);
            assertThat(after.value("streamcast_models_refused_total", ours)).isEqualTo(1);
            assertThat(after.sum("streamcast_dead_letters_total", ours)).isZero();
            assertBoundedLabels(after);
        }
    }

    /**
     * Streamcast's series carry only labels of fixed, small sets of values: none names a key, so the number of
     * series does not grow with the keys.
     */
    private static void assertBoundedLabels(PrometheusText scrape) {
        List<PrometheusText.Sample> ours = scrape.samples().stream()
                .filter(sample -> sample.name().startsWith("streamcast_")).toList();
        assertThat(ours).isNotEmpty();
        assertThat(ours).allSatisfy(sample -> {
            assertThat(sample.labels().keySet()).isSubsetOf("application_id", "reason", "scope", "outcome", "kind",
                    "le", "quantile");
            assertThat(sample.labels().values()).noneMatch(value -> value.startsWith("pump-"));
        });
    }

    static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(name, value);
        return more;
    }

    private static Map<String, Double> deadLettersByReason(PrometheusText scrape, Map<String, String> labels) {
        Map<String, Double> byReason = new java.util.HashMap<>();
        scrape.samples("streamcast_dead_letters_total", labels)
                .forEach(s -> byReason.merge(s.labels().get("reason"), s.value(), Double::sum));
        return byReason;
    }
}

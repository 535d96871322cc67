package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.OpsHttp;
import io.streamcast.app.PrometheusText;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.predict.InputSpec;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.TrainingReport;
import io.streamcast.schema.ValueTransform;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.ModelChoices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP, with the streams' state and the model catalog under the test's control. */
class OpsEndpointsTest {

    private static final InputSpec SPEC = new InputSpec(2, new int[] {1}, 3, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private OpsMeters meters;
    private ModelCatalog models;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        meters = new OpsMeters("ops-test-app", Duration.ofSeconds(10));
        models = new ModelCatalog("default", SPEC, new StreamcastMetrics(meters.registry()));
        server = serve(models, SPEC, ModelChoices.AS_CONFIGURED);
    }

    private OpsHttpServer serve(ModelCatalog catalog, InputSpec spec, ModelChoices choices) {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        http.serve(new OpsEndpoints(meters, HealthCheck.over(state::get, catalog::current, () -> null).build(),
                new KeyStateLookup(null, null, spec, null, "events"), catalog, spec, choices, 0.5,
                Duration.ofSeconds(1), null));
        return http;
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
    }

    private OpsHttp.Answer get(String path) {
        return get(server, path);
    }

    private static OpsHttp.Answer get(OpsHttpServer http, String path) {
        return OpsHttp.get(URI.create("http://127.0.0.1:" + http.port() + path), Map.of());
    }

    @Test
    void shouldAnswerProbesWithTheStatusCodeOfTheStreamsState() {
        state.set(KafkaStreams.State.REBALANCING);
        assertThat(get("/health/ready").status()).isEqualTo(503);
        assertThat(get("/health/live").status()).isEqualTo(200);

        state.set(KafkaStreams.State.RUNNING);
        OpsHttp.Answer ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.contentType()).isEqualTo("application/json");
        assertThat(ready.json().get("streams").asText()).isEqualTo("RUNNING");
        assertThat(ready.json().get("forecast").asText()).isEqualTo("persistence");

        state.set(KafkaStreams.State.ERROR);
        assertThat(get("/health/ready").status()).isEqualTo(503);
        assertThat(get("/health/live").status()).isEqualTo(503);
    }

    @Test
    void shouldDescribeTheFallbackThenTheModelVersionInUse() {
        JsonNode fallback = get("/model").json();
        assertThat(fallback.get("in_use").asText()).isEqualTo("persistence");
        assertThat(fallback.get("version").asLong()).isZero();
        assertThat(fallback.get("spec").get("value_dimension").asInt()).isEqualTo(2);
        assertThat(fallback.get("spec").get("horizon").asInt()).isEqualTo(3);
        assertThat(fallback.get("architecture").isNull()).isTrue();

        assertThat(models.offer(TestSettings.model("default", 7, SPEC, 5, 1))).isNull();

        JsonNode model = get("/model").json();
        assertThat(model.get("in_use").asText()).isEqualTo("model");
        assertThat(model.get("version").asLong()).isEqualTo(7);
        assertThat(model.get("architecture").get("hidden_size").asInt()).isEqualTo(5);
        assertThat(model.get("architecture").get("input_size").asInt()).isEqualTo(SPEC.inputSize());
        assertThat(model.get("spec").get("forecast_indices").get(0).asInt()).isEqualTo(1);
        assertThat(model.get("spec").get("calendar_features").get(0).asText()).isEqualTo("TIME_OF_DAY");
        assertThat(model.get("refused_since_start").asLong()).isZero();
    }

    /**
     * A model published from elsewhere may carry a training report whose losses are not finite: the model is sound and
     * in use, and its losses read null, as the console's other losses do. Jackson wrote them as the strings "NaN" and
     * "Infinity", which a client that expects a number reads as text.
     */
    @Test
    void shouldShowATrainingReportsLossesThatAreNotFiniteAsNull() {
        TrainingReport report = TrainingReport.newBuilder().setTrainLoss(Double.NaN)
                .setValidationLoss(Double.POSITIVE_INFINITY).setChampionVersion(6)
                .setChampionValidationLoss(Double.NEGATIVE_INFINITY).setSamples(100).setEpochs(3).setDurationMs(5)
                .setHyperparameters(Map.of()).build();
        assertThat(models.offer(TestSettings.model("default", 7, SPEC, 5, 1).withVersion(7, 0, report))).isNull();

        JsonNode training = get("/model").json().get("training");

        assertThat(training.get("train_loss").isNull()).as("train_loss: %s", training.get("train_loss")).isTrue();
        assertThat(training.get("validation_loss").isNull()).as("validation_loss: %s", training.get("validation_loss"))
                .isTrue();
        assertThat(training.get("champion_validation_loss").isNull())
                .as("champion_validation_loss: %s", training.get("champion_validation_loss")).isTrue();
        assertThat(training.get("champion_version").asLong()).isEqualTo(6);
    }

    @Test
    void shouldShowTheValueTransformOfTheModelInUse() {
        assertThat(get("/model").json().get("spec").get("value_transform").asText()).isEqualTo("NONE");

        InputSpec signedLog = SPEC.with(List.of(), ValueTransform.SIGNED_LOG, true);
        assertThat(models.offer(TestSettings.model("default", 2, signedLog, 5, 1))).isNull();

        JsonNode spec = get("/model").json().get("spec");
        assertThat(spec.get("value_transform").asText()).isEqualTo("SIGNED_LOG");
        assertThat(spec.get("calendar_features").size()).isZero();
    }

    @Test
    void shouldShowChoicesLeftToTheTrainerAsAutoUntilTheFirstModelMakesThem() {
        // calendar.features=AUTO and value.transform=AUTO configure a spec without calendar inputs or transform
        InputSpec configured = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
        ModelCatalog autoModels = new ModelCatalog("default", configured, new StreamcastMetrics(meters.registry()));
        OpsHttpServer auto = serve(autoModels, configured,
                new ModelChoices(ModelChoices.CALENDAR_RHYTHMS, ModelChoices.TRANSFORMS));
        try {
            JsonNode before = get(auto, "/model").json().get("spec");
            assertThat(before.get("calendar_features").size()).isEqualTo(1);
            assertThat(before.get("calendar_features").get(0).asText()).isEqualTo("AUTO");
            assertThat(before.get("value_transform").asText()).isEqualTo("AUTO");

            InputSpec chosen = configured.with(List.of(), ValueTransform.SIGNED_LOG, true);
            assertThat(autoModels.offer(TestSettings.model("default", 1, chosen, 5, 1))).isNull();

            JsonNode after = get(auto, "/model").json().get("spec");
            assertThat(after.get("calendar_features").size()).isZero();
            assertThat(after.get("value_transform").asText()).isEqualTo("SIGNED_LOG");
        } finally {
            auto.close();
        }
    }

    @Test
    void shouldExposeMetricsForPrometheusTaggedWithTheApplicationId() {
        models.offer(TestSettings.model("default", 3, SPEC, 5, 1));

        OpsHttp.Answer answer = get("/metrics");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain; version=0.0.4");
        PrometheusText scrape = PrometheusText.parse(answer.body());
        Map<String, String> app = Map.of("application_id", "ops-test-app");
        assertThat(scrape.value("streamcast_model_version", app)).isEqualTo(3);
        assertThat(scrape.value("streamcast_model_swaps_total", app)).isEqualTo(1);
        assertThat(scrape.value("streamcast_predictions_total", app)).isZero();
        assertThat(scrape.samples("jvm_memory_used_bytes", app)).isNotEmpty();
        assertThat(scrape.samples("process_uptime_seconds", app)).isNotEmpty();
    }

    @Test
    void shouldAnswerHeadWithTheStatusAndHeadersOfGetAndNoBody() throws Exception {
        state.set(KafkaStreams.State.RUNNING);
        HttpResponse<byte[]> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        OpsHttp.Answer get = get("/health/ready");

        assertThat(head.statusCode()).isEqualTo(200).isEqualTo(get.status());
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(head.body()).isEmpty();
        HttpResponse<byte[]> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/nothing"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseWritesAndUnknownPaths() throws Exception {
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/model"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        assertThat(get("/models").status()).isEqualTo(404);
        assertThat(get("/keys/").status()).isEqualTo(404);
        assertThat(get("/keys/a/b").status()).isEqualTo(404);
        assertThat(get("/nothing").json().get("error").asText()).contains("/keys/{key}");
    }
}

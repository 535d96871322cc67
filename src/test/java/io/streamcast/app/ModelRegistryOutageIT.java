package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.NewerProducerEvents;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry that answers 503 while a new model is published, on a real broker and a real HTTP registry: the
 * models' global thread, which Kafka Streams cannot replace, has never fetched the model's schema. The instance keeps
 * predicting with the model in use and applies the new one once the registry answers; a registry that stays away
 * longer than {@code model.registry.wait.ms} stops it, naming the registry; a close ends the wait at once. One that
 * refuses the credentials stops it at once, as on a stream thread.
 */
@ExtendWith(KafkaClusterExtension.class)
class ModelRegistryOutageIT {

    private static final long T0 = 1_700_000_000_000L;
    /** More fetches than any of these tests makes: the registry answers 503 until told otherwise. */
    private static final int EVERY_REQUEST = 1_000_000;

    private TestSchemaRegistry registry;
    private UnfetchedSchemaModels models;

    @BeforeEach
    void startRegistry() {
        registry = TestSchemaRegistry.start();
        models = new UnfetchedSchemaModels(registry);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    /** A fixture on the registry over HTTP: one attempt per call, short pauses between reads, no trainer. */
    private StreamcastFixture app(KafkaCluster kafka, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0,
                SchemaRegistryConfig.RETRIES_WAIT_MS_CONFIG, 100,
                SchemaRegistryConfig.RETRIES_MAX_WAIT_MS_CONFIG, 400,
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
        settings.putAll(overrides);
        return new StreamcastFixture(kafka, settings);
    }

    @Test
    void shouldKeepPredictingThroughTheOutageAndApplyTheModelOnceTheRegistryAnswers(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            // Given a running instance that has predicted with no model yet
            StreamcastService instance = startPredicting(app);

            // When a model is published while the registry answers the fetches of its schema with 503
            // Then the global thread reads the model again and again, the instance keeps running and predicting with
            // the model in use (none: the fallback)
            ProducerRecord<byte[], byte[]> model = publishDuringOutage(app, instance, 3);
            app.produce(app.topics().events().name(), List.of(app.event("a", T0 + 1_000, 2.0)));
            bounded().until(() -> predictions(app).size() == 2);
            assertThat(instance.models().current()).as("not applied while the registry is away").isNull();
            assertThat(predictions(app).get(1).getModelVersion()).isZero();

            // and once the registry answers, applies the model and predicts with it
            models.failSchemaFetches(model, 0);
            bounded().until(() -> instance.models().current() != null);
            assertThat(instance.models().current().version()).isEqualTo(1);
            app.produce(app.topics().events().name(), List.of(app.event("a", T0 + 2_000, 3.0)));
            bounded().until(() -> predictions(app).size() == 3);
            assertThat(predictions(app).get(2).getModelVersion()).isEqualTo(1);
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(instance.models().refusedCount()).as("a good model is not refused for an outage").isZero();
        }
    }

    /**
     * Model updates and training reports stand still while the models' global thread waits: the metrics and the health
     * report say so, and since when, while the instance stays ready (it still predicts).
     */
    @Test
    void shouldShowTheWaitInTheMetricsAndTheHealthReportWhileStayingReady(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));
            StreamcastNode node = OpsHttp.startNode(app, Map.of());
            bounded().until(() -> predictions(app).size() == 1);
            Map<String, String> ours = Map.of("application_id", app.applicationId());
            PrometheusText before = MetricsEndpointIT.scrape(node);
            assertThat(before.value("streamcast_models_registry_waiting", ours)).isZero();
            assertThat(before.value("streamcast_models_registry_wait_start_seconds", ours)).isZero();
            assertThat(OpsHttp.get(node, "/health/ready").json().get("models_registry_wait").isNull()).isTrue();

            // When a model is published while the registry answers the fetches of its schema with 503
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            models.failSchemaFetches(model, EVERY_REQUEST);
            long published = System.currentTimeMillis();
            app.produce(model.topic(), List.of(model));
            bounded().until(() -> models.schemaFetches(model) >= 2);
            long seen = System.currentTimeMillis();

            // Then the metrics say the models' reader waits, since a time within the wait's first fetches
            PrometheusText during = MetricsEndpointIT.scrape(node);
            assertThat(during.value("streamcast_models_registry_waiting", ours)).isEqualTo(1);
            assertThat(Math.round(during.value("streamcast_models_registry_wait_start_seconds", ours) * 1000))
                    .isBetween(published, seen);
            // and the readiness report says so too, and what is read, while still ready
            OpsHttp.Answer ready = OpsHttp.get(node, "/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            JsonNode wait = ready.json().get("models_registry_wait");
            assertThat(Instant.parse(wait.get("since").asText()).toEpochMilli()).isBetween(published, seen);
            String key = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG) + "@1";
            assertThat(wait.get("reading").asText()).contains(key);
            // and when the instance stops unless the registry answers: model.registry.wait.ms after the wait began
            long waitMs = app.config().getLong(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG);
            assertThat(Instant.parse(wait.get("gives_up_at").asText()))
                    .isEqualTo(Instant.parse(wait.get("since").asText()).plusMillis(waitMs));
            assertThat(OpsHttp.get(node, "/health/live").json().get("models_registry_wait").get("since").asText())
                    .isEqualTo(wait.get("since").asText());

            // and once the registry answers, both say the wait is over
            models.failSchemaFetches(model, 0);
            bounded().until(() -> node.service().models().current() != null);
            PrometheusText after = MetricsEndpointIT.scrape(node);
            assertThat(after.value("streamcast_models_registry_waiting", ours)).isZero();
            assertThat(after.value("streamcast_models_registry_wait_start_seconds", ours)).isZero();
            assertThat(OpsHttp.get(node, "/health/ready").json().get("models_registry_wait").isNull()).isTrue();
        }
    }

    @Test
    void shouldStopTheInstanceNamingTheRegistryWhenItStaysAwayLongerThanTheWait(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG, 2_000L))) {
            StreamcastService instance = startPredicting(app);

            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            models.failSchemaFetches(model, EVERY_REQUEST);
            app.produce(model.topic(), List.of(model));

            bounded().until(() -> instance.state() == KafkaStreams.State.ERROR);
            assertThat(models.schemaFetches(model)).as("read again before giving up").isGreaterThan(1);
            assertThat(causes(instance.failure())).contains("model.registry.wait.ms").contains(registry.url())
                    .contains("HTTP 503");
        }
    }

    /**
     * A registry that refuses the credentials (401) for a new model's schema is no outage that passes: the running
     * instance stops at once, as it does when a stream thread's record meets them, its error naming the credential
     * settings, rather than read the model again for {@code model.registry.wait.ms}. The model in use stays in use
     * until then, and the record, neither applied nor refused, is read again by the next start in the same state
     * directory, once the credentials are mended.
     */
    @Test
    void shouldStopAtOnceNamingTheCredentialSettingsWhenTheRegistryRefusesThemForANewModel(KafkaCluster kafka,
                                                                                            @TempDir Path stateDir) {
        Map<String, Object> sameStateDir = Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (StreamcastFixture app = app(kafka, Map.of(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG, 600_000L))) {
            // Given a running instance with version 1 in use
            app.produce(app.topics().models().name(), List.of(UnfetchedSchemaModels.knownSchema(app, 1)));
            StreamcastService first = app.startInstance(sameStateDir, StreamcastService::start);
            assertThat(first.models().current().version()).isEqualTo(1);

            // When version 2 is published and the registry refuses the credentials for its schema
            ProducerRecord<byte[], byte[]> model = models.record(app, 2);
            models.failSchemaFetches(model, EVERY_REQUEST, 401);
            try (LogCapture log = LogCapture.of(StreamcastService.class)) {
                app.produce(model.topic(), List.of(model));

                // Then the instance stops on the first refusal, naming the settings that hold the credentials
                bounded().until(() -> first.state() == KafkaStreams.State.ERROR || models.schemaFetches(model) >= 2
                        || first.models().refusedCount() > 0);
                // and its log says the thread that failed is the models', not one of the stream threads
                assertThat(log.errors()).anySatisfy(line -> assertThat(line)
                        .contains("The models' thread (").contains("GlobalStreamThread) failed; stopping this instance")
                        .contains("HTTP 401"));
            }
            assertThat(first.models().refusedCount()).as("a good model is not refused for the credentials").isZero();
            assertThat(first.state()).as("stopped, not waiting for the registry").isEqualTo(KafkaStreams.State.ERROR);
            assertThat(models.schemaFetches(model)).as("not read again").isEqualTo(1);
            assertThat(causes(first.failure())).contains("HTTP 401").contains(registry.url())
                    .contains(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG)
                    .contains(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG)
                    .contains(SchemaRegistryCredentialsRefusedException.class.getName())
                    .doesNotContain(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG);
            assertThat(first.modelsRegistryWait()).as("no wait shown as under way").isEmpty();
            // and version 1 stayed in use: version 2 was neither applied nor refused
            assertThat(first.models().current().version()).isEqualTo(1);
            first.close();

            // and once the credentials are mended, the next start reads version 2 again and applies it
            models.failSchemaFetches(model, 0);
            StreamcastService second = app.startInstance(sameStateDir, StreamcastService::start);
            assertThat(second.models().current().version()).isEqualTo(2);
            assertThat(second.models().refusedCount()).isZero();
        }
    }

    @Test
    void shouldEndTheWaitAtOnceWhenTheInstanceCloses(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            StreamcastService instance = startPredicting(app);
            publishDuringOutage(app, instance, 2);

            // Kafka Streams' close would wait up to its 30 s timeout for the global thread, and leave it waiting
            assertTimeoutPreemptively(Duration.ofSeconds(20), instance::close);

            assertThat(instance.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(instance.failure()).isNull();
        }
    }

    /**
     * Kafka Streams stops an instance only once its global thread has ended: a stream thread's error that stops the
     * instance must end the wait too, rather than leave the instance stopping for model.registry.wait.ms.
     */
    @Test
    void shouldEndTheWaitWhenAStreamThreadStopsTheInstance(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            StreamcastService instance = startPredicting(app);
            publishDuringOutage(app, instance, 2);

            // a record whose schema the stream thread cannot fetch, the registry refusing the credentials: no
            // replacement mends that, and the instance stops
            int newerId = registry.store().register("newer-producer", NewerProducerEvents.schema());
            registry.failNextMatching("GET /schemas/ids/" + newerId, EVERY_REQUEST, 401);
            String events = app.topics().events().name();
            app.produce(events, List.of(new ProducerRecord<>(events, "a".getBytes(StandardCharsets.UTF_8),
                    NewerProducerEvents.frame(newerId, T0 + 1_000, 2.0))));

            bounded().until(() -> instance.state() == KafkaStreams.State.ERROR);
            assertThat(causes(instance.failure())).as("the stream thread's error, not the global thread's")
                    .contains("writer schema id " + newerId).contains("HTTP 401");
            assertThat(instance.models().refusedCount()).isZero();
        }
    }

    @Test
    void shouldHoldTheStartWhileTheModelsAreRestoredUntilTheRegistryAnswers(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            // Given a model published while the registry answered, and an event
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            app.produce(model.topic(), List.of(model));
            app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));

            // When an instance starts, and restores the models, while the registry answers the fetches of the model's
            // schema with 503
            models.failSchemaFetches(model, EVERY_REQUEST);
            CompletableFuture<StreamcastService> starting = CompletableFuture.supplyAsync(app::startInstance);

            // Then the start waits, reading the model again, until the registry answers; then it predicts with it
            bounded().until(() -> starting.isDone() || models.schemaFetches(model) >= 3);
            assertThat(starting).as("the start waits for the registry").isNotDone();
            models.failSchemaFetches(model, 0);
            StreamcastService instance = starting.join();
            assertThat(instance.models().current().version()).isEqualTo(1);
            bounded().until(() -> predictions(app).size() == 1);
            assertThat(predictions(app).get(0).getModelVersion()).isEqualTo(1);
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * The start waits for the registry for up to model.registry.wait.ms (5 minutes by default): the probes and the
     * metrics must answer meanwhile, live and showing the wait, or an orchestrator restarts the instance in a loop
     * (the deployment's liveness probe gives up after about 50 s) and no operator can see why it does not start.
     */
    @Test
    void shouldAnswerTheProbesAndShowTheWaitWhileTheStartWaitsForTheRegistry(KafkaCluster kafka) {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            // Given a model published while the registry answered
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            app.produce(model.topic(), List.of(model));

            // When an instance with its endpoints starts while the registry answers the model's schema fetches with 503
            models.failSchemaFetches(model, EVERY_REQUEST);
            OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
            CompletableFuture<StreamcastNode> starting = CompletableFuture.supplyAsync(() -> app.startInstance(
                    Map.of(), config -> StreamcastNode.start(config, http)));
            bounded().until(() -> starting.isDone() || models.schemaFetches(model) >= 2);
            assertThat(starting).as("the start waits for the registry").isNotDone();

            // Then, during the start, the instance is live, not ready, and both reports and the metrics show the wait
            String endpoints = "http://127.0.0.1:" + http.port();
            OpsHttp.Answer live = OpsHttp.get(URI.create(endpoints + "/health/live"), Map.of());
            assertThat(live.status()).isEqualTo(200);
            String key = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG) + "@1";
            assertThat(live.json().get("models_registry_wait").get("reading").asText()).contains(key);
            OpsHttp.Answer ready = OpsHttp.get(URI.create(endpoints + "/health/ready"), Map.of());
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("models_registry_wait").get("reading").asText()).contains(key);
            OpsHttp.Answer metrics = OpsHttp.get(URI.create(endpoints + "/metrics"), Map.of());
            assertThat(PrometheusText.parse(metrics.body()).value("streamcast_models_registry_waiting",
                    Map.of("application_id", app.applicationId()))).isEqualTo(1);

            // and once the registry answers, the start ends and the instance becomes ready
            models.failSchemaFetches(model, 0);
            StreamcastNode node = starting.join();
            assertThat(node.service().models().current().version()).isEqualTo(1);
            bounded().until(() -> OpsHttp.get(node, "/health/ready").status() == 200);
        }
    }

    @Test
    void shouldReleaseTheInstanceWhenItsStartFails(KafkaCluster kafka) throws InterruptedException {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            // Given a model published while the registry answered
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            app.produce(model.topic(), List.of(model));

            // When an instance starts while the registry refuses the credentials for the model's schema: the restore
            // of the models fails, and so does the start
            models.failSchemaFetches(model, EVERY_REQUEST, 401);
            assertThatThrownBy(app::startInstance).as("the start fails")
                    .hasStackTraceContaining(SchemaRegistryCredentialsRefusedException.class.getName());

            // Then, once the start has failed, the instance it began has no thread left (Kafka Streams names them
            // after its client id, which begins with the application id): its clients are closed, not closing.
            // Kafka Streams' close returns once its state is NOT_RUNNING, which its close thread sets before it ends
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().contains(app.applicationId()) && thread.getName().endsWith("-CloseThread")) {
                    thread.join(Duration.ofSeconds(10).toMillis());
                }
            }
            assertThat(threadsNamedAfter(app.applicationId())).as("threads left by the failed start").isEmpty();
        }
    }

    @Test
    void shouldCloseCleanlyWhenRunIsStoppedWhileItsStartWaitsForTheRegistry(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (StreamcastFixture app = app(kafka, Map.of())) {
            // Given a model published while the registry answered
            ProducerRecord<byte[], byte[]> model = models.record(app, 1);
            app.produce(model.topic(), List.of(model));

            // and `run`, in a process of its own, starting while the registry answers the fetches of the model's
            // schema with 503: its start waits, for up to model.registry.wait.ms (10 minutes)
            models.failSchemaFetches(model, EVERY_REQUEST);
            Path settings = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0, StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG, 600_000));
            Path log = dir.resolve("run.log");
            Process run = RunProcess.start(settings, log);
            try {
                bounded().until(() -> !run.isAlive() || models.schemaFetches(model) >= 2);
                assertThat(run.isAlive()).as("the start waits for the registry").isTrue();

                // When it is asked to exit (SIGTERM)
                run.destroy();

                // Then it exits within the test's bound, far within the wait, having closed Kafka Streams
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
            } finally {
                run.destroyForcibly();
            }
            assertThat(Files.readString(log))
                    .contains("Streamcast stopped on request: Kafka Streams is in state NOT_RUNNING");
        }
    }

    /** The live threads whose name holds {@code text}. */
    private static List<String> threadsNamedAfter(String text) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(text)).toList();
    }

    /** Starts an instance and waits for its prediction of a first event, which fetches that event's schema. */
    private static StreamcastService startPredicting(StreamcastFixture app) {
        app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));
        StreamcastService instance = app.startInstance();
        bounded().until(() -> predictions(app).size() == 1);
        return instance;
    }

    /**
     * Version {@code version} of the application's model under its own key, as another release's trainer writes it:
     * the same fields under a schema of its own id, which the instance has not fetched (it registered its own at
     * start-up, and knows that id).
     */
    /**
     * Publishes model version 1 while the registry answers every fetch of its schema with 503, and waits until the
     * global thread has asked for it {@code fetches} times, the instance still running.
     */
    private ProducerRecord<byte[], byte[]> publishDuringOutage(StreamcastFixture app, StreamcastService instance,
                                                               int fetches) {
        ProducerRecord<byte[], byte[]> model = models.record(app, 1);
        models.failSchemaFetches(model, EVERY_REQUEST);
        app.produce(model.topic(), List.of(model));
        bounded().until(() -> instance.state() == KafkaStreams.State.ERROR || models.schemaFetches(model) >= fetches);
        assertThat(instance.failure()).as("the error that stopped the instance").isNull();
        assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
        return model;
    }

    private static List<Prediction> predictions(StreamcastFixture app) {
        return app.readAllCommitted(app.topics().predictions().name()).stream()
                .map(record -> app.topics().predictions().deserializeValue(record.value())).toList();
    }

    /**
     * A bounded wait. Awaitility by default fails on any thread's uncaught exception, and a global thread that gives up
     * ends with one: whether the instance stopped is what is asserted.
     */
    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .dontCatchUncaughtExceptions();
    }

    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            text.append(e).append('\n');
        }
        return text.toString();
    }
}

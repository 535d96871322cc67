package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.ops.ChangelogLoss;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.HealthReport;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.NewerProducerEvents;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schema registry away for less than the stream thread's replacements allow, while a record with a schema id the
 * instance has not seen arrives: the instance rides it out (see {@link RunCommandFailureIT} for one that stays away).
 * One that refuses the credentials is not away: the instance stops at once, naming the credential settings.
 */
@ExtendWith(KafkaClusterExtension.class)
class RegistryOutageIT {

    private static final long T0 = 1_700_000_000_000L;
    /** Fewer failed calls than StreamThreadFailures.MAX_REPLACEMENTS (5): each one costs a replacement. */
    private static final int FAILED_CALLS = 3;

    @Test
    void shouldPredictTheRecordOnceTheRegistryAnswersAgainAndKeepRunning(KafkaCluster kafka) {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, withShortSessions(Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0)))) {
            // Given a running instance that has predicted a record written with its own schema
            String events = app.topics().events().name();
            String predictions = app.topics().predictions().name();
            StreamcastService instance = startPredicting(app);

            // When the registry answers its next calls with 503 while a record written by a newer producer arrives
            int newerId = registry.store().register("newer-producer", NewerProducerEvents.schema());
            String fetch = "GET /schemas/ids/" + newerId;
            registry.failNext(FAILED_CALLS, 503);
            app.produce(events, List.of(new ProducerRecord<>(events, "a".getBytes(StandardCharsets.UTF_8),
                    NewerProducerEvents.frame(newerId, T0 + 1_000, 2.0))));

            // Then the instance, its thread replaced after each failed call, predicts the record once the registry
            // answers, and keeps running. Awaitility by default fails on any thread's uncaught exception, and each
            // failed stream thread ends with one: whether the instance survived it is what is asserted here.
            // Meanwhile each replacing thread waits to join the group while the streams still read RUNNING: the
            // instance is not ready then, as no thread processes its partitions
            HealthCheck health = HealthCheck.of(instance, ChangelogLoss.keyStates(new SimpleMeterRegistry()),
                    ChangelogLoss.trainerStores(new SimpleMeterRegistry()));
            List<String> seenWaiting = new java.util.concurrent.CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
                    .until(() -> {
                        HealthReport readiness = health.readiness();
                        if (readiness.streams().equals("RUNNING") && !readiness.waitingThreads().isEmpty()) {
                            seenWaiting.add(readiness.status() + " " + readiness.waitingThreads());
                        }
                        return instance.state() == KafkaStreams.State.ERROR
                                || app.readAllCommitted(predictions).size() > 1;
                    });
            assertThat(instance.failure()).as("the error that stopped the instance").isNull();
            assertThat(seenWaiting).as("readiness while a replacing thread waited").isNotEmpty()
                    .allSatisfy(seen -> assertThat(seen).startsWith("DOWN [").contains("StreamThread"));
            assertThat(registry.requests()).as("the registry was asked for the schema after each failure")
                    .filteredOn(request -> request.startsWith(fetch)).hasSize(FAILED_CALLS + 1);
            List<Prediction> predicted = app.readAllCommitted(predictions).stream()
                    .map(record -> app.topics().predictions().deserializeValue(record.value())).toList();
            assertThat(predicted).as("each record predicted exactly once").hasSize(2);
            assertThat(predicted.get(1).getEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
            assertThat(predicted.get(1).getObserved()).containsExactly(2.0);
            assertThat(app.readAllCommitted(app.topics().deadLetters().name())).as("not the record's fault").isEmpty();
            // and the events count (streamcast_event_processing_seconds_count) has each of the two records once,
            // not once more for every attempt that failed the thread
            assertThat(instance.metrics().totals().events()).as("input records counted").isEqualTo(2);
            assertThat(instance.metrics().totals().predictions()).as("predictions counted").isEqualTo(2);
            // the last replacement's rebalance may still be settling when the prediction is read
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
                    .until(() -> instance.state() == KafkaStreams.State.RUNNING
                            || instance.state() == KafkaStreams.State.ERROR);
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void shouldStopAtOnceNamingTheCredentialSettingsWhenTheRegistryRefusesThem(KafkaCluster kafka) {
        try (TestSchemaRegistry registry = TestSchemaRegistry.builder().basicAuth("app", "s3cret").start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                     SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app:s3cret",
                     SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0))) {
            // Given a running instance that has predicted a record written with its own schema
            String events = app.topics().events().name();
            String predictions = app.topics().predictions().name();
            StreamcastService instance = startPredicting(app);

            // When the registry refuses the credentials (revoked, say) while a record written by a newer producer
            // arrives, whose schema the instance must fetch
            int newerId = registry.store().register("newer-producer", NewerProducerEvents.schema());
            String fetch = "GET /schemas/ids/" + newerId;
            registry.failNext(1_000, 401);
            app.produce(events, List.of(new ProducerRecord<>(events, "a".getBytes(StandardCharsets.UTF_8),
                    NewerProducerEvents.frame(newerId, T0 + 1_000, 2.0))));

            // Then the instance stops at once: no stream thread replaces the one refused, as each would be refused
            // again after a rebalance; the error names the settings to check, and the record is not set aside
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
                    .until(() -> instance.state() == KafkaStreams.State.ERROR
                            || registry.requests().stream().filter(fetch::equals).count() > 1);
            assertThat(registry.requests()).as("one thread asked once").filteredOn(fetch::equals).hasSize(1);
            assertThat(instance.state()).isEqualTo(KafkaStreams.State.ERROR);
            StringBuilder causes = new StringBuilder();
            for (Throwable e = instance.failure(); e != null; e = e.getCause() == e ? null : e.getCause()) {
                causes.append(e.getMessage()).append('\n');
            }
            assertThat(causes.toString()).contains("HTTP 401").contains(registry.url())
                    .contains(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG);
            assertThat(app.readAllCommitted(app.topics().deadLetters().name())).as("not the record's fault").isEmpty();
            assertThat(app.readAllCommitted(predictions)).hasSize(1);
        }
    }

    /** Starts an instance and waits until it has predicted one record, written with its own schema. */
    private static StreamcastService startPredicting(StreamcastFixture app) {
        app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));
        StreamcastService instance = app.startInstance();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.readAllCommitted(app.topics().predictions().name()).size() == 1);
        return instance;
    }

    /** {@code settings} with sessions short enough that each thread replacement's rebalance is quick. */
    private static Map<String, Object> withShortSessions(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(StreamcastFixture.SHORT_SESSIONS);
        return all;
    }
}

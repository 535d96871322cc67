package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class RunCommandFailureIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final byte UNSEEN_SCHEMA_ID = 99;

    /** The stream thread that first meets the record, and each of the 5 that replace it in turn. */
    private static final int THREADS_BEFORE_STOPPING = 1 + 5;

    /**
     * Consumer sessions of 1 s, the broker's lowest here (EmbeddedKafkaCluster): each replacement's rebalance waits out
     * the failed thread's session, and these tests replace five threads each; with StreamcastFixture.SHORT_SESSIONS'
     * 3 s the waits took about 14 s of each test. Nothing here looks at a replacing thread while it waits.
     */
    private static final Map<String, Object> ONE_SECOND_SESSIONS = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 1_000,
            StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 250);

    @Test
    void shouldExitNonZeroNamingTheErrorWhenTheStreamsDie(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        // Given a running application whose schema registry then answers every request with 503: a record written
        // with a schema id the instance has not seen yet can then be neither read nor refused; the stream thread is
        // replaced while the registry may be passing, and the instance stops once the replacements run out
        Map<String, Object> settings = new HashMap<>(ONE_SECOND_SESSIONS);
        settings.put(SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0);
        Stopped stopped = runUntilTheRegistryFails(kafka, dir, settings, registry -> registry.failNext(1_000, 503));

        assertThat(stopped.err()).contains("caused by io.streamcast.serde.SchemaRegistryException")
                .contains("HTTP 503");
        assertThat(stopped.schemaFetches()).as("one call, of one attempt, by each thread")
                .isEqualTo(THREADS_BEFORE_STOPPING);
    }

    @Test
    void shouldExitNonZeroNamingTheRegistryAndTheSettingWhenTheRegistryStopsAnswering(KafkaCluster kafka,
                                                                                       @TempDir Path dir)
            throws Exception {
        // Given a running application whose schema registry then holds every request unanswered: the stream thread
        // waits no longer than the call timeout, well within the transaction timeout; it is replaced, and the
        // instance stops once the replacements run out (short sessions: each replacement joins sooner)
        Map<String, Object> settings = new HashMap<>(ONE_SECOND_SESSIONS);
        settings.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, 1_000);
        String[] url = new String[1];
        Stopped stopped = runUntilTheRegistryFails(kafka, dir, settings, registry -> {
            url[0] = registry.url();
            registry.stallNext(1_000);
        });

        assertThat(stopped.schemaFetches()).as("at least one attempt by each thread")
                .isGreaterThanOrEqualTo(THREADS_BEFORE_STOPPING);
        assertThat(stopped.err()).contains("caused by io.streamcast.serde.SchemaRegistryException")
                .contains(url[0]).contains("schema.registry.call.timeout.ms (1000 ms) ran out");
    }

    /** What {@code run} wrote to stderr, and how often the registry was asked for the unseen schema id. */
    private record Stopped(String err, long schemaFetches) {
    }

    /**
     * Runs the application on a registry over HTTP until it predicts, then has {@code outage} befall the registry and
     * sends a record written with a schema id the instance has not seen; returns once {@code run} has exited with 1
     * and set no record aside.
     */
    private static Stopped runUntilTheRegistryFails(KafkaCluster kafka, Path dir, Map<String, Object> settings,
                                                    Consumer<TestSchemaRegistry> outage) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> appSettings = new HashMap<>(settings);
            appSettings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            try (StreamcastFixture app = new StreamcastFixture(kafka, appSettings)) {
                Path file = dir.resolve("streamcast.properties");
                Properties properties = new Properties();
                app.anotherInstanceSettings(dir.resolve("state"), Map.of())
                        .forEach((key, value) -> properties.setProperty(key, value.toString()));
                try (Writer writer = Files.newBufferedWriter(file)) {
                    properties.store(writer, null);
                }
                String events = app.topics().events().name();
                app.produce(events, List.of(app.event("a", T0, 1.0)));

                ByteArrayOutputStream err = new ByteArrayOutputStream();
                PrintStream originalErr = System.err;
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int exitCode;
                try {
                    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> UserErrors.commandLine(
                            new StreamcastCommand()).execute("run", "--config", file.toString()));
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                            .until(() -> !app.readAllCommitted(app.topics().predictions().name()).isEmpty());

                    // When the registry fails and such a record arrives
                    outage.accept(registry);
                    byte[] unseenSchema = app.event("a", T0 + 1000, 2.0).value();
                    unseenSchema[4] = UNSEEN_SCHEMA_ID;
                    app.produce(events, List.of(new ProducerRecord<>(events, "a".getBytes(StandardCharsets.UTF_8),
                            unseenSchema)));
                    exitCode = run.get(120, TimeUnit.SECONDS);
                } finally {
                    System.setErr(originalErr);
                }

                // Then run exits with 1 and says why
                assertThat(exitCode).isEqualTo(1);
                assertThat(app.readAllCommitted(app.topics().deadLetters().name()))
                        .as("not the record's fault: it is not set aside").isEmpty();
                String text = err.toString(StandardCharsets.UTF_8);
                assertThat(text).contains("Streamcast stopped: Kafka Streams is in state ERROR after an error:");
                long fetches = registry.requests().stream()
                        .filter(request -> request.startsWith("GET /schemas/ids/" + UNSEEN_SCHEMA_ID)).count();
                return new Stopped(text, fetches);
            }
        }
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.StreamsResetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key states' changelog deleted: a running instance went on reading ready while it committed nothing, and its next
 * start had Kafka Streams create the topic again, empty, every key starting afresh, neither saying more than Kafka's
 * clients do (nothing at all from an instance without local state). {@code run} now says both as errors, naming the
 * topic; a first start, and a run with the changelog there, say nothing of it. The running instance's probes now
 * fail too, naming the reason, and a gauge shows it.
 */
@ExtendWith(KafkaClusterExtension.class)
class DeletedKeyStatesIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 4;
    private static final int STEPS = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AT_START = "Kafka Streams creates it again, empty; each key starts afresh";
    private static final String WHILE_RUNNING = "Meanwhile this instance commits nothing";
    private static final Pattern ENDPOINTS = Pattern.compile("endpoints at (http://127\\.0\\.0\\.1:\\d+)");
    private static final String GAUGE = "streamcast_key_state_changelog_missing{application_id=\"";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldSayThatTheKeyStatesChangelogWasDeletedWhileRunningAndAtTheNextStart(KafkaCluster kafka,
                                                                                 @TempDir Path logs) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                    app.config().inputSpec(), 8, 5);
            app.publishModel(model);
            String changelog = RecordSizeCheck.changelog(app.config(), StreamcastTopology.KEY_STATE_STORE);
            Path settings = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_PORT_CONFIG, 0,
                    StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG, 200));

            // Given an application that runs, and has kept its keys' states
            app.produce(app.topics().events().name(), events(app));
            Path first = logs.resolve("first.log");
            Process instance = RunProcess.start(settings, first);
            try {
                app.awaitInputConsumed();
                assertThat(DeletedKeyStates.lost(admin, app.config(), true)).isEmpty();
                String base = endpoints(first);
                String gauge = GAUGE + app.applicationId() + "\"} ";
                assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
                assertThat(get(base + "/metrics").body()).contains(gauge + "0.0");

                // When its key states' changelog is deleted
                admin.deleteTopics(List.of(changelog)).all().get();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> !admin.listTopics().names().get().contains(changelog));

                // Then the running instance says so
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.readString(first).contains(WHILE_RUNNING));
                // and its probes fail, naming why, as a restart is what mends it, and a gauge shows it
                String why = "Topic " + changelog + ", the key states' changelog, was deleted while this instance"
                        + " ran: it commits nothing until it is restarted";
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(base + "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("\"key_states_lost\":\"" + why, "\"streams\":\"RUNNING\"");
                });
                assertThat(get(base + "/health/live").statusCode()).isEqualTo(503);
                assertThat(get(base + "/metrics").body()).contains(gauge + "1.0");
            } finally {
                // killed: without the changelog its close waits out close.timeout.ms (30 s) and is cut short
                instance.destroyForcibly();
                assertThat(instance.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String lost = "Topic " + changelog + ", the changelog of application " + app.applicationId() + "'s key"
                    + " states, does not exist, though the application has read events from topic "
                    + app.topics().events().name() + " (events.topic) up to offsets {0=";
            // and its first start, where neither the changelog nor committed offsets were there yet, said nothing
            assertThat(Files.readString(first)).contains("ERROR", lost).doesNotContain(AT_START);

            // and so does the next start
            Path restart = logs.resolve("restart.log");
            Process again = RunProcess.start(settings, restart);
            try {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.readString(restart).contains(AT_START));
                // which creates the topic again and gets ready: the check, that fails its probes, waits for its run
                String base = endpoints(restart);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> get(base + "/health/ready").statusCode() == 200);
                assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            } finally {
                stop(again);
            }
            assertThat(Files.readString(restart)).contains("ERROR", lost, "it was deleted, and every key's learned"
                    + " state").doesNotContain(WHILE_RUNNING);
        }
    }

    /**
     * Kafka's application reset on an events topic whose start retention has moved past 0: the reset sets the offsets
     * to that start and deletes the changelog, as asked, yet the next start said, as an error, that the changelog was
     * deleted though the application had read up to those offsets. Offsets set by the tool are told apart from those
     * Kafka Streams committed by their metadata, empty; the changelog deleted by hand still is said.
     */
    @Test
    void shouldSayNothingAfterAnApplicationResetToAStartPastZeroButSayAChangelogDeletedByHand(KafkaCluster kafka)
            throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             LogCapture log = LogCapture.of(DeletedKeyStates.class)) {
            String events = app.topics().events().name();
            String changelog = RecordSizeCheck.changelog(app.config(), StreamcastTopology.KEY_STATE_STORE);
            // Given an application that has read events on every partition, and stopped
            app.produce(events, events(app));
            runUntilInputConsumed(app);
            Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(app.applicationId())
                    .partitionsToOffsetAndMetadata().get();
            assertThat(read).hasSize(2).allSatisfy((partition, offset) -> assertThat(offset.offset()).isGreaterThan(1));
            // and an events topic whose first record retention has removed, on every partition
            Map<TopicPartition, RecordsToDelete> first = new HashMap<>();
            read.keySet().forEach(partition -> first.put(partition, RecordsToDelete.beforeOffset(1)));
            admin.deleteRecords(first).all().get();

            // When the application is reset with Kafka's tool
            int status = new StreamsResetter().execute(new String[] {"--bootstrap-server", kafka.bootstrapServers(),
                "--application-id", app.applicationId(), "--input-topics", events, "--to-earliest"});
            assertThat(status).isZero();
            // which set the offsets to the topic's start, past 0, and deleted the key states' changelog
            assertThat(admin.listConsumerGroupOffsets(app.applicationId()).partitionsToOffsetAndMetadata().get())
                    .hasSize(2).allSatisfy((partition, offset) -> assertThat(offset.offset()).isEqualTo(1));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.listTopics().names().get().contains(changelog));

            // Then the next start says nothing of it
            DeletedKeyStates.sayIfDeletedAtStart(admin, app.config());
            assertThat(log.errors()).isEmpty();

            // While after the application has read again, the changelog deleted by hand is said
            runUntilInputConsumed(app);
            admin.deleteTopics(List.of(changelog)).all().get();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.listTopics().names().get().contains(changelog));
            DeletedKeyStates.sayIfDeletedAtStart(admin, app.config());
            assertThat(log.errors()).singleElement().asString().contains("Topic " + changelog + ", the changelog of"
                    + " application " + app.applicationId() + "'s key states, does not exist, though the application"
                    + " has read events from topic " + events + " (events.topic) up to offsets {0=", AT_START);
        }
    }

    /** Runs an instance until it has committed the whole events topic, then stops it and waits until it left. */
    private static void runUntilInputConsumed(StreamcastFixture app) {
        StreamcastService instance = app.startInstance();
        try {
            app.awaitInputConsumed();
        } finally {
            instance.close();
        }
        // the reset tool refuses a group with members
        app.awaitConsumerGroup(group -> group.members().isEmpty());
    }

    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            for (int k = 0; k < KEYS; k++) {
                records.add(app.event("key-" + k, T0 + step * 60_000L, (k + 1) * 10.0 + step));
            }
        }
        return records;
    }

    /** Where the endpoints of the instance logging to {@code log} are, once it says so. */
    private static String endpoints(Path log) throws Exception {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> ENDPOINTS.matcher(Files.readString(log)).find());
        Matcher endpoints = ENDPOINTS.matcher(Files.readString(log));
        assertThat(endpoints.find()).isTrue();
        return endpoints.group(1);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}

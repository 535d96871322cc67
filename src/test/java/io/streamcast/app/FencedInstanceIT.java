package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code run} whose stream thread the group coordinator refuses its {@code group.instance.id} for another member id
 * (FencedInstanceIdException): it stops, as before, and its last words now say what happened and that a restart takes
 * the id back. Here another member joins under the id; in the kill -9 soak the coordinator, reloaded by a broker
 * restart, held it for a killed instance's member (see FencedInstanceAdvice).
 */
@ExtendWith(KafkaClusterExtension.class)
class FencedInstanceIT {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldSayThatARestartTakesTheIdBackWhenTheCoordinatorFencesTheInstance(KafkaCluster kafka) throws Exception {
        // Given a running instance, a static member (Kafka Streams names its thread's member <group.instance.id>-1)
        String instanceId = "fenced-instance";
        Map<String, Object> settings = new HashMap<>(StreamcastFixture.SHORT_SESSIONS);
        settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            runUntilFenced(kafka, settings, instanceId);
        }
    }

    private static void runUntilFenced(KafkaCluster kafka, Map<String, Object> settings, String instanceId)
            throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, settings)) {
            Path file = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0));
            app.produce(app.topics().events().name(), List.of(app.event("a", T0, 1.0)));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode;
            try (KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(otherMember(app, instanceId + "-1"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> UserErrors.commandLine(
                        new StreamcastCommand()).execute("run", "--config", file.toString()));
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> run.isDone()
                                || !app.readAllCommitted(app.topics().predictions().name()).isEmpty());
                assertThat(run).as("run runs: %s", err).isNotDone();

                // When another member joins under the stream thread's id, which the coordinator hands to it
                other.subscribe(List.of(app.topics().events().name()));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .until(() -> {
                            other.poll(Duration.ofMillis(100));
                            return run.isDone();
                        });
                exitCode = run.get(1, TimeUnit.SECONDS);
            } finally {
                System.setErr(originalErr);
            }

            // Then run stops, saying what happened and that a restart takes the id back
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(exitCode).isEqualTo(1);
            assertThat(text).contains("Streamcast stopped: Kafka Streams is in state ERROR after an error:")
                    .contains("FencedInstanceIdException")
                    .contains("The group coordinator holds this instance's group.instance.id for another member id")
                    .contains("A restart of this instance takes the id back at once");
        }
    }

    /** A plain consumer in the application's group under {@code groupInstanceId}, its assignor named as Streams'. */
    private static Map<String, Object> otherMember(StreamcastFixture app, String groupInstanceId) {
        Map<String, Object> consumer = new HashMap<>(app.config().clientSettings(ConsumerConfig.configNames(),
                StreamsConfig.CONSUMER_PREFIX));
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, app.applicationId());
        consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, StreamsNamedAssignor.class.getName());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3_000);
        return consumer;
    }
}

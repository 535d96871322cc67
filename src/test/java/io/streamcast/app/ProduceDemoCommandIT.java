package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.testing.CommandRun;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The compose stack's producer: the demo stream sent to a cluster that Streamcast runs against. */
@ExtendWith(KafkaClusterExtension.class)
class ProduceDemoCommandIT {

    @Test
    void shouldSendTheDemoStreamThatStreamcastThenPredicts(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        // a registry server, as produce-demo refuses an in-memory registry: in use it runs beside Streamcast, not in it
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()))) {
            Path file = dir.resolve("streamcast.properties");
            Properties properties = new Properties();
            app.config().originals().forEach((key, value) -> properties.setProperty(key, value.toString()));
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, null);
            }

            int exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("produce-demo", "--config",
                    file.toString(), "--keys", "3", "--events", "30", "--rate", "0", "--bad-every", "10");

            assertThat(exitCode).isZero();
            List<ConsumerRecord<byte[], byte[]>> records = app.readAllCommitted(app.topics().events().name());
            assertThat(records).hasSize(33);
            Map<String, List<Event>> byKey = records.stream().collect(Collectors.groupingBy(
                    r -> new String(r.key(), StandardCharsets.UTF_8),
                    Collectors.mapping(r -> app.topics().events().deserializeValue(r.value()), Collectors.toList())));
            assertThat(byKey).containsOnlyKeys("sensor-000", "sensor-001", "sensor-002");
            long bad = byKey.values().stream().flatMap(List::stream)
                    .filter(e -> Double.isNaN(e.getValues().get(0))).count();
            assertThat(bad).isEqualTo(3);

            // Started again, the stream goes on after its latest event rather than from its first step, whose
            // events the keys would refuse as out-of-order.
            long latest = byKey.values().stream().flatMap(List::stream)
                    .mapToLong(e -> e.getEventTime().toEpochMilli()).max().orElseThrow();
            int again = UserErrors.commandLine(new StreamcastCommand()).execute("produce-demo", "--config",
                    file.toString(), "--keys", "3", "--events", "30", "--rate", "0", "--bad-every", "0");
            assertThat(again).isZero();
            List<ConsumerRecord<byte[], byte[]>> all = app.readAllCommitted(app.topics().events().name());
            assertThat(all).hasSize(63);
            assertThat(all).filteredOn(r -> app.topics().events().deserializeValue(r.value()).getEventTime()
                    .toEpochMilli() > latest).as("the second run's events").hasSize(30);

            app.startInstance();
            app.awaitInputConsumed();
            assertThat(app.readAllCommitted(app.topics().predictions().name())).hasSize(60);
            assertThat(app.readAllCommitted(app.topics().deadLetters().name())).hasSize(3);
        }
    }

    /**
     * Settings for Kafka Streams' consumers that a consumer under {@code consumer.group.protocol=consumer} refuses
     * failed produce-demo's own consumer at its creation (it reads the events topic's end, joining no group).
     */
    @Test
    void shouldSendWithGroupSettingsItsConsumerCannotTake(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     "consumer.group.protocol", "consumer", "session.timeout.ms", 10_000,
                     "heartbeat.interval.ms", 2_000))) {
            Path file = app.writeSettingsFile(Map.of());

            CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                    file.toString(), "--keys", "1", "--events", "2", "--rate", "0", "--bad-every", "0");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(app.readAllCommitted(app.topics().events().name())).hasSize(2);
        }
    }

    /** A registry that does not answer ended produce-demo with a stack trace; it is named in one line. */
    @Test
    void shouldNameTheRegistryItCannotReachInOneLine(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        StringBuilder settings = new StringBuilder("bootstrap.servers=" + kafka.bootstrapServers()
                + "\nschema.registry.url=http://127.0.0.1:1\nmax.retries=0\n");
        // topics of its own on the shared cluster
        for (String topic : StreamcastConfig.topicSettings()) {
            settings.append(topic).append("=no-registry-").append(topic).append('\n');
        }
        Path file = Files.writeString(dir.resolve("streamcast.properties"), settings);

        CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "produce-demo", "--config",
                file.toString(), "--keys", "10", "--events", "10");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("produce-demo: Cannot serialize Prediction to topic 'no-registry-predictions.topic': ")
                .contains("cannot reach the schema registry at http://127.0.0.1:1");
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.bench.StreamBench;
import io.streamcast.app.bench.StreamBenchOptions;
import io.streamcast.app.bench.StreamBenchResult;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.SaslKafkaCluster;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamcast against a broker that authenticates its clients (SASL/PLAIN), as managed clusters do: the Kafka client
 * settings it is given (security.protocol, sasl.mechanism, sasl.jaas.config) reach every client it opens, and
 * credentials the broker refuses stop {@code run} at once, saying why.
 */
class SaslBrokerIT {

    private static final long T0 = 1_700_000_000_000L;
    private static SaslKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = SaslKafkaCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        kafka.close();
    }

    @Test
    void shouldPredictEveryEventThroughABrokerThatAuthenticatesItsClients() {
        predictsEveryEvent(Map.of());
    }

    /**
     * The instance's clients authenticate with the JAAS configuration a config provider reads from a file, resolved
     * as the settings are read: Kafka Streams is handed the value, without the providers' settings.
     */
    @Test
    void shouldAuthenticateWithTheJaasConfigurationAConfigProviderGives(@TempDir Path dir) throws IOException {
        Path secrets = Files.writeString(dir.resolve("kafka-secrets.properties"), "jaas="
                + kafka.clientSettings().get("sasl.jaas.config") + "\n");
        predictsEveryEvent(Map.of("config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "sasl.jaas.config", "${file:" + secrets + ":jaas}"));
    }

    /**
     * {@code bench --bootstrap-servers} against a cluster that authenticates its clients: the settings given with
     * {@code --set} reach the bench's own admin client, producers and consumer as resolved for its measured
     * instances, the JAAS configuration from a config provider. Its own clients were given the address alone and
     * could not create the bench's topics on such a cluster.
     */
    @Test
    void shouldBenchTheClusterWithTheSettingsItsInstancesAreGiven(@TempDir Path dir) throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka-secrets.properties"), "jaas="
                + kafka.clientSettings().get("sasl.jaas.config") + "\n");
        Map<String, Object> set = new HashMap<>(kafka.clientSettings());
        set.put("config.providers", "file");
        set.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        set.put("sasl.jaas.config", "${file:" + secrets + ":jaas}");
        StreamBenchOptions options = new StreamBenchOptions(20, 10, 4, 1, true, false, kafka.bootstrapServers(),
                "mock://sasl-broker-bench", 0, 2_000, 42, 1);

        List<StreamBenchResult> results = new StreamBench(options, set,
                new PrintStream(OutputStream.nullOutputStream())).run();

        assertThat(results).extracting(StreamBenchResult::variant)
                .containsExactly("passthrough", "streamcast training off");
    }

    private static void predictsEveryEvent(Map<String, Object> overrides) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, overrides)) {
            ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                    app.config().inputSpec(), 16, 7);
            app.produce(app.topics().models().name(), List.of(new ProducerRecord<>(app.topics().models().name(),
                    model.name().getBytes(StandardCharsets.UTF_8),
                    app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model)))));
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                events.add(app.event("key-" + step % 4, T0 + step * 60_000L, 100 + 10 * Math.sin(step / 6.0)));
            }
            app.startInstance();
            app.produce(app.topics().events().name(), events);
            app.awaitInputConsumed();

            List<Prediction> predictions = StreamcastFixture.values(
                    app.readAllCommitted(app.topics().predictions().name()),
                    app.topics().predictions()::deserializeValue);
            assertThat(predictions).hasSize(40);
            assertThat(predictions).filteredOn(p -> p.getKey().equals("key-0")).last()
                    .satisfies(p -> assertThat(p.getModelVersion()).isEqualTo(1));
            assertThat(app.readAllCommitted(app.topics().deadLetters().name())).isEmpty();
        }
    }

    @Test
    void shouldRefuseToStartWithCredentialsTheBrokerRefusesSayingWhy(@TempDir Path dir) throws IOException {
        Map<String, Object> settings = new HashMap<>(SaslKafkaCluster.clientSettings("not-the-password"));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        // never reached: the topics are set up first, and a registry is what run needs, not mock://
        settings.put("schema.registry.url", "http://127.0.0.1:1");
        settings.put("state.dir", dir.resolve("state").toString());

        // a bound against a start that waits for the broker instead of failing: the admin client's timeout is a minute
        RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(45));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot start Streamcast", "Authentication failed");
    }
}

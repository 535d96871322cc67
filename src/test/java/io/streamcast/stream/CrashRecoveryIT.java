package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance in another process is killed (SIGKILL) while it works through a backlog; a new instance with the
 * same application id and an empty state directory finishes the stream. Exactly once: every event has exactly
 * one prediction, equal to what an uninterrupted instance predicts.
 */
@ExtendWith(KafkaClusterExtension.class)
class CrashRecoveryIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 5;
    private static final int BACKLOG_STEPS = 6_000;
    private static final int LATER_STEPS = 1_000;

    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = from; step < to; step++) {
            for (int k = 0; k < KEYS; k++) {
                double value = (k + 1) * 50 + 20 * Math.sin(step / 9.0 + k) + ((step * 13 + k * 7) % 11) * 0.3;
                records.add(app.event("key-" + k, T0 + step * 60_000L, value));
            }
        }
        return records;
    }

    private static StreamcastFixture application(KafkaCluster kafka, TestSchemaRegistry registry) {
        StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
        ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                app.config().inputSpec(), 16, 5);
        app.publishModel(model);
        return app;
    }

    private static Map<String, List<Prediction>> predictionsByKey(StreamcastFixture app) {
        return StreamcastFixture.values(app.readAllCommitted(app.topics().predictions().name()),
                app.topics().predictions()::deserializeValue).stream()
                .collect(Collectors.groupingBy(Prediction::getKey));
    }

    /**
     * The settings of the instance to be killed. The new instance's first rebalance waits out the killed member's
     * session (10 s otherwise), and its start waits until the broker has aborted the transaction the kill left open, at
     * the transaction's timeout (Kafka Streams' 10 s otherwise): 3 s and 5 s, with the waits for a model version and
     * for the registry within half of it, as the instance requires.
     */
    private static Map<String, Object> killedInstance() {
        Map<String, Object> settings = new HashMap<>(StreamcastFixture.SHORT_SESSIONS);
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5_000);
        settings.put(StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 2_500L);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG, 2_500);
        settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
        return settings;
    }

    @Test
    void shouldNeitherLoseNorDuplicateAPredictionWhenAnInstanceIsKilledMidStream(KafkaCluster kafka)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, List<Prediction>> uninterrupted;
            try (StreamcastFixture reference = application(kafka, registry)) {
                reference.startInstance();
                reference.produce(reference.topics().events().name(),
                        events(reference, 0, BACKLOG_STEPS + LATER_STEPS));
                reference.awaitInputConsumed();
                uninterrupted = predictionsByKey(reference);
            }

            try (StreamcastFixture app = application(kafka, registry)) {
                app.produce(app.topics().events().name(), events(app, 0, BACKLOG_STEPS));
                File log = File.createTempFile("streamcast-crash-instance", ".log");
                log.deleteOnExit();
                Process instance = RunProcess.start(app.writeSettingsFile(killedInstance()), log.toPath());
                int committedAtKill;
                try {
                    committedAtKill = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                            .until(() -> app.readAllCommitted(app.topics().predictions().name()).size(),
                                    count -> count >= 1_000);
                } finally {
                    instance.destroyForcibly();
                    assertThat(instance.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(committedAtKill).as("killed while working through the backlog")
                        .isLessThan(KEYS * BACKLOG_STEPS);

                app.produce(app.topics().events().name(), events(app, BACKLOG_STEPS, BACKLOG_STEPS + LATER_STEPS));
                app.startInstance();
                app.awaitInputConsumed();

                Map<String, List<Prediction>> recovered = predictionsByKey(app);
                assertThat(recovered.keySet()).isEqualTo(uninterrupted.keySet());
                recovered.forEach((key, predictions) -> assertThat(predictions)
                        .hasSize(BACKLOG_STEPS + LATER_STEPS)
                        .isEqualTo(uninterrupted.get(key)));
            }
        }
    }
}

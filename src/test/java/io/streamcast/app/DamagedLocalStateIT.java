package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.schema.Prediction;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of an instance's local state that RocksDB cannot open (its {@code CURRENT} file overwritten, as a disk fault
 * or a host's crash can leave it) failed every start of {@code run}, Kafka Streams opening the stores it finds when it
 * starts, until someone removed the directory by hand. Now the first start that meets it removes that task's local
 * state and says so, and the next one rebuilds it from the changelog: every event is predicted once, and as an
 * instance that was never stopped predicts it (a key started afresh instead would forecast its later events from a
 * short history, and differently).
 */
@ExtendWith(KafkaClusterExtension.class)
class DamagedLocalStateIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 4;
    private static final int STEPS = 100;
    private static final int LATER_STEPS = 50;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = from; step < to; step++) {
            for (int k = 0; k < KEYS; k++) {
                records.add(app.event("key-" + k, T0 + step * 60_000L, (k + 1) * 10 + Math.sin(step / 7.0)));
            }
        }
        return records;
    }

    private static List<Prediction> predictions(StreamcastFixture app) {
        return StreamcastFixture.values(app.readAllCommitted(app.topics().predictions().name()),
                app.topics().predictions()::deserializeValue);
    }

    /** Runs {@code run} until {@code count} predictions are committed, then stops it as an orchestrator would. */
    private static void runUntilPredicted(StreamcastFixture app, Path settings, Path log, int count)
            throws IOException, InterruptedException {
        Process instance = RunProcess.start(settings, log);
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.readAllCommitted(app.topics().predictions().name()).size() >= count);
        } finally {
            instance.destroy();
            assertThat(instance.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** An application with training off and one model, the same for every call. */
    private static StreamcastFixture application(KafkaCluster kafka, TestSchemaRegistry registry) {
        StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false));
        ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 1,
                app.config().inputSpec(), 8, 5);
        app.publishModel(model);
        return app;
    }

    @Test
    void shouldRemoveAStoreRocksDbCannotOpenAndRebuildItAtTheNextStart(KafkaCluster kafka, @TempDir Path logs)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, List<Prediction>> uninterrupted;
            try (StreamcastFixture reference = application(kafka, registry)) {
                reference.startInstance();
                reference.produce(reference.topics().events().name(), events(reference, 0, STEPS + LATER_STEPS));
                reference.awaitInputConsumed();
                uninterrupted = byKey(predictions(reference));
            }
            try (StreamcastFixture app = application(kafka, registry)) {
                rebuildAfterDamage(app, logs, uninterrupted);
            }
        }
    }

    private static Map<String, List<Prediction>> byKey(List<Prediction> predictions) {
        return predictions.stream().collect(Collectors.groupingBy(Prediction::getKey));
    }

    /** Runs, stops, damages one key-state store, fails one start and runs again: what the test asks of one app. */
    private static void rebuildAfterDamage(StreamcastFixture app, Path logs,
            Map<String, List<Prediction>> uninterrupted) throws Exception {
        Path settings = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_PORT_CONFIG, 0));
        Path tasks = settings.getParent().resolve(app.applicationId());
        app.produce(app.topics().events().name(), events(app, 0, STEPS));
        runUntilPredicted(app, settings, logs.resolve("first.log"), KEYS * STEPS);

        Path damaged;
        try (Stream<Path> files = Files.walk(tasks)) {
            damaged = files.filter(file -> file.getFileName().toString().equals("CURRENT")
                    && file.getParent().getFileName().toString().equals(StreamcastTopology.KEY_STATE_STORE))
                    .findFirst().orElseThrow();
        }
        Files.writeString(damaged, "garbage\n");
        Path task = tasks.resolve(tasks.relativize(damaged).getName(0));

        Process failing = RunProcess.start(settings, logs.resolve("damaged.log"));
        assertThat(failing.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(logs.resolve("damaged.log"));
        assertThat(failing.exitValue()).as(said).isEqualTo(1);
        assertThat(said).contains("Cannot start Streamcast: Error opening store key-state",
                "Streamcast: the local state " + task + " was damaged", "has been removed");
        assertThat(task).doesNotExist();

        app.produce(app.topics().events().name(), events(app, STEPS, STEPS + LATER_STEPS));
        runUntilPredicted(app, settings, logs.resolve("rebuilt.log"), KEYS * (STEPS + LATER_STEPS));

        Map<String, List<Prediction>> recovered = byKey(predictions(app));
        assertThat(recovered.keySet()).isEqualTo(uninterrupted.keySet());
        recovered.forEach((key, predicted) -> assertThat(predicted)
                .hasSize(STEPS + LATER_STEPS).isEqualTo(uninterrupted.get(key)));
    }
}

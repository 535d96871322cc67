package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.streamcast.app.StreamcastService;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The trainer on a real broker: cold start, champion/challenger gating, fail-over, bad models. */
@ExtendWith(KafkaClusterExtension.class)
class TrainerIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final int KEYS = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Noisy periodic signals, one per key, each on its own scale; the period can change mid-stream. */
    private static final class Signals {
        private final SplittableRandom random = new SplittableRandom(11);
        private int step;
        private double period = 12;

        List<ProducerRecord<byte[], byte[]>> next(StreamcastFixture app, int steps) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int s = 0; s < steps; s++, step++) {
                for (int k = 0; k < KEYS; k++) {
                    double value = 100 * (k + 1) + 20 * (k + 1) * Math.sin(2 * Math.PI * step / period + k)
                            + random.nextGaussian() * (k + 1) * 0.3;
                    records.add(app.event("key-" + k, T0 + step * 60_000L, value));
                }
            }
            return records;
        }
    }

    /** Feeds the stream batch after batch until {@code done} holds. */
    private static void feedUntil(StreamcastFixture app, Signals signals, BooleanSupplier done) {
        await().atMost(WAIT).pollInterval(Duration.ZERO).until(() -> {
            app.produce(app.topics().events().name(), signals.next(app, 25));
            app.awaitInputConsumed();
            return done.getAsBoolean();
        });
    }

    private static List<Prediction> predictions(StreamcastFixture app) {
        return StreamcastFixture.values(app.readAllCommitted(app.topics().predictions().name()),
                app.topics().predictions()::deserializeValue);
    }

    /**
     * The models published, each once: under their versions' own keys, without the copies under the bare name (for
     * earlier releases) and the tombstones that retire old versions.
     */
    private static List<ModelSnapshot> publishedModels(StreamcastFixture app) {
        return StreamcastFixture.values(app.readAllCommitted(app.topics().models().name()).stream()
                        .filter(r -> r.value() != null && new String(r.key(), StandardCharsets.UTF_8).contains("@"))
                        .toList(), app.topics().models()::deserializeValue);
    }

    private static double loss(StreamcastService service, String kind) {
        return service.metrics().registry().get("streamcast.training.loss").tag("kind", kind).gauge().value();
    }

    private static long rounds(StreamcastService service, String outcome) {
        Timer timer = service.metrics().registry().find("streamcast.training.rounds").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void shouldPublishAFirstVersionFromAColdStartThatForecastsBetterThanTheFallback(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.01))) {
            StreamcastService service = app.startInstance();
            Signals signals = new Signals();

            feedUntil(app, signals, () -> service.models().current() != null);
            app.produce(app.topics().events().name(), signals.next(app, 100));
            app.awaitInputConsumed();

            List<Prediction> predictions = predictions(app);
            assertThat(publishedModels(app)).extracting(ModelSnapshot::getVersion).first().isEqualTo(1L);
            Map<String, Prediction> previous = new HashMap<>();
            double modelError = 0;
            double fallbackError = 0;
            for (Prediction p : predictions) {
                Prediction before = previous.put(p.getKey(), p);
                if (before != null && before.getModelVersion() >= 1) {
                    assertThat(p.getModelVersion()).as("versions never go back").isGreaterThanOrEqualTo(1);
                    double observed = p.getObserved().get(0);
                    modelError += Math.abs(observed - before.getForecast().get(0).get(0));
                    fallbackError += Math.abs(observed - before.getObserved().get(0));
                }
            }
            assertThat(fallbackError).isPositive();
            // Summed in the values' own units, where the largest key weighs most, while the round judged each key's
            // scaled values: mostly 0.10 to 0.15 of the fallback's (six runs alone), but 0.62 in a suite run whose
            // first version, chosen by its held-out loss (0.105 against the fallback's 0.470), read signed logs
            assertThat(modelError).isLessThan(0.8 * fallbackError);
        }
    }

    @Test
    void shouldNotPublishACandidateThatIsBetterButNotByTheMargin(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.95))) {
            StreamcastService service = app.startInstance();
            Signals signals = new Signals();

            feedUntil(app, signals, () -> rounds(service, "not_better") >= 2);

            // The last candidate beat the fallback on the held-out windows, but by less than 95%.
            double candidate = loss(service, "candidate");
            double reference = loss(service, "reference");
            assertThat(candidate).isLessThan(reference).isGreaterThan(0.05 * reference);
            assertThat(rounds(service, "publish")).isZero();
            assertThat(publishedModels(app)).isEmpty();
            assertThat(predictions(app)).isNotEmpty().allSatisfy(p -> assertThat(p.getModelVersion()).isZero());
        }
    }

    @Test
    void shouldKeepTheModelInUseWhenGarbageArrivesOnTheModelsTopic(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.01))) {
            StreamcastService service = app.startInstance();
            Signals signals = new Signals();
            feedUntil(app, signals, () -> service.models().current() != null);
            long inUse = service.models().current().version();
            String models = app.topics().models().name();
            String name = service.models().modelName();

            app.produce(models, List.of(new ProducerRecord<>(models, name.getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8))));
            await().atMost(WAIT).until(() -> service.models().refusedCount() >= 1);
            app.produce(app.topics().events().name(), signals.next(app, 10));
            app.awaitInputConsumed();

            assertThat(service.models().current().version()).isGreaterThanOrEqualTo(inUse);
            List<Prediction> predictions = predictions(app);
            assertThat(predictions.get(predictions.size() - 1).getModelVersion()).isGreaterThanOrEqualTo(inUse);
            assertThat(service.metrics().registry().get("streamcast.models.refused").counter().count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldMoveTrainingToTheOtherInstanceAndKeepVersionsIncreasing(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.0))) {
            StreamcastService first = app.startInstance();
            StreamcastService second = app.startInstance();
            Signals signals = new Signals();
            feedUntil(app, signals, () -> first.models().current() != null && trainer(app, first, second) != null);
            StreamcastService trainer = trainer(app, first, second);
            StreamcastService survivor = trainer == first ? second : first;
            long lastVersion = publishedModels(app).stream().mapToLong(ModelSnapshot::getVersion).max().orElseThrow();

            trainer.close();
            signals.period = 7;
            feedUntil(app, signals, () -> rounds(survivor, "publish") >= 1);

            // The survivor's model becomes readable once its transaction commits.
            List<Long> versions = await().atMost(WAIT).until(
                    () -> publishedModels(app).stream().map(ModelSnapshot::getVersion).toList(),
                    published -> published.get(published.size() - 1) > lastVersion);
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            assertThat(versions.get(versions.size() - 1)).isGreaterThan(lastVersion);
            assertThat(trainer(app, survivor)).isSameAs(survivor);
        }
    }

    /**
     * Bytes appended by hand to the changelogs of the trainer's stores: a training-set key of three bytes, a stored
     * window copied under a negative id, and a next-id counter of four bytes. Read as numbers they failed the trainer's
     * start-up on every instance that restored them, so no round ever ran again; the instance that takes over drops
     * them and trains on.
     */
    @Test
    void shouldTrainOnAfterGarbageInTheChangelogsOfItsStores(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, TestSettings.quickTraining(0.0))) {
            StreamcastService first = app.startInstance();
            Signals signals = new Signals();
            feedUntil(app, signals, () -> first.models().current() != null);
            first.close();
            String windows = app.applicationId() + "-" + StreamcastTopology.TRAINING_SET_STORE + "-changelog";
            String progress = app.applicationId() + "-" + StreamcastTopology.TRAINER_PROGRESS_STORE + "-changelog";
            byte[] storedWindow = app.readAllCommitted(windows).stream().map(r -> r.value())
                    .filter(value -> value != null).findFirst().orElseThrow();
            byte[] negativeId = ByteBuffer.allocate(Long.BYTES).putLong(-5).array();

            app.produce(windows, List.of(new ProducerRecord<>(windows, new byte[] {1, 2, 3}, storedWindow),
                    new ProducerRecord<>(windows, negativeId, storedWindow)));
            app.produce(progress, List.of(new ProducerRecord<>(progress,
                    TrainerProcessor.NEXT_ID.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 1})));
            StreamcastService second = app.startInstance();
            feedUntil(app, signals, () -> rounds(second, "publish") + rounds(second, "not_better") >= 1);

            assertThat(second.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** The instance whose stream threads own the training-samples partition, or null while none does. */
    private static StreamcastService trainer(StreamcastFixture app, StreamcastService... services) {
        TopicPartition samples = new TopicPartition(app.topics().trainingSamples().name(), 0);
        for (StreamcastService service : services) {
            for (ThreadMetadata thread : service.streams().metadataForLocalThreads()) {
                if (thread.activeTasks().stream().anyMatch(task -> task.topicPartitions().contains(samples))) {
                    return service;
                }
            }
        }
        return null;
    }
}

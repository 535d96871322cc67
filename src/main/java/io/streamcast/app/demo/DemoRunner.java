package io.streamcast.app.demo;

import io.streamcast.app.StreamcastNode;
import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicSetup;
import io.streamcast.app.broker.EmbeddedKafkaBroker;
import io.streamcast.app.http.OpsEndpoints;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.stream.StreamcastTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code demo}: a real Kafka broker in this JVM, Streamcast running against it, a producer of synthetic
 * metrics for many keys, and a reader of the predictions that prints progress and a final summary.
 */
public final class DemoRunner {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    /** One refused event (a NaN) per this many events shows the dead-letter topic at work. */
    private static final long BAD_EVENT_EVERY = 10_000;
    /**
     * Windows per key before the first training round. The trainer splits each key's windows by time into
     * training, early-stopping and judging sets kept a history apart (eight windows at a window every 16 events),
     * so a key needs about this many before a round can judge a candidate at all; fewer, and the round ends with
     * too few samples.
     */
    private static final int FIRST_ROUND_WINDOWS_PER_KEY = 24;
    /** New windows between later rounds: small, so versions replace each other while one watches. */
    private static final int NEW_WINDOWS_PER_ROUND = 64;
    private static final String LOOPBACK = "127.0.0.1";

    private final DemoOptions options;
    private final PrintStream out;
    private final Path stateParent;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    public DemoRunner(DemoOptions options, PrintStream out) {
        this(options, out, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A demo whose state directory, made for the run and deleted after it, lies in {@code stateParent}. */
    DemoRunner(DemoOptions options, PrintStream out, Path stateParent) {
        this.options = options;
        this.out = out;
        this.stateParent = stateParent;
    }

    /** Asks a running demo to finish early, as Ctrl-C does. */
    public void requestStop() {
        stopRequested.set(true);
    }

    public DemoSummary run() throws InterruptedException {
        // the port first: a busy one then fails the demo before it has made a state directory to leave behind
        OpsHttpServer http = OpsHttpServer.bind(LOOPBACK, options.httpPort());
        Path stateDir;
        try {
            stateDir = temporaryDirectory();
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        // The console's address comes first, so that it can be opened while the broker starts; requests wait
        // until the instance serves them.
        out.printf("Streamcast console: http://%s:%d/%n", LOOPBACK, http.port());
        out.println("demo: starting a Kafka broker in this JVM");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            out.println("demo: broker at " + broker.bootstrapServers());
            StreamcastConfig config = new StreamcastConfig(settings(broker.bootstrapServers(), stateDir));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                TopicSetup.ensure(admin, config, 2, Optional.empty());
            }
            StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
            StreamcastNode started = StreamcastNode.start(config, http);
            http = null;
            try (StreamcastNode node = started) {
                StreamcastService service = node.service();
                out.printf("demo: endpoints at http://%s:%d (%s, %s, %s, %s{key}, %s)%n",
                        node.httpAddress().getHostString(), node.httpAddress().getPort(), OpsEndpoints.METRICS,
                        OpsEndpoints.LIVENESS, OpsEndpoints.READINESS, OpsEndpoints.KEYS, OpsEndpoints.MODEL);
                out.printf("demo: %s, seed %d, registry %s%n", options.describe(), options.seed(),
                        options.registryUrl());
                Producing producing = new Producing(broker.bootstrapServers(), topics);
                Thread producer = new Thread(producing, "demo-producer");
                producer.start();
                try {
                    return consume(broker.bootstrapServers(), topics, producing, service);
                } finally {
                    producing.stop.set(true);
                    producer.join();
                }
            }
        } finally {
            if (http != null) {
                http.close();
            }
            deleteRecursively(stateDir);
        }
    }

    private Map<String, Object> settings(String bootstrap, Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamcast-demo");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        // A demo lasts minutes, not days: train often enough to watch versions replace each other.
        settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, 3_000L);
        settings.put(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, FIRST_ROUND_WINDOWS_PER_KEY * options.keys());
        settings.put(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, NEW_WINDOWS_PER_ROUND);
        settings.put(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 40);
        // The demo's stream is light (500 events/s by default), so its rounds train at full speed and the first
        // model is in use within about a minute.
        settings.put(StreamcastConfig.TRAINING_CPU_SHARE_CONFIG, 1.0);
        settings.put(StreamcastConfig.TRAINING_PATIENCE_CONFIG, 5);
        settings.put(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, 2048);
        settings.put(StreamcastConfig.TRAINING_SET_PER_KEY_CAPACITY_CONFIG, 128);
        // The demo's metrics have a daily rhythm and no heavy tails: fixing the inputs leaves one candidate per
        // round instead of the six a first round tries by default, so a first model comes within seconds.
        settings.put(StreamcastConfig.CALENDAR_FEATURES_CONFIG, "TIME_OF_DAY");
        settings.put(StreamcastConfig.VALUE_TRANSFORM_CONFIG, "NONE");
        // The producer runs ahead of a demo that sends as fast as it can. Small fetches per partition make the
        // stream thread take turns between the two event partitions and the training samples, rather than
        // working through a megabyte of one partition before the next: the trainer gets its windows early.
        settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 65_536);
        settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, LOOPBACK);
        settings.put(StreamcastConfig.HTTP_PORT_CONFIG, options.httpPort());
        return settings;
    }

    private DemoSummary consume(String bootstrap, StreamcastTopics topics, Producing producing,
                                StreamcastService service) {
        Map<String, Object> consumerSettings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "streamcast-demo-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ForecastErrors errors = new ForecastErrors();
        long predictions = 0;
        long deadLetters = 0;
        long anomalies = 0;
        long modelVersion = 0;
        long startNanos = System.nanoTime();
        long lastProgress = startNanos;
        long predictionsAtLastProgress = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.predictions().name(), topics.deadLetters().name()));
            while (!stopRequested.get() && !finished(predictions, deadLetters, producing)) {
                if (service.failure() != null) {
                    throw new IllegalStateException("Streamcast stopped: " + service.failure().getMessage(),
                            service.failure());
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.deadLetters().name())) {
                        deadLetters++;
                        continue;
                    }
                    Prediction prediction = topics.predictions().deserializeValue(record.value());
                    predictions++;
                    anomalies += prediction.getIsAnomaly() ? 1 : 0;
                    modelVersion = Math.max(modelVersion, prediction.getModelVersion());
                    errors.add(prediction);
                }
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
                    double seconds = (now - lastProgress) / 1e9;
                    double mase = errors.maseSinceLastCall();
                    out.printf("progress events=%d predictions=%d events/s=%.0f keys=%d model_version=%d"
                                    + " anomalies=%d dead_letters=%d mase=%s%n",
                            producing.sent(), predictions, (predictions - predictionsAtLastProgress) / seconds,
                            errors.keys(), modelVersion, anomalies, deadLetters,
                            MaseText.of(mase, 3));
                    lastProgress = now;
                    predictionsAtLastProgress = predictions;
                }
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new DemoSummary(producing.sent(), predictions, deadLetters, anomalies, modelVersion,
                errors.maseOfFirstTenth(), errors.maseOfLastTenth(), predictions / seconds);
    }

    private boolean finished(long predictions, long deadLetters, Producing producing) {
        return options.events() > 0 && producing.done.get()
                && predictions >= producing.sent() && deadLetters >= producing.bad();
    }

    /** Sends the synthetic stream on its own thread, at the demo's pace. */
    private final class Producing implements Runnable {
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        private final String bootstrap;
        private final DemoStreamProducer stream;

        Producing(String bootstrap, StreamcastTopics topics) {
            this.bootstrap = bootstrap;
            this.stream = new DemoStreamProducer(new DemoSignals(options.keys(), options.seed()), topics.events(),
                    options.rate(), BAD_EVENT_EVERY);
        }

        long sent() {
            return stream.goodSent();
        }

        long bad() {
            return stream.badSent();
        }

        @Override
        public void run() {
            Map<String, Object> producerSettings = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
            try (KafkaProducer<String, Event> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                    stream.events().valueSerde().serializer())) {
                stream.run(producer, options.events(), () -> stop.get() || stopRequested.get());
            } finally {
                done.set(true);
            }
        }
    }

    private Path temporaryDirectory() {
        try {
            return Files.createTempDirectory(stateParent, "streamcast-demo-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}

package io.streamcast.app.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicSetup;
import io.streamcast.app.demo.DemoSignals;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.stream.StreamcastTopics;
import io.streamcast.stream.StreamcastTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The stream benchmark: produces events for many keys into a topic, then lets instances process the same events
 * one after the other in this JVM, with the same exactly-once guarantee and the same store configuration:
 * <ol>
 *   <li>{@link Passthrough}, what Kafka itself costs for a stateful processor with a state of Streamcast's size;</li>
 *   <li>Streamcast with a model of the chosen size in use from the first event, its trainer off;</li>
 *   <li>Streamcast with its trainer on and training rounds running (windows are loaded into the training-samples
 *       topic first, and a round starts whenever enough new ones arrived).</li>
 * </ol>
 * Each instance reads the whole backlog from the start; its throughput is the events it processed divided by the
 * time from its first processed event to its last. Ratios of instances measured in one run share the machine's
 * conditions. After the backlog, the first Streamcast instance gets events at a steady rate for the end-to-end
 * latency. The broker runs in a child process unless a cluster is given, so that heap and resident memory are
 * this JVM's: the instance's, and the small producer and consumer of the bench.
 */
public final class StreamBench {

    /** Consecutive windows each loaded key sends, enough for the trainer's split by time to judge. */
    private static final int LOADED_WINDOWS_PER_KEY = 32;

    private static final String PROCESSING_TIMER = "streamcast.event.processing";
    private static final double[] PERCENTILES = {0.5, 0.99, 0.999};
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration PHASE_TIMEOUT = Duration.ofHours(2);
    /** Stands for the broker's address in the settings checked before the broker is started; nothing connects. */
    private static final String BOOTSTRAP_UNTIL_STARTED = "localhost:9092";

    private final StreamBenchOptions options;
    private final PrintStream out;
    private final Map<String, Object> extraSettings;

    /**
     * The settings the bench gives every measured instance itself, and what a user sets them with instead: a
     * {@code --set} of one of them would be overwritten, and the bench would measure something else than asked.
     */
    private static final Map<String, String> OWN_SETTINGS = Map.ofEntries(
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "--bootstrap-servers"),
            Map.entry(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "--schema-registry-url"),
            Map.entry(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, "--hidden"),
            Map.entry(StreamcastConfig.TRAINING_ENABLED_CONFIG, "--training"),
            Map.entry(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, "--training on, which starts rounds back to back"),
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "a new one per instance"),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, "a new temporary directory"),
            Map.entry(StreamcastConfig.EVENTS_TOPIC_CONFIG, "a new topic per run"),
            Map.entry(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, "a new topic per run"),
            Map.entry(StreamcastConfig.ANOMALIES_TOPIC_CONFIG, "a new topic per run"),
            Map.entry(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, "a new topic per run"),
            Map.entry(StreamcastConfig.MODELS_TOPIC_CONFIG, "a new topic per run"),
            Map.entry(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, "a new topic per run"));

    /**
     * @param extraSettings settings for every measured instance (Kafka Streams' and Streamcast's)
     * @throws IllegalArgumentException when {@code extraSettings} holds a setting the bench gives the instances itself
     * @throws ConfigException          naming a setting of {@code extraSettings} that is unknown or invalid
     */
    public StreamBench(StreamBenchOptions options, Map<String, Object> extraSettings, PrintStream out) {
        for (String key : extraSettings.keySet()) {
            if (OWN_SETTINGS.containsKey(key)) {
                throw new IllegalArgumentException("--set " + key + " would not apply: the bench sets it itself ("
                        + OWN_SETTINGS.get(key) + ")");
            }
        }
        this.options = options;
        this.extraSettings = Map.copyOf(extraSettings);
        this.out = out;
        // The settings as every measured instance gets them, checked now: left to the first instance, a misspelt
        // --set was refused only after the bench had started its broker and produced its events.
        new StreamcastConfig(settings(BOOTSTRAP_UNTIL_STARTED, "bench-settings-check", "bench-settings-check",
                Path.of("bench-settings-check"), options.trainingOn()));
    }

    public List<StreamBenchResult> run() throws Exception {
        BrokerProcess broker = null;
        Path stateRoot = Files.createTempDirectory("streamcast-bench-");
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                out.println("bench: starting a Kafka broker in a child process");
                broker = BrokerProcess.start();
                bootstrap = broker.bootstrapServers();
            }
            return run(bootstrap, "bench-" + UUID.randomUUID().toString().substring(0, 8), stateRoot);
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteRecursively(stateRoot);
        }
    }

    private List<StreamBenchResult> run(String bootstrap, String run, Path stateRoot) throws Exception {
        StreamcastConfig config = new StreamcastConfig(settings(bootstrap, run, run + "-off", stateRoot, false));
        String passthroughOutput = run + "-passthrough-output";
        out.println("bench: " + TopicSetup.waitingFor(config));
        try (Admin admin = Admin.create(config.clientSettings(AdminClientConfig.configNames(),
                StreamsConfig.ADMIN_CLIENT_PREFIX))) {
            admin.createTopics(List.of(new NewTopic(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG),
                            Optional.of(options.partitions()), Optional.empty())
                            .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                    new NewTopic(passthroughOutput, Optional.of(options.partitions()), Optional.empty())))
                    .all().get();
            TopicSetup.ensure(admin, config, options.partitions(), Optional.empty());
        } catch (ExecutionException e) {
            throw new BenchSetupException("Cannot set up topics through " + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + "="
                    + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalStateException e) {
            throw new BenchSetupException(e.getMessage(), e);
        }
        StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        out.printf("bench: %,d events over %,d keys, hidden %d, %d partitions, broker %s%n", options.events(),
                options.keys(), options.hidden(), options.partitions(), bootstrap);
        long produceStart = System.nanoTime();
        produceEvents(config, topics);
        out.printf("bench: produced in %.1f s%n", (System.nanoTime() - produceStart) / 1e9);
        publishModel(topics, config);
        if (options.trainingOn()) {
            loadTrainingWindows(topics, config);
        }
        int stateBytes = steadyStateBytes(config);
        int predictionBytes = predictionBytes(topics, config.inputSpec());

        StreamBenchResult[] best = new StreamBenchResult[3];
        RoundRatios ratios = new RoundRatios(options.repeats());
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            String suffix = "-" + repeat;
            // Odd rounds run the passthrough first, even rounds last, so that no instance always goes first.
            boolean passthroughFirst = repeat % 2 == 1;
            if (passthroughFirst) {
                best[0] = better(best[0], ratios.record(repeat, 0, report(passthrough(bootstrap, run, suffix,
                        stateRoot, config, passthroughOutput, stateBytes, predictionBytes))));
            }
            if (options.trainingOff()) {
                best[1] = better(best[1], ratios.record(repeat, 1, report(streamcast(bootstrap, run, suffix,
                        stateRoot, false, topics, repeat == options.repeats()))));
            }
            if (options.trainingOn()) {
                best[2] = better(best[2], ratios.record(repeat, 2, report(streamcast(bootstrap, run, suffix,
                        stateRoot, true, topics, false))));
            }
            if (!passthroughFirst) {
                best[0] = better(best[0], ratios.record(repeat, 0, report(passthrough(bootstrap, run, suffix,
                        stateRoot, config, passthroughOutput, stateBytes, predictionBytes))));
            }
        }
        for (int variant = 1; variant < best.length; variant++) {
            if (best[variant] != null) {
                out.printf(Locale.ROOT, "bench: %s over the passthrough of the same round: %s%n",
                        best[variant].variant(), ratios.describe(variant));
            }
        }
        List<StreamBenchResult> results = new ArrayList<>();
        for (StreamBenchResult result : best) {
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }

    /** The faster of two runs of a variant; the end-to-end latency, measured once, is kept either way. */
    private static StreamBenchResult better(StreamBenchResult kept, StreamBenchResult next) {
        if (kept == null) {
            return next;
        }
        StreamBenchResult faster = next.eventsPerSecond() > kept.eventsPerSecond() ? next : kept;
        double[] latency = kept.latencyMillis() != null ? kept.latencyMillis() : next.latencyMillis();
        return new StreamBenchResult(faster.variant(), faster.eventsPerSecond(), faster.processingMicros(),
                faster.stateBytesPerKey(), faster.changelogBytesPerEvent(), faster.peakHeapBytes(),
                faster.liveHeapBytes(), faster.peakResidentBytes(), faster.trainingCpuSeconds(),
                faster.trainingRounds(), faster.rewarms(), latency);
    }

    private Map<String, Object> settings(String bootstrap, String run, String applicationId, Path stateRoot,
                                         boolean training) {
        Map<String, Object> settings = new HashMap<>(extraSettings);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString());
        settings.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, options.registryUrl());
        settings.put(StreamcastConfig.EVENTS_TOPIC_CONFIG, run + "-events");
        settings.put(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, run + "-predictions");
        settings.put(StreamcastConfig.ANOMALIES_TOPIC_CONFIG, run + "-anomalies");
        settings.put(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, run + "-dead-letters");
        settings.put(StreamcastConfig.MODELS_TOPIC_CONFIG, run + "-models");
        settings.put(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, run + "-training-samples");
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, options.hidden());
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, training);
        if (training) {
            // Rounds back to back, so that one is running while the events are processed.
            settings.put(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, 0L);
        }
        return settings;
    }

    private void produceEvents(StreamcastConfig config, StreamcastTopics topics) {
        DemoSignals signals = new DemoSignals(options.keys(), options.seed());
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            long sent = 0;
            for (long step = 0; sent < options.events(); step++) {
                Instant time = Instant.ofEpochMilli(DemoSignals.time(step));
                for (int k = 0; k < options.keys() && sent < options.events(); k++, sent++) {
                    producer.send(new ProducerRecord<>(topics.events().name(), key(k),
                            topics.events().serializeValue(new Event(time, List.of(signals.value(k, step))))));
                }
            }
            producer.flush();
        }
    }

    private static byte[] key(int k) {
        return DemoSignals.keyName(k).getBytes(StandardCharsets.UTF_8);
    }

    private void publishModel(StreamcastTopics topics, StreamcastConfig config) {
        InputSpec spec = config.inputSpec();
        LstmModel network = LstmModel.initialise(spec.inputSize(), options.hidden(),
                config.getInt(StreamcastConfig.MODEL_LAYERS_CONFIG), spec.outputSize(), options.seed());
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        ForecastModel model = new ForecastModel(name, 1, System.currentTimeMillis(), spec, network, null);
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            producer.send(new ProducerRecord<>(topics.models().name(), name.getBytes(StandardCharsets.UTF_8),
                    topics.models().serializeValue(ModelSnapshotCodec.toSnapshot(model))));
        }
    }

    /**
     * A full training set of daily-rhythm windows, so that the first round starts at once and trains: each of a
     * few keys sends {@value #LOADED_WINDOWS_PER_KEY} consecutive windows, a window every
     * {@code training.sample.every} events as the predictor sends them, which is what the trainer's split by time
     * needs to hold out windows for early stopping and judging.
     */
    private void loadTrainingWindows(StreamcastTopics topics, StreamcastConfig config) {
        int windows = config.getInt(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG);
        int rows = config.getInt(StreamcastConfig.HISTORY_LENGTH_CONFIG);
        int every = Math.max(1, config.getInt(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG));
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] phases = new double[windows / LOADED_WINDOWS_PER_KEY + 1];
        for (int k = 0; k < phases.length; k++) {
            phases[k] = random.nextDouble(0, 2 * Math.PI);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            for (int w = 0; w < windows; w++) {
                int k = w / LOADED_WINDOWS_PER_KEY;
                long first = (long) (w % LOADED_WINDOWS_PER_KEY) * every;
                ByteBuffer times = ByteBuffer.allocate(8 * rows).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer values = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < rows; i++) {
                    times.putLong(8 * i, DemoSignals.time(first + i));
                    values.putFloat(4 * i, (float) (100 + 14 * Math.sin(phases[k] + (first + i) * 2 * Math.PI / 144)
                            + 2 * random.nextGaussian()));
                }
                // The key's scaling statistics: mean and variance of the values, then of their signed logs.
                ByteBuffer scalers = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                        .putDouble(0, 100).putDouble(8, 102).putDouble(16, Math.log1p(100)).putDouble(24, 0.01);
                TrainingSample sample = TrainingSample.newBuilder().setKey(DemoSignals.keyName(k % options.keys()))
                        .setValueDimension(1).setTimes(times).setValues(ByteBuffer.allocate(0))
                        .setRawValues(values).setScalers(scalers).build();
                producer.send(new ProducerRecord<>(topics.trainingSamples().name(), key(k % options.keys()),
                        topics.trainingSamples().serializeValue(sample)));
            }
        }
    }

    /** The size of a key's stored state after it has filled its history, as the passthrough's state size. */
    private int steadyStateBytes(StreamcastConfig config) {
        KeyStep step = new KeyStep(config.predictorSettings());
        KeyMemory memory = step.newMemory();
        StepResult result = step.newResult();
        InputSpec spec = config.inputSpec();
        ForecastModel model = new ForecastModel("m", 1, 0, spec, LstmModel.initialise(spec.inputSize(),
                options.hidden(), config.getInt(StreamcastConfig.MODEL_LAYERS_CONFIG), spec.outputSize(), 1), null);
        DemoSignals signals = new DemoSignals(1, options.seed());
        for (int i = 0; i < 4 * config.getInt(StreamcastConfig.HISTORY_LENGTH_CONFIG); i++) {
            step.apply(memory, DemoSignals.time(i), new double[] {signals.value(0, i)}, model, result);
        }
        return new KeyStateCodec().encode(memory).length;
    }

    /** The size of one prediction record, as the passthrough's output size. */
    private static int predictionBytes(StreamcastTopics topics, InputSpec spec) {
        List<List<Double>> forecast = new ArrayList<>();
        for (int k = 0; k < spec.horizon(); k++) {
            forecast.add(new ArrayList<>(java.util.Collections.nCopies(spec.forecastCount(), 1.5)));
        }
        Prediction prediction = Prediction.newBuilder().setKey(DemoSignals.keyName(0))
                .setEventTime(Instant.ofEpochMilli(DemoSignals.time(0)))
                .setObserved(java.util.Collections.nCopies(spec.valueDimension(), 1.5)).setForecast(forecast)
                .setResidual(java.util.Collections.nCopies(spec.forecastCount(), 0.5)).setRawScore(0.5)
                .setLikelihood(0.5).setLogLikelihood(0.1).setIsAnomaly(false).setModelVersion(1)
                .setWarmingUp(false).build();
        return topics.predictions().serializeValue(prediction).length;
    }

    private StreamBenchResult passthrough(String bootstrap, String run, String suffix, Path stateRoot,
                                          StreamcastConfig config, String output, int stateBytes, int outputBytes)
            throws Exception {
        String applicationId = run + "-passthrough" + suffix;
        Map<String, Object> settings = settings(bootstrap, run, applicationId, stateRoot, false);
        StreamcastConfig passthroughConfig = new StreamcastConfig(settings);
        MeterRegistry registry = new SimpleMeterRegistry();
        Timer processing = percentileTimer(registry, "passthrough.processing");
        AtomicLong processed = new AtomicLong();
        out.printf("bench: passthrough (state %d bytes, output %d bytes) ...%n", stateBytes, outputBytes);
        try (ProcessMemory memory = new ProcessMemory();
             KafkaStreams streams = new KafkaStreams(Passthrough.topology(
                     config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG), output, stateBytes, outputBytes,
                     processed, processing), passthroughConfig.streamsProperties())) {
            streams.start();
            double rate = awaitProcessed(processed::get);
            return new StreamBenchResult("passthrough", rate, micros(processing), stateBytes,
                    changelogBytesPerEvent(streams, applicationId + "-" + Passthrough.STORE + "-changelog"),
                    memory.peakHeapBytes(), memory.liveHeapBytes(), memory.peakResidentBytes(), 0, 0, 0, null);
        }
    }

    private StreamBenchResult streamcast(String bootstrap, String run, String suffix, Path stateRoot,
                                         boolean training, StreamcastTopics topics, boolean measureLatency)
            throws Exception {
        String variant = training ? "streamcast training on" : "streamcast training off";
        String applicationId = run + (training ? "-on" : "-off") + suffix;
        StreamcastConfig config = new StreamcastConfig(settings(bootstrap, run, applicationId, stateRoot, training));
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals(PROCESSING_TIMER) ? percentileConfig().merge(config) : config;
            }
        });
        out.printf("bench: %s ...%n", variant);
        try (ProcessMemory memory = new ProcessMemory();
             StreamcastService service = StreamcastService.start(config, registry)) {
            Timer processing = registry.get(PROCESSING_TIMER).timer();
            TrainerCpu trainerCpu = new TrainerCpu();
            long roundsBefore = trainingRounds(registry);
            double rate = awaitProcessed(processing::count);
            if (service.failure() != null) {
                throw new IllegalStateException(variant + " stopped: " + service.failure(), service.failure());
            }
            double trainingSeconds = trainerCpu.secondsSinceStart();
            long rounds = trainingRounds(registry) - roundsBefore;
            double[] processingMicros = micros(processing);
            double[] latency = measureLatency && options.latencySeconds() > 0
                    ? latency(config, topics) : null;
            long rewarms = (long) registry.get("streamcast.key.rewarms").counter().count();
            return new StreamBenchResult(variant, rate, processingMicros, stateBytesPerKey(service.streams()),
                    changelogBytesPerEvent(service.streams(), applicationId + "-"
                            + StreamcastTopology.KEY_STATE_STORE + "-changelog"),
                    memory.peakHeapBytes(), memory.liveHeapBytes(),
                    memory.peakResidentBytes(), trainingSeconds, rounds, rewarms, latency);
        }
    }

    private static long trainingRounds(MeterRegistry registry) {
        return registry.find("streamcast.training.rounds").timers().stream().mapToLong(Timer::count).sum();
    }

    /** CPU time of the trainer's threads ({@code streamcast-trainer}, {@code lstm-trainer-*}) from now on. */
    private static final class TrainerCpu {
        private final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> start = cpuByThread();

        private Map<Long, Long> cpuByThread() {
            Map<Long, Long> cpu = new HashMap<>();
            for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
                String name = info.getThreadName();
                if (name.startsWith("streamcast-trainer") || name.startsWith("lstm-trainer")) {
                    cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return cpu;
        }

        double secondsSinceStart() {
            long nanos = 0;
            for (Map.Entry<Long, Long> now : cpuByThread().entrySet()) {
                nanos += Math.max(0, now.getValue() - start.getOrDefault(now.getKey(), 0L));
            }
            return nanos / 1e9;
        }
    }

    /** Waits until every event is processed; returns events per second from the first to the last. */
    private double awaitProcessed(LongSupplier processed) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        ProcessedRate rate = new ProcessedRate(options.events(), System.nanoTime());
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long count = processed.getAsLong();
            double eventsPerSecond = rate.observe(now, count);
            if (!Double.isNaN(eventsPerSecond)) {
                return eventsPerSecond;
            }
            if (now - lastReport > 10e9) {
                out.printf("bench:   %,d of %,d events%n", count, options.events());
                lastReport = now;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("not all events were processed within " + PHASE_TIMEOUT);
    }

    /** Sends events at a steady rate and times each from its append to the log to its prediction's visibility. */
    private double[] latency(StreamcastConfig config, StreamcastTopics topics) throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        Timer latency = percentileTimer(registry, "bench.latency");
        long total = (long) (options.latencyRate() * options.latencySeconds());
        Map<String, Object> consumerSettings = config.groupFreeConsumerSettings();
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.predictions().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            out.printf("bench: latency at %.0f events/s for %d s ...%n", options.latencyRate(),
                    options.latencySeconds());
            Thread producer = new Thread(() -> pacedEvents(config, topics, total), "bench-paced-producer");
            producer.start();
            long received = 0;
            long phaseStart = System.currentTimeMillis();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.latencySeconds() + 60L);
            while (received < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    // Predictions of the backlog's last transaction may still become readable: not ours to time.
                    if (record.timestamp() >= phaseStart) {
                        latency.record(Math.max(0, System.currentTimeMillis() - record.timestamp()),
                                TimeUnit.MILLISECONDS);
                        received++;
                    }
                }
            }
            producer.join();
        }
        double[] millis = new double[PERCENTILES.length];
        ValueAtPercentile[] values = latency.takeSnapshot().percentileValues();
        for (int i = 0; i < millis.length; i++) {
            millis[i] = values[i].value(TimeUnit.MILLISECONDS);
        }
        return millis;
    }

    private void pacedEvents(StreamcastConfig config, StreamcastTopics topics, long total) {
        DemoSignals signals = new DemoSignals(options.keys(), options.seed() + 1);
        long firstStep = options.events() / options.keys() + 1;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            for (long n = 0; n < total; n++) {
                long due = start + (long) (n * 1e9 / options.latencyRate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int k = (int) (n % options.keys());
                long step = firstStep + n / options.keys();
                producer.send(new ProducerRecord<>(topics.events().name(), key(k), topics.events().serializeValue(
                        new Event(Instant.ofEpochMilli(DemoSignals.time(step)), List.of(signals.value(k, step))))));
            }
        }
    }

    private static double stateBytesPerKey(KafkaStreams streams) {
        ReadOnlyKeyValueStore<byte[], byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                StreamcastTopology.KEY_STATE_STORE, QueryableStoreTypes.keyValueStore()));
        long keys = 0;
        long bytes = 0;
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<byte[], byte[]> entry = all.next();
                keys++;
                bytes += entry.value.length;
            }
        }
        return keys == 0 ? 0 : (double) bytes / keys;
    }

    /**
     * Bytes the instance's producers sent to the state store's changelog, per benchmark event (Kafka's
     * {@code producer-topic-metrics} {@code byte-total}, record batches as sent). The broker's log of a compacted
     * changelog can be smaller once the cleaner has run, so the log size would understate what was written.
     */
    private double changelogBytesPerEvent(KafkaStreams streams, String topic) {
        double bytes = 0;
        for (var metric : streams.metrics().entrySet()) {
            var name = metric.getKey();
            if (name.name().equals("byte-total") && name.group().equals("producer-topic-metrics")
                    && topic.equals(name.tags().get("topic"))) {
                bytes += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return bytes / options.events();
    }

    /** The bench's own producer, with the settings (--set) the measured instances' clients get, as resolved. */
    private static KafkaProducer<byte[], byte[]> producer(StreamcastConfig config) {
        Map<String, Object> settings = config.clientSettings(ProducerConfig.configNames(),
                StreamsConfig.PRODUCER_PREFIX);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static DistributionStatisticConfig percentileConfig() {
        return DistributionStatisticConfig.builder().percentiles(PERCENTILES).percentilePrecision(2)
                .expiry(Duration.ofDays(1)).bufferLength(1).build();
    }

    private static Timer percentileTimer(MeterRegistry registry, String name) {
        return Timer.builder(name).publishPercentiles(PERCENTILES).percentilePrecision(2)
                .distributionStatisticExpiry(Duration.ofDays(1)).distributionStatisticBufferLength(1)
                .register(registry);
    }

    private static double[] micros(Timer timer) {
        ValueAtPercentile[] values = timer.takeSnapshot().percentileValues();
        double[] micros = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            micros[i] = values[i].value(TimeUnit.MICROSECONDS);
        }
        return micros;
    }

    private StreamBenchResult report(StreamBenchResult result) {
        out.printf("bench:   %s: %,.0f events/s%n", result.variant(), result.eventsPerSecond());
        return result;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        } catch (UncheckedIOException e) {
            // Same.
        }
    }
}

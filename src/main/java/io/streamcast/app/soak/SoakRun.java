package io.streamcast.app.soak;

import io.streamcast.app.TopicSetup;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import io.streamcast.stream.StreamcastTopics;
import io.streamcast.stream.UninterruptedPredictions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A soak run: instances of {@code run} in processes of their own work through a stream of events while, at random
 * moments, one of them (a ready one where any is, and every second time after a wait for one) is killed with SIGKILL
 * and replaced at once (every few times on an empty state directory) and the broker is restarted; then a
 * read_committed consumer checks that every event has exactly one prediction,
 * that no key's model version ever went back and, with training off, that every prediction equals what an
 * uninterrupted run predicts. Its topics and application id are its own, so it can run against any cluster. An
 * instance that exits by itself is counted as a crash (unless the group coordinator fenced it just after a broker
 * restart, see {@link BrokerRestartFencing}), its log's end printed, and restarted in its slot as an orchestrator
 * would, so that the others' events are still finished; one that keeps exiting ends the run.
 */
public final class SoakRun {

    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP_MILLIS = 60_000L;
    private static final Duration DRAIN = Duration.ofMinutes(10);
    /** How often the instances are looked at for one that exited by itself. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long every second kill waits for a ready instance to strike, at most. */
    private static final long READY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Map<String, Object> cluster;
    private final SoakPlan plan;
    private final BrokerControl broker;
    private final Path directory;
    private final PrintStream out;
    private final boolean deleteTopics;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final HangingTransactions hanging = new HangingTransactions(applicationId(), this::ownTopic);
    private final BrokerRestartFencing fencing = new BrokerRestartFencing();

    /**
     * @param cluster   settings that reach the cluster and its schema registry (bootstrap.servers,
     *                  schema.registry.url, security), as {@code run} reads them
     * @param directory where the instances' settings, state and logs go
     */
    public SoakRun(Map<String, Object> cluster, SoakPlan plan, BrokerControl broker, Path directory, PrintStream out) {
        this(cluster, plan, broker, directory, out, false);
    }

    /** @param deleteTopics whether the run's topics are deleted once it has checked them, whatever it found */
    public SoakRun(Map<String, Object> cluster, SoakPlan plan, BrokerControl broker, Path directory, PrintStream out,
                   boolean deleteTopics) {
        this.cluster = Map.copyOf(cluster);
        this.plan = plan;
        this.broker = broker;
        this.directory = directory;
        this.out = out;
        this.deleteTopics = deleteTopics;
    }

    /** The application id of this run; its topics end in the same suffix. */
    public String applicationId() {
        return "streamcast-soak-" + id;
    }

    private boolean ownTopic(String name) {
        return name.contains("-soak-" + id);
    }

    public SoakReport run() throws Exception {
        long started = System.nanoTime();
        SoakSettings own = new SoakSettings(cluster, applicationId(), "-soak-" + id, plan, directory);
        own.replaced().forEach(out::println);
        own.notes().forEach(out::println);
        Map<String, Object> settings = applicationSettings(own);
        StreamcastConfig config = new StreamcastConfig(settings);
        StreamcastTopics topics;
        try {
            topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        } catch (SchemaRegistryUnavailableException e) {
            throw new SoakSetupException("Cannot register the soak's schemas: " + e.getMessage(), e);
        }
        Events events = new Events(plan);
        try (Admin admin = Admin.create(config.clientSettings(AdminClientConfig.configNames(),
                StreamsConfig.ADMIN_CLIENT_PREFIX))) {
            short replicas = config.getShort(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
            out.println("soak: " + TopicSetup.waitingFor(config));
            try {
                TopicSetup.ensure(admin, config, config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG),
                        replicas < 0 ? Optional.empty() : Optional.of(replicas));
            } catch (IllegalStateException e) {
                throw new SoakSetupException(e.getMessage(), e);
            }
            ForecastModel model = plan.training() ? null : publishModel(config, topics);
            out.printf("soak %s: %d instances, %d events of %d keys at %.0f/s, %d kills, %d broker restarts,"
                            + " training %s; logs in %s%n", applicationId(), plan.instances(), plan.events(),
                    plan.keys(), plan.eventsPerSecond(), plan.kills(), plan.brokerRestarts(),
                    plan.training() ? "on" : "off", directory);

            SoakInstances instances = new SoakInstances(settings, plan, directory, applicationId(), fencing, out);
            // a soak stopped by a signal (SIGTERM, or SIGINT sent to it alone) left its instances running, and said
            // nothing of the topics it leaves
            Thread stopHook = new Thread(() -> stopEarly(instances), "soak-stop");
            Runtime.getRuntime().addShutdownHook(stopHook);
            AtomicLong produced = new AtomicLong();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Lock production = new ReentrantLock();
            int brokerRestarts;
            try (KafkaProducer<byte[], byte[]> eventProducer = producer(config)) {
                Thread producer = new Thread(() -> {
                    try {
                        produce(eventProducer, production, topics, events, produced);
                    } catch (Throwable e) {
                        producerFailure.set(e);
                    }
                }, "soak-producer");
                instances.startAll();
                long start = System.nanoTime();
                producer.start();
                brokerRestarts = carryOut(schedule(), start, instances, eventProducer, production);
                while (producer.isAlive()) {
                    instances.restartExited((System.nanoTime() - start) / 1e9);
                    producer.join(TimeUnit.NANOSECONDS.toMillis(LOOK_NANOS));
                }
                if (producerFailure.get() != null) {
                    throw new IllegalStateException("Producing the events failed", producerFailure.get());
                }
                out.printf("soak: %d events produced; waiting for the instances to finish them%n", produced.get());
                awaitConsumed(admin, config, topics.events().name(), instances, start);
                instances.checkAlive();
            } finally {
                instances.stopAll();
                removeHook(stopHook);
            }
            awaitTransactionsEnded(admin);

            Check check = new Check(topics, events, model, config);
            SoakReport report = check.report(instances, brokerRestarts, produced.get(),
                    (System.nanoTime() - started) / 1e9);
            endTopics(admin);
            return report;
        }
    }

    /**
     * Deletes the run's topics and group when asked to, its instances stopped, else says that they stay; a
     * deletion that fails fails no run.
     */
    private void endTopics(Admin admin) throws InterruptedException {
        if (!deleteTopics) {
            out.println("soak: Its topics (names ending in -soak-" + id + ") and the group " + applicationId()
                    + " stay on the cluster; --delete-topics deletes them at the end of a run");
            return;
        }
        try {
            out.println("soak: deleted its topics " + String.join(", ", SoakTopics.delete(admin, this::ownTopic)));
        } catch (ExecutionException e) {
            out.println("soak: warning: cannot delete its topics: " + e.getCause().getMessage() + ". Its topics"
                    + " (names ending in -soak-" + id + ") stay on the cluster");
        }
        try {
            out.println("soak: " + SoakGroup.delete(admin, applicationId()).said(applicationId()));
        } catch (ExecutionException e) {
            out.println("soak: warning: cannot delete the group " + applicationId() + ": " + e.getCause().getMessage()
                    + ". It stays on the cluster");
        }
    }

    private void stopEarly(SoakInstances instances) {
        out.println("soak: stopped before its end; stopping its instances. Its topics (names ending in -soak-" + id
                + ") and the group " + applicationId() + " stay on the cluster");
        try {
            instances.stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down, the hook running or done
        }
    }

    /** {@code own}'s settings, with the soak's choices where the user made none. */
    private Map<String, Object> applicationSettings(SoakSettings own) {
        Map<String, Object> settings = new HashMap<>(own.settings());
        settings.putIfAbsent(StreamcastConfig.TOPICS_PARTITIONS_CONFIG, Math.max(2, 2 * plan.instances()));
        if (plan.training()) {
            // Small, frequent rounds, so that new versions reach the keys while instances are killed.
            settings.putIfAbsent(StreamcastConfig.HISTORY_LENGTH_CONFIG, 32);
            settings.putIfAbsent(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 4);
            settings.putIfAbsent(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, 100);
            settings.putIfAbsent(StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG, 100);
            settings.putIfAbsent(StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG, 5_000L);
            settings.putIfAbsent(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8);
            settings.putIfAbsent(StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, 10);
            settings.putIfAbsent(StreamcastConfig.TRAINING_THREADS_CONFIG, 1);
        }
        return settings;
    }

    /** With training off, a model of the configured shape is in use from the first event on, so the LSTM runs. */
    private ForecastModel publishModel(StreamcastConfig config, StreamcastTopics topics) throws Exception {
        InputSpec spec = config.inputSpec();
        LstmModel network = LstmModel.initialise(spec.inputSize(), config.getInt(
                StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG), config.getInt(StreamcastConfig.MODEL_LAYERS_CONFIG),
                spec.outputSize(), plan.seed());
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        ForecastModel model = new ForecastModel(name, 1, T0, spec, network, null);
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            producer.send(new ProducerRecord<>(topics.models().name(), name.getBytes(StandardCharsets.UTF_8),
                    topics.models().serializeValue(ModelSnapshotCodec.toSnapshot(model)))).get();
        }
        return model;
    }

    private static KafkaProducer<byte[], byte[]> producer(StreamcastConfig config) {
        Map<String, Object> settings = config.clientSettings(ProducerConfig.configNames(),
                StreamsConfig.PRODUCER_PREFIX);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every event, step after step over all keys, paced at the plan's rate. Each step is sent holding
     * {@code production}, which a broker restart takes (see {@link #carryOut}).
     */
    private void produce(KafkaProducer<byte[], byte[]> producer, Lock production, StreamcastTopics topics,
                         Events events, AtomicLong produced) {
        long start = System.nanoTime();
        double nanosPerEvent = 1e9 / plan.eventsPerSecond();
        for (int step = 0; step < plan.eventsPerKey(); step++) {
            production.lock();
            try {
                for (int k = 0; k < plan.keys(); k++) {
                    byte[] value = topics.events().serializeValue(new Event(Instant.ofEpochMilli(events.time(step)),
                            List.of(events.value(k, step))));
                    producer.send(new ProducerRecord<>(topics.events().name(), events.key(k)
                            .getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
                                if (error == null) {
                                    produced.incrementAndGet();
                                }
                            });
                }
            } finally {
                production.unlock();
            }
            long due = start + Math.round((step + 1) * plan.keys() * nanosPerEvent);
            waitUntil(due);
        }
        producer.flush();
    }

    private record Action(long atMillis, boolean brokerRestart) {
    }

    /**
     * Kills at random moments within the production, one in each of as many equal stretches of it (so they are
     * spread over it rather than bunched), and broker restarts spread evenly through it.
     */
    private List<Action> schedule() {
        SplittableRandom random = new SplittableRandom(plan.seed());
        long span = plan.productionMillis();
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < plan.kills(); i++) {
            double within = (i + random.nextDouble()) / plan.kills();
            actions.add(new Action(Math.round(span * (0.05 + 0.9 * within)), false));
        }
        for (int i = 1; i <= plan.brokerRestarts(); i++) {
            actions.add(new Action(span * i / (plan.brokerRestarts() + 1), true));
        }
        actions.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        return actions;
    }

    /**
     * Kills and restarts as scheduled from {@code start}, restarting meanwhile any instance that exited by itself;
     * returns the broker restarts done. Production pauses while the broker restarts, with every event sent so far
     * acknowledged first: the soak tests the application, and Kafka's idempotent producer can lose batches that are in
     * flight while its broker restarts (they fail with OutOfOrderSequenceException), which would leave the events
     * short of the plan through no fault of the application's.
     */
    private int carryOut(List<Action> actions, long start, SoakInstances instances,
                         KafkaProducer<byte[], byte[]> producer,
                         Lock production) throws Exception {
        SplittableRandom random = new SplittableRandom(plan.seed() + 1);
        int brokerRestarts = 0;
        // the schedule waits out each broker restart and each wait for a ready instance, so that the kills that fall
        // due meanwhile do not all come at once
        long paused = 0;
        int kills = 0;
        for (Action action : actions) {
            long at = start + paused + TimeUnit.MILLISECONDS.toNanos(action.atMillis());
            for (long now = System.nanoTime(); now < at; now = System.nanoTime()) {
                instances.restartExited((now - start) / 1e9);
                waitUntil(Math.min(at, now + LOOK_NANOS));
            }
            if (action.brokerRestart()) {
                out.printf("soak: restarting the broker at %.1f s%n", (System.nanoTime() - start) / 1e9);
                long restartStart = System.nanoTime();
                production.lock();
                try {
                    producer.flush();
                    broker.restart();
                } finally {
                    production.unlock();
                }
                fencing.restarted(restartStart, System.nanoTime());
                paused += System.nanoTime() - restartStart;
                brokerRestarts++;
            } else {
                if (kills++ % 2 == 1) {
                    paused += awaitReadyInstance(instances, start);
                }
                instances.killOne(random, (System.nanoTime() - start) / 1e9);
            }
        }
        return brokerRestarts;
    }

    /**
     * Waits, up to {@link #READY_WAIT_NANOS}, until an instance is ready, restarting meanwhile any that exited by
     * itself; returns the nanoseconds waited. Kills that come within an instance's start of each other strike
     * starting instances (18 of 20 in a run of the defaults against a standalone broker, a ready one picked where any
     * was), so every second kill waits for a ready one: a kill in the middle of processing is what exactly-once must
     * survive most often.
     */
    private static long awaitReadyInstance(SoakInstances instances, long start) throws InterruptedException {
        long from = System.nanoTime();
        long until = from + READY_WAIT_NANOS;
        for (long now = from; now < until && !instances.anyReady(); now = System.nanoTime()) {
            instances.restartExited((now - start) / 1e9);
            waitUntil(Math.min(until, now + LOOK_NANOS));
        }
        return System.nanoTime() - from;
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Waits until the application has committed its whole input, so every output is final. A transaction the broker
     * left hanging ({@link HangingTransactions}) would hold the run until the bound; it ends the wait at once, named.
     */
    private void awaitConsumed(Admin admin, StreamcastConfig config, String topic, SoakInstances instances, long start)
            throws Exception {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!consumed(admin, config.applicationId(), topic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The instances did not finish the events within " + DRAIN);
            }
            failOnHanging(hanging.overdue(admin, System.nanoTime()));
            instances.restartExited((System.nanoTime() - start) / 1e9);
            waitUntil(System.nanoTime() + LOOK_NANOS);
        }
    }

    /**
     * Waits until none of the application's transactions is open (a killed instance's ends when the coordinator
     * times it out), so the check's read_committed readers see every output. A hanging one, which would hold them
     * until their own bound, ends the wait at once, named.
     */
    private void awaitTransactionsEnded(Admin admin) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (true) {
            HangingTransactions.Look look = hanging.look(admin, System.nanoTime());
            if (look.answered() && look.open() == 0) {
                return;
            }
            failOnHanging(look.overdue());
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Transactions of the application were still open " + DRAIN
                        + " after the instances stopped");
            }
            waitUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private void failOnHanging(List<HangingTransactions.OpenTransaction> stuck) {
        if (!stuck.isEmpty()) {
            throw new BrokerFaultException("The broker left transactions of the application open after their"
                    + " producer had moved on, and read_committed readers of their partitions wait on them for"
                    + " ever (a broker fault; see HangingTransactions): " + hanging.describe(stuck));
        }
    }

    private static boolean consumed(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .allMatch(e -> e.getValue().offset() == 0 || (committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The events of the run: the same for every run with the same plan. */
    static final class Events {
        private final SoakPlan plan;
        private final double[][] values;

        Events(SoakPlan plan) {
            this.plan = plan;
            SplittableRandom random = new SplittableRandom(plan.seed());
            values = new double[plan.keys()][plan.eventsPerKey()];
            for (int k = 0; k < plan.keys(); k++) {
                for (int s = 0; s < plan.eventsPerKey(); s++) {
                    values[k][s] = 100.0 * (k + 1) + 20 * (k + 1) * Math.sin(2 * Math.PI * s / 48.0 + k)
                            + random.nextGaussian() * (k + 1);
                }
            }
        }

        String key(int k) {
            return "soak-key-" + k;
        }

        long time(int step) {
            return T0 + step * STEP_MILLIS;
        }

        double value(int k, int step) {
            return values[k][step];
        }
    }

    /** Reads the run's topics read_committed and compares predictions with events. */
    private final class Check {
        private final StreamcastTopics topics;
        private final Events events;
        private final ForecastModel model;
        private final StreamcastConfig config;

        Check(StreamcastTopics topics, Events events, ForecastModel model, StreamcastConfig config) {
            this.topics = topics;
            this.events = events;
            this.model = model;
            this.config = config;
        }

        SoakReport report(SoakInstances instances, int brokerRestarts, long produced, double seconds) {
            List<ConsumerRecord<byte[], byte[]>> input = TopicReader.readCommitted(config, topics.events().name());
            List<ConsumerRecord<byte[], byte[]>> output = TopicReader.readCommitted(config,
                    topics.predictions().name());
            long deadLetters = TopicReader.readCommitted(config, topics.deadLetters().name()).size();

            Map<String, Map<Long, Integer>> predictionsPerEvent = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : input) {
                Event event = topics.events().deserializeValue(record.value());
                predictionsPerEvent.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8),
                        k -> new HashMap<>()).merge(event.getEventTime().toEpochMilli(), 0, Integer::sum);
            }
            Map<String, List<Prediction>> firstPredictions = new HashMap<>();
            Map<String, Long> highestVersion = new HashMap<>();
            long unexpected = 0;
            long regressions = 0;
            long newestVersion = 0;
            for (ConsumerRecord<byte[], byte[]> record : output) {
                Prediction prediction = topics.predictions().deserializeValue(record.value());
                String key = prediction.getKey();
                long time = prediction.getEventTime().toEpochMilli();
                Map<Long, Integer> perEvent = predictionsPerEvent.get(key);
                Integer seen = perEvent == null ? null : perEvent.get(time);
                if (seen == null) {
                    unexpected++;
                    continue;
                }
                perEvent.put(time, seen + 1);
                if (seen == 0) {
                    firstPredictions.computeIfAbsent(key, k -> new ArrayList<>()).add(prediction);
                }
                long highest = highestVersion.getOrDefault(key, 0L);
                if (prediction.getModelVersion() < highest) {
                    regressions++;
                }
                highestVersion.put(key, Math.max(highest, prediction.getModelVersion()));
                newestVersion = Math.max(newestVersion, prediction.getModelVersion());
            }
            long lost = 0;
            long duplicated = 0;
            for (Map<Long, Integer> perEvent : predictionsPerEvent.values()) {
                for (int count : perEvent.values()) {
                    lost += count == 0 ? 1 : 0;
                    duplicated += Math.max(0, count - 1);
                }
            }
            long mismatches = plan.training() ? -1 : mismatches(firstPredictions);
            return new SoakReport(instances.kills(), instances.killsOfReady(), instances.restarts(),
                    instances.freshStateRestarts(), brokerRestarts, produced, input.size(), output.size(), lost,
                    duplicated, unexpected, regressions, newestVersion, mismatches, deadLetters, instances.crashed(),
                    instances.fencedAfterBrokerRestart(), seconds);
        }

        /** Predictions, first per event in the order the stream emitted them, unlike an uninterrupted run's. */
        private long mismatches(Map<String, List<Prediction>> firstPredictions) {
            long mismatches = 0;
            long[] times = new long[plan.eventsPerKey()];
            for (int s = 0; s < times.length; s++) {
                times[s] = events.time(s);
            }
            for (int k = 0; k < plan.keys(); k++) {
                double[][] values = new double[plan.eventsPerKey()][];
                for (int s = 0; s < values.length; s++) {
                    values[s] = new double[] {events.value(k, s)};
                }
                List<Prediction> expected = UninterruptedPredictions.of(config.predictorSettings(), model,
                        events.key(k), times, values);
                List<Prediction> actual = firstPredictions.getOrDefault(events.key(k), List.of());
                for (int i = 0; i < expected.size(); i++) {
                    if (i >= actual.size() || !expected.get(i).equals(actual.get(i))) {
                        mismatches++;
                    }
                }
            }
            return mismatches;
        }
    }
}

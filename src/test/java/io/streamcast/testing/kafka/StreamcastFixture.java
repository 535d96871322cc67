package io.streamcast.testing.kafka;

import static org.awaitility.Awaitility.await;

import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicSetup;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Event;
import io.streamcast.serde.MockSchemaRegistry;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One Streamcast application under test on a real cluster: its own topics, application id, registry scope and
 * state directories, so tests sharing the cluster never see each other's records.
 */
public final class StreamcastFixture implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration GROUP_WAIT = Duration.ofSeconds(60);

    private final KafkaCluster cluster;
    private final Map<String, Object> settings = new HashMap<>();
    private final List<AutoCloseable> services = new ArrayList<>();
    /**
     * Consumer sessions of 3 s, for tests whose stream threads fail and are replaced: each replacement's rebalance
     * waits out the failed thread's session (10 s otherwise), and these tests replace up to five.
     */
    public static final Map<String, Object> SHORT_SESSIONS = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3_000,
            StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 750);

    private final List<Path> stateDirs = new ArrayList<>();
    private final String registryScope;
    private final StreamcastConfig config;
    private final StreamcastTopics topics;
    private final Admin admin;

    public StreamcastFixture(KafkaCluster cluster, Map<String, Object> overrides) {
        this.cluster = cluster;
        String id = UUID.randomUUID().toString().substring(0, 8);
        registryScope = "it-" + id;
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        settings.putAll(cluster.clientSettings());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamcast-it-" + id);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + registryScope);
        for (String topic : List.of(StreamcastConfig.EVENTS_TOPIC_CONFIG, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG,
                StreamcastConfig.ANOMALIES_TOPIC_CONFIG, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG,
                StreamcastConfig.MODELS_TOPIC_CONFIG, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG)) {
            settings.put(topic, topic.replace(".topic", "").replace('.', '-') + "-" + id);
        }
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        settings.putAll(overrides);
        config = new StreamcastConfig(settings);
        topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        admin = Admin.create(clientSettings(Map.of()));
        TopicSetup.ensure(admin, config, 2, Optional.empty());
        // A topic is created before the broker serves it: a producer that writes to it at once can get "not the
        // leader" answers and, retrying them, out-of-order sequence errors that lose records.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(this::everyPartitionHasALeader);
    }

    private boolean everyPartitionHasALeader() throws InterruptedException {
        List<String> names = List.of(topics.events().name(), topics.predictions().name(), topics.models().name());
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            return false;
        }
    }

    public StreamcastConfig config() {
        return config;
    }

    public StreamcastTopics topics() {
        return topics;
    }

    public String applicationId() {
        return config.applicationId();
    }

    /** Starts one more instance of the application, with a state directory of its own. */
    public StreamcastService startInstance() {
        return startInstance(Map.of(), StreamcastService::start);
    }

    /**
     * Starts one more instance and waits until the application has consumed two events, keys a and b at {@code time}:
     * an instance that has joined its group and processed, as the start-up checks of a second instance meet it.
     */
    public StreamcastService startInstanceThroughTwoEvents(long time) {
        StreamcastService instance = startInstance();
        produce(topics().events().name(), List.of(event("a", time, 1.0), event("b", time, 2.0)));
        awaitInputConsumed();
        return instance;
    }

    /**
     * Starts one more instance through {@code starter} (for example with its HTTP endpoints), with a state
     * directory of its own and {@code overrides} over the application's settings (for example its
     * {@code application.server}); the fixture closes it.
     */
    public <T extends AutoCloseable> T startInstance(Map<String, Object> overrides,
                                                     Function<StreamcastConfig, T> starter) {
        Map<String, Object> instance = new HashMap<>(settings);
        Path stateDir = temporaryDirectory();
        stateDirs.add(stateDir);
        instance.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        instance.putAll(overrides);
        T started = starter.apply(new StreamcastConfig(instance));
        services.add(started);
        return started;
    }

    /**
     * The settings of an instance of the application that the test starts itself (for example {@code run} in
     * process), in the group of those {@link #startInstance()} starts: the application's settings, its state in
     * {@code stateDir}, its HTTP endpoints on a free port of 127.0.0.1, and {@code overrides} over them.
     */
    public Map<String, Object> anotherInstanceSettings(Path stateDir, Map<String, Object> overrides) {
        Map<String, Object> instance = new HashMap<>(config.originals());
        instance.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        instance.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        instance.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
        instance.putAll(overrides);
        return instance;
    }

    /**
     * Waits, up to a minute, until the application's consumer group as the broker describes it meets
     * {@code condition} (for example: Stable, its members' assignments handed out; or empty).
     */
    public void awaitConsumerGroup(Predicate<ConsumerGroupDescription> condition) {
        await().atMost(GROUP_WAIT).until(() -> condition.test(admin.describeConsumerGroups(List.of(applicationId()))
                .all().get().get(applicationId())));
    }

    /**
     * Writes the application's settings, with a state directory of its own and {@code overrides}, to a properties
     * file, for an instance started in another process with {@code run --config}.
     */
    public Path writeSettingsFile(Map<String, Object> overrides) {
        Properties properties = new Properties();
        settings.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        Path stateDir = temporaryDirectory();
        stateDirs.add(stateDir);
        properties.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        overrides.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        Path file = stateDir.resolve("streamcast.properties");
        try (java.io.Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "instance in another process");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Publishes {@code model} to the models topic under its bare name, as a model published by hand is. */
    public void publishModel(ForecastModel model) {
        String models = topics.models().name();
        produce(models, List.of(new ProducerRecord<>(models, model.name().getBytes(StandardCharsets.UTF_8),
                topics.models().serializeValue(ModelSnapshotCodec.toSnapshot(model)))));
    }

    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> producerSettings = clientSettings(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
        }
        // a record the broker did not take would otherwise show up only as a missing output much later
        for (Future<RecordMetadata> delivery : sent) {
            try {
                delivery.get();
            } catch (ExecutionException | InterruptedException e) {
                throw new IllegalStateException("a record to " + topic + " was not delivered", e);
            }
        }
    }

    /** An event record for the events topic, serialised as a producer with our serde would. */
    public ProducerRecord<byte[], byte[]> event(String key, long time, Double... values) {
        return new ProducerRecord<>(topics.events().name(), key == null ? null : topics.events().serializeKey(key),
                topics.events().serializeValue(new Event(Instant.ofEpochMilli(time), List.of(values))));
    }

    /**
     * Waits until the application has committed its whole input and the transaction that did so is complete on its
     * outputs, so every output is final and readable.
     */
    public void awaitInputConsumed() {
        // each condition is looked at once before the first interval: by default Awaitility waits one interval before
        // it looks, 100 ms lost on every call when the outputs have settled already, as they mostly have by the second
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(this::inputConsumed);
        // the coordinator writes a transaction's commit markers partition by partition: the input's offsets can be
        // committed while an output partition still ends in the open transaction, hidden from read_committed. Every
        // topic written only as events are processed; not the models or rounds, which the trainer writes any time
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(this::eventOutputsSettled);
    }

    private boolean eventOutputsSettled() throws ExecutionException, InterruptedException {
        for (String topic : List.of(topics.predictions().name(), topics.anomalies().name(),
                topics.deadLetters().name(), topics.trainingSamples().name())) {
            if (!endOffsets(topic, IsolationLevel.READ_COMMITTED)
                    .equals(endOffsets(topic, IsolationLevel.READ_UNCOMMITTED))) {
                return false;
            }
        }
        return true;
    }

    private boolean inputConsumed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId())
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = endOffsets(topics.events().name());
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
        return endOffsets(topic, IsolationLevel.READ_UNCOMMITTED);
    }

    /** Each partition's end: its last stable offset under {@code READ_COMMITTED}, its high watermark otherwise. */
    private Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
                new ListOffsetsOptions(isolation)).all().get();
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Sets the application's committed offsets of the events topic to its start, as an operator's reset does, once
     * the instances that left the group are gone from it (the broker refuses the change while it has members).
     */
    public void resetEventOffsetsToStart() {
        String events = topics.events().name();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            endOffsets(events).keySet().forEach(partition -> start.put(partition, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(applicationId(), start).all().get();
            return true;
        });
    }

    /** Every committed record of {@code topic}, partition by partition, in offset order. */
    public List<ConsumerRecord<byte[], byte[]>> readAllCommitted(String topic) {
        Map<String, Object> consumerSettings = clientSettings(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end within " + WAIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /** {@code settings} with the cluster's bootstrap servers and what its clients need ({@code clientSettings}). */
    private Map<String, Object> clientSettings(Map<String, Object> settings) {
        Map<String, Object> client = new HashMap<>(cluster.clientSettings());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        client.putAll(settings);
        return client;
    }

    public static <T> List<T> values(Collection<ConsumerRecord<byte[], byte[]>> records,
                                     java.util.function.Function<byte[], T> decode) {
        return records.stream().map(r -> decode.apply(r.value())).toList();
    }

    @Override
    public void close() {
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close an instance under test", e);
            }
        }
        admin.close();
        MockSchemaRegistry.dropScope(registryScope);
        for (Path dir : stateDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // Best effort: a leftover temporary directory does not affect other tests.
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("streamcast-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

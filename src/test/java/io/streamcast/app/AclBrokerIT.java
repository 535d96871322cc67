package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.stream.DeadLetters;
import io.streamcast.stream.StreamcastTopics;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.SaslKafkaCluster;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamcast on a cluster that authorises its clients (Kafka ACLs), as managed clusters do: the permissions the
 * README lists are enough to predict, and a topic the application may not use as it will stops the start at once,
 * naming the topic, its setting and the operation, where Kafka Streams would fail only when it first used it (the
 * dead letters: at the first bad record, and again after every restart).
 */
class AclBrokerIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static SaslKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = SaslKafkaCluster.startAuthorising();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        kafka.close();
    }

    /** Settings of an application whose topics an administrator created, under the cluster's client user. */
    private static Map<String, Object> application(Path dir) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "acl-" + id);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        for (String topic : List.of(StreamcastConfig.EVENTS_TOPIC_CONFIG, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG,
                StreamcastConfig.ANOMALIES_TOPIC_CONFIG, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG,
                StreamcastConfig.MODELS_TOPIC_CONFIG, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG,
                StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG)) {
            settings.put(topic, topic.replace(".topic", "").replace('.', '-') + "-" + id);
        }
        return settings;
    }

    /**
     * Creates the application's topics as the administrator and grants the client user what the README lists, but
     * for {@code withheld} on the topic named by {@code withheldSetting} (null for none).
     */
    private static void grant(StreamcastConfig config, String withheldSetting, AclOperation withheld)
            throws Exception {
        try (Admin admin = Admin.create(kafka.administratorSettings())) {
            TopicSetup.ensure(admin, config, 2, Optional.empty());
            List<AclBinding> acls = new ArrayList<>();
            // as the README lists them: an instance that does not train only sends windows and reads the models
            boolean trains = config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG);
            List<AclOperation> readsAndWrites = List.of(AclOperation.READ, AclOperation.WRITE);
            Map<String, List<AclOperation>> topics = Map.of(
                    StreamcastConfig.EVENTS_TOPIC_CONFIG, List.of(AclOperation.READ),
                    StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, List.of(AclOperation.WRITE),
                    StreamcastConfig.ANOMALIES_TOPIC_CONFIG, List.of(AclOperation.WRITE),
                    StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, List.of(AclOperation.WRITE),
                    StreamcastConfig.MODELS_TOPIC_CONFIG, trains ? readsAndWrites : List.of(AclOperation.READ),
                    StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG,
                    trains ? readsAndWrites : List.of(AclOperation.WRITE),
                    StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG,
                    trains ? readsAndWrites : List.of(AclOperation.READ));
            topics.forEach((setting, operations) -> {
                List<AclOperation> granted = new ArrayList<>(operations);
                granted.add(AclOperation.DESCRIBE);
                if (setting.equals(withheldSetting)) {
                    granted.remove(withheld);
                }
                granted.forEach(op -> acls.add(allow(ResourceType.TOPIC, config.getString(setting),
                        PatternType.LITERAL, op)));
            });
            String applicationId = config.applicationId();
            acls.add(allow(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL));
            acls.add(allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE));
            acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED,
                    AclOperation.DESCRIBE));
            admin.createAcls(acls).all().get();
            // The controller has the ACLs once createAcls completes; the broker authorises by them only once its copy
            // of the cluster metadata has caught up, and describeAcls answers from that copy.
            AclBindingFilter users = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                    "User:" + SaslKafkaCluster.clientUser(), null, AclOperation.ANY, AclPermissionType.ANY));
            await().atMost(WAIT).until(() -> admin.describeAcls(users).values().get().containsAll(acls));
        }
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                "User:" + SaslKafkaCluster.clientUser(), "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void shouldPredictWithThePermissionsTheReadmeLists(@TempDir Path dir) throws Exception {
        predictsWithThePermissionsTheReadmeLists(application(dir));
    }

    @Test
    void shouldPredictWithoutTrainingWithTheFewerPermissionsTheReadmeLists(@TempDir Path dir) throws Exception {
        Map<String, Object> settings = application(dir);
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
        predictsWithThePermissionsTheReadmeLists(settings);
    }

    private static void predictsWithThePermissionsTheReadmeLists(Map<String, Object> settings) throws Exception {
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://acl-" + UUID.randomUUID());
        StreamcastConfig config = new StreamcastConfig(settings);
        grant(config, null, null);
        StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        Map<String, Object> user = new HashMap<>(kafka.clientSettings());
        user.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(user)) {
            TopicPermissions.require(admin, config);
        }

        try (StreamcastService service = StreamcastService.start(config);
             // the events' producer is another user's: this application's may only read them
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.administratorSettings(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int step = 0; step < 20; step++) {
                producer.send(new ProducerRecord<>(topics.events().name(), topics.events().serializeKey("k"),
                        topics.events().serializeValue(new Event(Instant.ofEpochMilli(T0 + step * 60_000L),
                                List.of(100.0 + step % 3))))).get();
            }
            Map<String, Object> reader = new HashMap<>(kafka.administratorSettings());
            reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topics.predictions().name(), 0),
                        new TopicPartition(topics.predictions().name(), 1)));
                // predictions read, not end offsets: the transactions' commit markers take offsets too
                int[] predictions = new int[1];
                await().atMost(WAIT).until(() -> {
                    predictions[0] += consumer.poll(Duration.ofMillis(200)).count();
                    return predictions[0] >= 20;
                });
            }
            assertThat(service.failure()).isNull();
        }
    }

    /**
     * The permissions the README lists are enough not only to predict but for every write the instance makes later:
     * a training round's record and the model it publishes (read back from the models topic), and a bad record's dead
     * letter, each the first use of its topic.
     */
    @Test
    void shouldPublishAModelAndDeadLetterABadRecordWithThePermissionsTheReadmeLists(@TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = application(dir);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://acl-" + UUID.randomUUID());
        // a trainer small enough to publish within seconds
        settings.putAll(TestSettings.trainer(40, 2, 200L));
        settings.put(StreamcastConfig.TRAINING_CPU_SHARE_CONFIG, 1.0);
        StreamcastConfig config = new StreamcastConfig(settings);
        grant(config, null, null);
        StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));

        try (StreamcastService service = StreamcastService.start(config);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.administratorSettings(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            int[] step = {0};
            // a cycle of six that persistence forecasts badly and a small network learns in a round
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (int i = 0; i < 50; i++, step[0]++) {
                    producer.send(new ProducerRecord<>(topics.events().name(), topics.events().serializeKey("k"),
                            topics.events().serializeValue(new Event(Instant.ofEpochMilli(T0 + step[0] * 60_000L),
                                    List.of(step[0] % 6 < 3 ? 10.0 : 40.0)))));
                }
                producer.flush();
                return service.models().current() != null || service.failure() != null;
            });
            assertThat(service.failure()).isNull();
            producer.send(new ProducerRecord<>(topics.events().name(), topics.events().serializeKey("k"),
                    "not an event".getBytes(StandardCharsets.UTF_8))).get();

            Map<String, Object> reader = new HashMap<>(kafka.administratorSettings());
            reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topics.deadLetters().name(), 0),
                        new TopicPartition(topics.deadLetters().name(), 1)));
                List<String> reasons = new ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> reasons.add(new String(
                            r.headers().lastHeader(DeadLetters.REASON_HEADER).value(),
                            StandardCharsets.UTF_8)));
                    return !reasons.isEmpty() || service.failure() != null;
                });
                assertThat(reasons).containsExactly("unparseable");
            }
            assertThat(service.failure()).isNull();
        }
    }

    @Test
    void shouldRefuseToStartNamingATopicTheApplicationMayNotWrite(@TempDir Path dir) throws Exception {
        Map<String, Object> settings = application(dir);
        // never reached: the permissions are checked first, and a registry is what run needs, not mock://
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1");
        StreamcastConfig config = new StreamcastConfig(settings);
        grant(config, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, AclOperation.WRITE);
        String said = runReporting(settings, dir);

        assertThat(said).contains("Cannot start Streamcast", "may not WRITE topic "
                + config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG) + " (dead.letters.topic)");
    }

    @Test
    void shouldRefuseToStartNamingTheTopicsTheApplicationMayNotCreate(@TempDir Path dir) throws Exception {
        Map<String, Object> settings = application(dir);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1");
        StreamcastConfig config = new StreamcastConfig(settings);
        String said = runReporting(settings, dir);

        assertThat(said).contains("Cannot start Streamcast", "Cannot create topics ",
                config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG) + " (events.topic)",
                config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG) + " (models.topic)",
                "may not", "Create them beforehand, or grant CREATE");
    }

    /**
     * Kafka Streams meets a refused transactional id only once started, and its error names none of what to grant:
     * {@code run} stops saying it.
     */
    @Test
    void shouldStopSayingWhatToGrantWhenTheTransactionalIdsAreRefused(@TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> settings = application(dir);
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            StreamcastConfig config = new StreamcastConfig(settings);
            grant(config, null, null);
            try (Admin admin = Admin.create(kafka.administratorSettings())) {
                AclBindingFilter transactionalIds = new AclBindingFilter(new ResourcePatternFilter(
                        ResourceType.TRANSACTIONAL_ID, config.applicationId(), PatternType.PREFIXED),
                        AccessControlEntryFilter.ANY);
                admin.deleteAcls(List.of(transactionalIds)).all().get();
                await().atMost(WAIT).until(() -> admin.describeAcls(transactionalIds).values().get().isEmpty());
            }
            String said = runReporting(settings, dir);

            assertThat(said).contains("Streamcast stopped", "TransactionalIdAuthorizationException",
                    "grant WRITE and DESCRIBE on the TransactionalId prefix " + config.applicationId());
        }
    }

    /** Runs {@code run} in this JVM with {@code settings}, expecting exit status 1, and returns its standard error. */
    private static String runReporting(Map<String, Object> settings, Path dir) throws IOException {
        RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(45));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        return run.err();
    }
}

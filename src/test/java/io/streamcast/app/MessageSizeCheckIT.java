package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Prediction;
import io.streamcast.stream.DeadLetters;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the topics would refuse stop the start: a key's state of 1,024 values over 300 events (1.2 MB) passes the
 * producer's {@code max.request.size} once that is raised to 4 MB, as the settings check says to, but not the
 * broker's {@code message.max.bytes} (1 MB) its changelog is created with. Such an instance predicted a key's first
 * 240 events, then stopped at each restart one event further on. Dead letters are fitted to the dead-letter topic's
 * limit as read at start-up.
 */
@ExtendWith(KafkaClusterExtension.class)
class MessageSizeCheckIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Settings whose key state outgrows the broker's default limit once the key has sent 300 events. */
    private static Map<String, Object> wideKeys(KafkaCluster kafka, Path dir) {
        // the sizes are checked before the registry is needed
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "sizes");
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 1024);
        settings.put(StreamcastConfig.FORECAST_INDICES_CONFIG, "0");
        settings.put(StreamcastConfig.FORECAST_WEEKLY_RHYTHM_CONFIG, false);
        settings.put(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 0);
        settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 300);
        settings.put("producer.max.request.size", 4_000_000);
        return settings;
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Test
    void shouldStopTheStartNamingTheChangelogAKeysStateWouldOutgrow(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = wideKeys(kafka, dir);

        RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(60));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot start Streamcast: A key's stored history can reach 1228800 bytes",
                "more than topic " + settings.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-key-state-changelog takes",
                "(max.message.bytes 1048588, as Kafka Streams creates it, from the broker's message.max.bytes;"
                        + " topic.max.message.bytes sets it)", "lower history.length, or raise that limit");
    }

    /**
     * The key states' changelog, not created yet, is judged by the settings that will create it; the dead-letter
     * topic, created by the setup without them, by its own limit, the broker's default; the outputs by the smallest
     * of their topics', here the anomalies topic's, created beforehand.
     */
    @Test
    void shouldTakeTheChangelogsLimitFromTheSettingsThatCreateItAndTheDeadLetterTopicsFromIt(KafkaCluster kafka,
                                                                                            @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = wideKeys(kafka, dir);
        settings.put("topic.max.message.bytes", 4_000_000);
        StreamcastConfig config = new StreamcastConfig(settings);
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic((String) settings.get(StreamcastConfig.ANOMALIES_TOPIC_CONFIG), 1,
                    (short) 1).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "500000")))).all().get();
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            assertThat(MessageSizeCheck.require(admin, config)).isEqualTo(new MessageSizeCheck.TopicLimits(
                    OptionalLong.of(4_000_000), OptionalLong.of(1_048_588), Map.of(
                            (String) settings.get(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG), 1_048_588L,
                            (String) settings.get(StreamcastConfig.ANOMALIES_TOPIC_CONFIG), 500_000L)));
        }
    }

    /**
     * A dead letter sheds its value, the record's headers and its key to fit its topic, never Streamcast's own
     * headers: with the message at 4,096 characters of three bytes each, those need, counted by hand, 12,291 bytes of
     * message, 249 of topic name, the longest numbers and reason, the left-out notes, the names, 10 bytes of framing
     * per header and 512 per record: 13,573. A dead-letter topic created beforehand taking 10,000 bytes is refused at
     * start-up, naming it.
     */
    @Test
    void shouldRefuseADeadLetterTopicTooSmallForStreamcastsOwnHeaders(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "dlt");
        String deadLetters = (String) settings.get(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        StreamcastConfig config = new StreamcastConfig(settings);
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(deadLetters, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10000")))).all().get();
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            assertThatThrownBy(() -> MessageSizeCheck.require(admin, config))
                    .hasMessageContaining("A dead letter can need 13573 bytes")
                    .hasMessageContaining("more than topic " + deadLetters + " takes (max.message.bytes 10000, the"
                            + " topic's setting): raise that limit");
        }
    }

    /**
     * The trainer keeps a round's winner in its outcome store, in the transaction that records the round's end, until
     * it is published: a snapshot larger than that store's changelog takes, here one created beforehand (as by an
     * earlier run) taking records of 10,000 bytes, would fail that transaction at the end of every round.
     */
    @Test
    void shouldRefuseATrainerOutcomeChangelogTooSmallForTheWinnersItKeeps(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "outcome");
        String changelog = settings.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-trainer-outcome-changelog";
        StreamcastConfig config = new StreamcastConfig(settings);
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10000")))).all().get();
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            assertThatThrownBy(() -> MessageSizeCheck.require(admin, config))
                    .hasMessageContaining("A model snapshot the trainer publishes can reach")
                    .hasMessageContaining("more than topic " + changelog + " takes (max.message.bytes 10000, the"
                            + " topic's setting): lower model.hidden.size");
        }
    }

    @Test
    void shouldJudgeATopicThatExistsByItsOwnLimit(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Map<String, Object> settings = wideKeys(kafka, dir);
        settings.put("topic.max.message.bytes", 4_000_000);
        // the key state's changelog, created beforehand with the broker's limit, as by an earlier run
        String changelog = settings.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-key-state-changelog";
        // a prediction carries the 1,024 values observed: 8,368 bytes, and its key (as sent and as text) and framing
        // up to 3,072 more
        String predictions = (String) settings.get(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG);
        // an anomaly is its prediction, sent to the anomalies topic too
        String anomalies = (String) settings.get(StreamcastConfig.ANOMALIES_TOPIC_CONFIG);
        StreamcastConfig config = new StreamcastConfig(settings);
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1),
                    new NewTopic(predictions, 1, (short) 1).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            "3000")),
                    new NewTopic(anomalies, 1, (short) 1).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            "9000")))).all().get();
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            assertThatThrownBy(() -> MessageSizeCheck.require(admin, config))
                    .hasMessageContaining("A prediction can reach 8368 bytes")
                    .hasMessageContaining("more than topic " + predictions + " takes (max.message.bytes 3000, the"
                            + " topic's setting): lower forecast.horizon")
                    .hasMessageContaining("more than topic " + anomalies + " takes (max.message.bytes 9000, the"
                            + " topic's setting): lower forecast.horizon")
                    .hasMessageContaining("more than topic " + changelog + " takes (max.message.bytes 1048588, the"
                            + " topic's setting): lower history.length");
        }
    }

    /**
     * A bad event larger than the dead-letter topic takes goes there without its value, and the key's next event is
     * predicted: here a topic created beforehand taking records of 20,000 bytes, and 60,000 bytes of garbage, within
     * the producer's max.request.size. Fitted to that alone, the dead letter went whole, the broker refused it, which
     * failed the task, and the instance stopped, again at the same record after every restart.
     */
    @Test
    void shouldSendADeadLetterWithoutAValueTheDeadLetterTopicWouldRefuse(KafkaCluster kafka) throws Exception {
        String deadLetters = "small-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(deadLetters, 2, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get();
        }
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                     StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, deadLetters))) {
            byte[] garbage = new byte[60_000];
            Arrays.fill(garbage, (byte) 'x');
            String events = app.topics().events().name();
            app.produce(events, List.of(new ProducerRecord<>(events, app.topics().events().serializeKey("a"),
                            garbage), app.event("a", 1_700_000_000_000L, 100.0)));
            Path log = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0)).resolveSibling("run.log");

            Process run = RunProcess.start(log.resolveSibling("streamcast.properties"), log);
            try {
                assertDeadLetterWithoutItsValueAndStillPredicting(app, deadLetters, run, log);
            } finally {
                run.destroy();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
        }
    }

    /**
     * A dead-letter topic's limit lowered while the instance runs is read again, and dead letters are fitted to it:
     * the topic set up by the instance at the broker's default, lowered to 20,000 bytes once the instance has started,
     * then 60,000 bytes of garbage. Read at start-up alone, the limit let the dead letter go whole, the broker refused
     * it, and the instance stopped at that record until a restart read the new limit.
     */
    @Test
    void shouldFitDeadLettersToALimitLoweredWhileTheInstanceRuns(KafkaCluster kafka) throws Exception {
        String deadLetters = "lowered-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                     StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, deadLetters,
                     StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG, 200));
             Admin admin = admin(kafka)) {
            Path log = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0)).resolveSibling("run.log");
            Process run = RunProcess.start(log.resolveSibling("streamcast.properties"), log);
            try {
                // Given an instance started with the dead-letter topic at the broker's default
                await().atMost(WAIT).until(() -> !run.isAlive() || Files.readString(log).contains("endpoints at"));
                assertThat(run.isAlive()).as("running: %s", Files.readString(log)).isTrue();
                // when the topic's limit is lowered
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetters);
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000"), AlterConfigOp.OpType.SET)))).all().get();
                await().atMost(WAIT).until(() -> !run.isAlive() || Files.readString(log).contains(
                        "Dead letters are now fitted to 20000 bytes, the max.message.bytes of topic " + deadLetters
                                + " (was 1048588 bytes)"));
                assertThat(run.isAlive()).as("running: %s", Files.readString(log)).isTrue();
                // and a bad event larger than that comes, then a good one
                byte[] garbage = new byte[60_000];
                Arrays.fill(garbage, (byte) 'x');
                String events = app.topics().events().name();
                app.produce(events, List.of(new ProducerRecord<>(events, app.topics().events().serializeKey("a"),
                        garbage), app.event("a", 1_700_000_000_000L, 100.0)));

                // then the dead letter goes without its value, and the good event is predicted
                assertDeadLetterWithoutItsValueAndStillPredicting(app, deadLetters, run, log);
            } finally {
                run.destroy();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
        }
    }

    /**
     * Once the instance has consumed its input: the one bad event's dead letter went without its 60,000 bytes, the
     * good event after it was predicted, and the instance runs.
     */
    private static void assertDeadLetterWithoutItsValueAndStillPredicting(StreamcastFixture app, String deadLetters,
                                                                          Process run, Path log) throws Exception {
        app.awaitInputConsumed();
        List<ConsumerRecord<byte[], byte[]>> letters = app.readAllCommitted(deadLetters);
        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(letter.value()).isEmpty();
        assertThat(header(letter, DeadLetters.VALUE_LEFT_OUT_HEADER)).startsWith("60000 bytes");
        assertThat(header(letter, DeadLetters.REASON_HEADER)).isEqualTo("unparseable");
        assertThat(header(letter, DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("0");
        assertThat(app.readAllCommitted(app.topics().predictions().name())).hasSize(1);
        assertThat(run.isAlive()).as("still running: %s", Files.readString(log)).isTrue();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A model published elsewhere whose recurrent state would make a key's stored state larger than the key states'
     * changelog takes is refused, though the producer's raised max.request.size would send it, and the instance
     * predicts on with the model it has: taken into use, the first key to step it stopped the instance, again after
     * every restart. Only the producer's limit bounded such a model's state.
     */
    @Test
    void shouldRefuseAModelWhoseStateTheKeyStatesChangelogWouldRefuse(KafkaCluster kafka) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                     "producer.max.request.size", 4_000_000));
             Admin admin = admin(kafka)) {
            // Given the key states' changelog created beforehand (as by an earlier run) taking records of 20,000 bytes:
            // room for a key's state with the configured network (a few KB), not with 10,000 more floats (40,000 B)
            admin.createTopics(List.of(new NewTopic(app.applicationId() + "-key-state-changelog", 2, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000")))).all().get();
            // and a model whose network keeps a state of 10,000 floats: 5,000 layers of one unit
            InputSpec spec = app.config().inputSpec();
            String name = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
            ForecastModel deep = new ForecastModel(name, 1, 1_700_000_000_000L, spec,
                    LstmModel.initialise(spec.inputSize(), 1, 5_000, spec.outputSize(), 3), null);
            app.produce(app.topics().models().name(), List.of(new ProducerRecord<>(app.topics().models().name(),
                    name.getBytes(StandardCharsets.UTF_8),
                    app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(deep)))));
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                events.add(app.event("key-" + step % 2, 1_700_000_000_000L + step * 60_000L, 100.0 + step));
            }
            app.produce(app.topics().events().name(), events);
            Path log = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0)).resolveSibling("run.log");

            // When an instance runs
            Process run = RunProcess.start(log.resolveSibling("streamcast.properties"), log);
            try {
                app.awaitInputConsumed();

                // Then the model is refused, saying why, and every event is predicted without it
                assertThat(Files.readString(log)).contains("Refused model " + name + " version 1: its network's"
                        + " state of 10000 values would make a key's stored state larger than can be sent");
                List<Prediction> predictions = StreamcastFixture.values(
                        app.readAllCommitted(app.topics().predictions().name()),
                        app.topics().predictions()::deserializeValue);
                assertThat(predictions).hasSize(20).allSatisfy(p -> assertThat(p.getModelVersion()).isZero());
                assertThat(run.isAlive()).as("still running: %s", Files.readString(log)).isTrue();
            } finally {
                run.destroy();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
        }
    }

    /**
     * The key states' changelog lowered while the instance runs holds the models published after: created at the
     * broker's default, lowered to 20,000 bytes once the instance has started, it refuses the model keeping 10,000
     * floats per key, and the events after are predicted without it. Read at start-up alone, the limit let that model
     * in, and its first key state too large for the changelog stopped the instance, again after every restart until
     * a restart refused the model.
     */
    @Test
    void shouldRefuseAModelWhoseStateTheKeyStatesChangelogLoweredWhileTheInstanceRunsWouldRefuse(KafkaCluster kafka)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                     StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG, 200,
                     "producer.max.request.size", 4_000_000));
             Admin admin = admin(kafka)) {
            String changelog = app.applicationId() + "-key-state-changelog";
            admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            Path log = app.writeSettingsFile(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1",
                    StreamcastConfig.HTTP_PORT_CONFIG, 0)).resolveSibling("run.log");
            Process run = RunProcess.start(log.resolveSibling("streamcast.properties"), log);
            try {
                // Given an instance started with the changelog at the broker's default
                await().atMost(WAIT).until(() -> !run.isAlive() || Files.readString(log).contains("endpoints at"));
                assertThat(run.isAlive()).as("running: %s", Files.readString(log)).isTrue();
                // when the changelog's limit is lowered
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, changelog),
                        List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20000"),
                                AlterConfigOp.OpType.SET)))).all().get();
                await().atMost(WAIT).until(() -> !run.isAlive() || Files.readString(log).contains(
                        "within the max.message.bytes of topic " + changelog + ", 20000 bytes (was 1048588 bytes)"));
                // and a model keeping 10,000 floats per key is published: 5,000 layers of one unit
                InputSpec spec = app.config().inputSpec();
                String name = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
                ForecastModel deep = new ForecastModel(name, 1, 1_700_000_000_000L, spec,
                        LstmModel.initialise(spec.inputSize(), 1, 5_000, spec.outputSize(), 3), null);
                app.produce(app.topics().models().name(), List.of(new ProducerRecord<>(app.topics().models().name(),
                        name.getBytes(StandardCharsets.UTF_8),
                        app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(deep)))));
                await().atMost(WAIT).until(() -> !run.isAlive() || Files.readString(log).contains(
                        "Model " + name + " version 1 in use") || Files.readString(log).contains("Refused model "
                        + name + " version 1"));

                // then it is refused, saying why, and the events after are predicted without it
                assertThat(Files.readString(log)).contains("Refused model " + name + " version 1: its network's"
                        + " state of 10000 values would make a key's stored state larger than can be sent");
                List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
                for (int step = 0; step < 20; step++) {
                    events.add(app.event("key-" + step % 2, 1_700_000_000_000L + step * 60_000L, 100.0 + step));
                }
                app.produce(app.topics().events().name(), events);
                app.awaitInputConsumed();
                List<Prediction> predictions = StreamcastFixture.values(
                        app.readAllCommitted(app.topics().predictions().name()),
                        app.topics().predictions()::deserializeValue);
                assertThat(predictions).hasSize(20).allSatisfy(p -> assertThat(p.getModelVersion()).isZero());
                assertThat(run.isAlive()).as("still running: %s", Files.readString(log)).isTrue();
            } finally {
                run.destroy();
                if (!run.waitFor(60, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
        }
    }
}

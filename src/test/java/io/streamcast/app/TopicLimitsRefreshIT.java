package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.SendLimits;
import io.streamcast.stream.SendLimitsProbe;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics' limits read again while the instance runs: a read that fails keeps the limits last read, with one
 * warning until a read succeeds; a dead-letter topic lowered below what a dead letter can need is an error.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicLimitsRefreshIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The broker's message.max.bytes, which topics created without a limit of their own take. */
    private static final long BROKER_DEFAULT = 1_048_588;

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static ModelCatalog models(StreamcastConfig config) {
        return new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(),
                new StreamcastMetrics(new SimpleMeterRegistry()));
    }

    /** The output topics' limits as start-up reads them where the setup created them: the broker's default. */
    private static Map<String, Long> outputsAtTheDefault(StreamcastConfig config) {
        return RecordSizeCheck.outputTopics(config).stream().collect(Collectors.toMap(topic -> topic,
                topic -> BROKER_DEFAULT));
    }

    private static void lower(Admin admin, String topic, long limit) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(limit)),
                        AlterConfigOp.OpType.SET)))).all().get();
    }

    /**
     * A dead-letter topic that cannot be read (here one not yet created; as well a broker away, or a user no longer
     * granted DESCRIBE_CONFIGS) leaves the limits read at start-up, 50,000 bytes, in force, with one warning for two
     * failed reads; once it can be read, its own limit, 30,000 bytes, is; the next failure warns again.
     */
    @Test
    void shouldKeepTheLastLimitsWarningOncePerStreakOfFailedReads(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "again");
        StreamcastConfig config = new StreamcastConfig(settings);
        String deadLetters = "later-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        settings.put(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, deadLetters);
        StreamcastConfig later = new StreamcastConfig(settings);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        limits.deadLetterTopicTakes(50_000);
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), later, limits, models(later),
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(50_000),
                             outputsAtTheDefault(later)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());

            refresh.refresh();
            refresh.refresh();

            assertThat(log.warnings()).hasSize(1).first().asString().startsWith(
                    "Cannot read the max.message.bytes of topic " + deadLetters + " again (");
            assertThat(SendLimitsProbe.deadLetters(limits)).isEqualTo(50_000);

            admin.createTopics(List.of(new NewTopic(deadLetters, 1, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "30000")))).all().get();
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.deadLetters(limits) == 30_000;
            });

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.messages()).contains("Dead letters are now fitted to 30000 bytes, the max.message.bytes"
                    + " of topic " + deadLetters + " (was 50000 bytes)");

            admin.deleteTopics(List.of(deadLetters)).all().get();
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return log.warnings().size() == 2;
            });
            assertThat(SendLimitsProbe.deadLetters(limits)).isEqualTo(30_000);
        }
    }

    /**
     * A dead letter keeps Streamcast's own headers whatever the topic takes: 13,573 bytes at most, counted by hand in
     * {@code MessageSizeCheckIT}. Start-up refuses a topic taking less; lowered to 10,000 bytes while the instance
     * runs, it is said in an error naming the topic and both figures, and the new limit is in force all the same.
     */
    @Test
    void shouldSayInAnErrorThatTheDeadLetterTopicNoLongerTakesWhatADeadLetterCanNeed(KafkaCluster kafka,
                                                                                     @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "low");
        StreamcastConfig config = new StreamcastConfig(settings);
        String deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), config, limits, models(config),
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(1_048_588),
                             outputsAtTheDefault(config)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());
            lower(admin, deadLetters, 10_000);

            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.deadLetters(limits) == 10_000;
            });

            assertThat(log.errors()).containsExactly("Topic " + deadLetters + " now takes records of up to 10000"
                    + " bytes (max.message.bytes), less than the 13573 a dead letter can need with nothing left but"
                    + " Streamcast's own headers: such a dead letter would be refused, which stops the instance;"
                    + " raise that limit");
        }
    }

    /**
     * One topic that cannot be read keeps only its own last limit: with the dead-letter topic not yet created, the
     * anomalies topic lowered to 500,000 bytes is in force for the outputs, and the one warning names the dead-letter
     * topic alone. A failed read of any topic kept the last limits of all.
     */
    @Test
    void shouldKeepOnlyTheLastLimitOfTheTopicThatCannotBeRead(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "each");
        StreamcastConfig config = new StreamcastConfig(settings);
        String deadLetters = "later-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        settings.put(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, deadLetters);
        StreamcastConfig later = new StreamcastConfig(settings);
        String anomalies = later.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        limits.deadLetterTopicTakes(50_000);
        limits.outputTopicsTake(BROKER_DEFAULT);
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), later, limits, models(later),
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(50_000),
                             outputsAtTheDefault(later)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());
            lower(admin, anomalies, 500_000);

            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.outputs(limits) == 500_000;
            });

            assertThat(SendLimitsProbe.deadLetters(limits)).isEqualTo(50_000);
            assertThat(log.warnings()).hasSize(1).first().asString().startsWith("Cannot read the max.message.bytes"
                    + " of topic " + deadLetters + " again (").endsWith("); its limit last read (50000 bytes) holds"
                    + " until a read succeeds");
        }
    }

    /**
     * The key states' changelog lowered while the instance runs holds the models offered later: with it lowered from
     * the broker's default to 12,000 bytes, a model keeping 4,000 floats per key (16,000 bytes) is refused. The model
     * in use, which keeps as many, stays in use, and an error names it, the topic and the new limit. Raised again to
     * the broker's default, the changelog takes such a model again.
     */
    @Test
    void shouldJudgeLaterModelsByTheKeyStatesChangelogsLimitReadAgain(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        StreamcastConfig config = new StreamcastConfig(TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(),
                dir, "states"));
        String changelog = config.applicationId() + "-key-state-changelog";
        ModelCatalog models = models(config);
        models.limitStoredState(RecordSizeCheck.largestModelState(config, BROKER_DEFAULT));
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), config,
                     SendLimitsProbe.of(config.streamsProperties()), models, new MessageSizeCheck.TopicLimits(
                             OptionalLong.of(BROKER_DEFAULT), OptionalLong.of(BROKER_DEFAULT),
                             outputsAtTheDefault(config)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());
            admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1))).all().get();
            // 2,000 layers of one unit: h and c of each, 4,000 floats
            assertThat(models.offer(deep(config, 1, 2_000))).isNull();

            lower(admin, changelog, 12_000);
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return log.messages().stream().anyMatch(line -> line.startsWith("Models are now held"));
            });

            assertThat(models.offer(deep(config, 2, 2_000))).startsWith("its network's state of 4000 values would"
                    + " make a key's stored state larger than can be sent");
            assertThat(models.current().version()).isEqualTo(1);
            assertThat(log.errors()).anySatisfy(error -> assertThat(error).startsWith("Model "
                    + config.getString(StreamcastConfig.MODEL_NAME_CONFIG) + " version 1 in use keeps a recurrent"
                    + " state of 4000 values per key, more than the ").contains(" a key's stored state can hold now"
                    + " that topic " + changelog + " takes records of up to 12000 bytes (max.message.bytes): it stays"
                    + " in use,"));

            // raised again, it takes such a model again
            lower(admin, changelog, BROKER_DEFAULT);
            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return log.messages().stream().filter(line -> line.startsWith("Models are now held")).count() == 2;
            });
            assertThat(models.offer(deep(config, 2, 2_000))).isNull();
        }
    }

    /**
     * A record a topic lowered while the instance runs no longer takes is said in an error, as start-up would refuse
     * it: the anomalies topic lowered to 100 bytes takes no prediction.
     */
    @Test
    void shouldSayInAnErrorWhichRecordsALoweredTopicNoLongerTakes(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        StreamcastConfig config = new StreamcastConfig(TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(),
                dir, "records"));
        String anomalies = config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG);
        SendLimits limits = SendLimitsProbe.of(config.streamsProperties());
        try (Admin admin = admin(kafka);
             LogCapture log = LogCapture.of(TopicLimitsRefresh.class);
             TopicLimitsRefresh refresh = new TopicLimitsRefresh(admin(kafka), config, limits, models(config),
                     new MessageSizeCheck.TopicLimits(OptionalLong.empty(), OptionalLong.of(BROKER_DEFAULT),
                             outputsAtTheDefault(config)))) {
            TopicSetup.ensure(admin, config, 1, Optional.empty());
            lower(admin, anomalies, 100);

            await().atMost(WAIT).until(() -> {
                refresh.refresh();
                return SendLimitsProbe.outputs(limits) == 100;
            });

            assertThat(log.errors()).singleElement().asString().startsWith("A prediction can reach ").endsWith(
                    ", more than topic " + anomalies + " now takes (max.message.bytes 100): such a record would be"
                            + " refused, which stops the instance; lower forecast.horizon, or raise that limit");
        }
    }

    private static ForecastModel deep(StreamcastConfig config, long version, int layers) {
        InputSpec spec = config.inputSpec();
        return new ForecastModel(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), version, 1_700_000_000_000L,
                spec, LstmModel.initialise(spec.inputSize(), 1, layers, spec.outputSize(), 3), null);
    }
}

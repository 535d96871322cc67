package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code training.enabled} or {@code training.samples.topic} changed under {@code group.protocol=streams} without
 * deleting the group: the coordinator keeps an empty streams group's topology and refuses another, but one instance
 * run once under {@code group.protocol=classic} turns the group into a classic one (its join converts the empty streams
 * group), and once it has stopped the next streams member's join converts the empty classic group to a streams group
 * with that member's topology. The committed offsets stay with the group through both conversions (in-JVM Kafka 4.4).
 */
@ExtendWith(KafkaClusterExtension.class)
class TrainingChangeThroughClassicIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final Pattern ENDPOINTS = Pattern.compile("endpoints at (http://127\\.0\\.0\\.1:\\d+)");

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Either way: {@code training} is the new setting, the group's instance had the other. */
    @ParameterizedTest(name = "training.enabled={0}")
    @ValueSource(booleans = {true, false})
    void shouldChangeTrainingUnderTheStreamsProtocolThroughOneClassicRunKeepingTheOffsets(boolean trains,
                                                                                  KafkaCluster kafka,
                                                                                  @TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams",
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, !trains))) {
            String samples = app.topics().trainingSamples().name();
            changeThroughOneClassicRun(app, kafka, dir, Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, trains),
                    trains ? "has no trainer" : "has the trainer", trains ? Set.of(samples) : Set.of());
        }
    }

    /**
     * A trainer's other {@code training.samples.topic}: the same round trip, the group's trainer reading the new
     * topic after it, not the old one.
     */
    @Test
    void shouldChangeTheSamplesTopicUnderTheStreamsProtocolThroughOneClassicRunKeepingTheOffsets(
            KafkaCluster kafka, @TempDir Path dir) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                     StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                     StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams",
                     StreamcastConfig.TRAINING_ENABLED_CONFIG, true))) {
            String newSamples = app.topics().trainingSamples().name() + "-new";
            changeThroughOneClassicRun(app, kafka, dir,
                    Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, true,
                            StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, newSamples),
                    "whose trainer reads topic " + app.topics().trainingSamples().name(), Set.of(newSamples));
        }
    }

    /**
     * Runs the group's one instance on two events and stops it, then {@code change} through one classic run and one
     * streams run, and checks that the offsets were kept and the last topology reads the events and
     * {@code trainerReads} alone.
     *
     * @param refusal what the refusal of {@code change} under streams, before the round trip, says of the group
     */
    private static void changeThroughOneClassicRun(StreamcastFixture app, KafkaCluster kafka, Path dir,
                                                   Map<String, Object> change, String refusal,
                                                   Set<String> trainerReads) throws Exception {
        try (Admin admin = admin(kafka)) {
            // Given a streams group whose only instance, of the old setting, processed two events and stopped
            String events = app.topics().events().name();
            String predictions = app.topics().predictions().name();
            StreamcastService first = app.startInstance();
            app.produce(events, List.of(app.event("a", T0, 1.0), app.event("b", T0, 2.0)));
            app.awaitInputConsumed();
            first.close();
            int predicted = app.readAllCommitted(predictions).size();
            int deadLetters = app.readAllCommitted(app.topics().deadLetters().name()).size();
            assertThat(predicted).as("predictions before the change").isPositive();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app.applicationId())
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed).as("committed offsets").isNotEmpty();
            StreamcastConfig changed = new StreamcastConfig(app.anotherInstanceSettings(dir.resolve("state"),
                    change));
            bounded().until(() -> ApplicationGroup.read(admin, changed).orElseThrow().state() == GroupState.EMPTY);
            // the start the round trip mends: the new setting under streams is refused by the kept topology
            ApplicationGroup stopped = ApplicationGroup.read(admin, changed).orElseThrow();
            assertThat(stopped.type()).contains(GroupType.STREAMS);
            assertThatThrownBy(() -> TrainingAgreement.require(stopped, changed, () -> Optional.of(stopped)))
                    .isInstanceOf(ClusterMismatch.class)
                    .hasMessageContaining(refusal);

            // When one instance with the new setting runs under the classic protocol until it is ready,
            Path classicSettings = settingsFile(app, "classic", change);
            Path classicLog = classicSettings.resolveSibling("run.log");
            Process classic = RunProcess.start(classicSettings, classicLog);
            try {
                bounded().until(() -> !classic.isAlive() || ready(classicLog));
                assertThat(classic.isAlive()).as("classic run: %s", Files.readString(classicLog)).isTrue();
                ApplicationGroup joined = ApplicationGroup.read(admin, changed).orElseThrow();
                assertThat(joined.type()).contains(GroupType.CLASSIC);
                assertThat(joined.members()).singleElement().satisfies(member ->
                        assertThat(member.assignment().topicPartitions()).isNotEmpty());
                classic.destroy();
                assertThat(classic.waitFor(60, TimeUnit.SECONDS)).as("classic run exited").isTrue();
            } finally {
                classic.destroyForcibly();
            }
            assertThat(classic.exitValue()).as("classic run's exit status on SIGTERM").isEqualTo(143);
            // and stops, leaving a classic group that kept the offsets
            bounded().until(() -> ApplicationGroup.read(admin, changed).orElseThrow().state() == GroupState.EMPTY);
            assertThat(ApplicationGroup.read(admin, changed).orElseThrow().type()).contains(GroupType.CLASSIC);
            assertThat(admin.listConsumerGroupOffsets(app.applicationId()).partitionsToOffsetAndMetadata().get())
                    .as("offsets after the classic run").containsAllEntriesOf(committed);

            // and then an instance with the new setting runs under the streams protocol, and an event comes
            Path streamsSettings = settingsFile(app, "streams", change);
            Path streamsLog = streamsSettings.resolveSibling("run.log");
            Process streams = RunProcess.start(streamsSettings, streamsLog);
            try {
                app.produce(events, List.of(app.event("c", T0, 3.0)));
                bounded().until(() -> !streams.isAlive() || app.readAllCommitted(predictions).size() > predicted);
                assertThat(streams.isAlive()).as("streams run: %s", Files.readString(streamsLog)).isTrue();
                app.awaitInputConsumed();

                // Then the group is a streams group again, of the new setting's topology, and the instance went
                // on from the committed offsets: the new event is predicted once, and the first two are not read
                // again (were the offsets gone, they would be read again and refused as replayed, into the dead
                // letters)
                ApplicationGroup converted = ApplicationGroup.read(admin, changed).orElseThrow();
                assertThat(converted.type()).contains(GroupType.STREAMS);
                assertThat(converted.hasMembers()).isTrue();
                Set<String> sources = converted.subtopologies().stream()
                        .flatMap(subtopology -> subtopology.sourceTopics().stream()).collect(Collectors.toSet());
                assertThat(sources).as("the group's topology's sources").contains(events);
                assertThat(sources.stream().filter(topic -> !topic.equals(events)))
                        .as("what the group's trainer reads").containsExactlyInAnyOrderElementsOf(trainerReads);
                List<String> keys = app.readAllCommitted(predictions).stream().map(record -> app.topics()
                        .predictions().keySerde().deserializer().deserialize(predictions, record.key()))
                        .map(String::valueOf).toList();
                assertThat(keys).hasSize(predicted + 1).containsOnlyOnce("c");
                assertThat(app.readAllCommitted(app.topics().deadLetters().name())).hasSize(deadLetters);
                assertThat(streams.isAlive()).as("streams run: %s", Files.readString(streamsLog)).isTrue();
                streams.destroy();
                assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("streams run exited").isTrue();
            } finally {
                streams.destroyForcibly();
            }
            assertThat(streams.exitValue()).as("exit status on SIGTERM").isEqualTo(143);
        }
    }

    /** The settings of an instance run in another process under {@code protocol}, with {@code change}. */
    private static Path settingsFile(StreamcastFixture app, String protocol, Map<String, Object> change) {
        Map<String, Object> settings = new HashMap<>(change);
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
        settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
        return app.writeSettingsFile(settings);
    }

    /** Whether the instance that writes {@code log} has said where its endpoints are, and answers ready. */
    private static boolean ready(Path log) throws Exception {
        Matcher endpoints = ENDPOINTS.matcher(Files.readString(log));
        return endpoints.find()
                && OpsHttp.get(URI.create(endpoints.group(1) + "/health/ready"), Map.of()).status() == 200;
    }

    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
    }
}

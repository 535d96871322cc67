package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code group.protocol} changed while the application's group still has members under the other protocol (a rolling
 * change, or a restart within the session of an instance killed): Kafka's coordinator refused every stream thread, and
 * the instance stopped seconds after its start in Kafka's words, which name neither the setting nor what mends it;
 * {@code run} refuses it before Kafka Streams starts, naming the setting.
 */
@ExtendWith(KafkaClusterExtension.class)
class GroupProtocolSwitchIT {

    private static final long T0 = 1_700_000_000_000L;

    private static Map<String, Object> settings(KafkaCluster kafka, Path dir) {
        // the group is checked before the registry is needed
        return TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "protocol");
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /**
     * {@code admin}, failing a listing of the cluster's groups: the check asks about the application's group alone,
     * where a listing asks every broker for every group, a cost that grows with the cluster.
     */
    private static Admin ownGroupOnly(Admin admin) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listGroups")) {
                        throw new UnsupportedOperationException("listed every group of the cluster");
                    }
                    try {
                        return method.invoke(admin, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Reads the group as {@code run} does, and checks it. */
    private static void check(Admin admin, StreamcastConfig config) {
        GroupProtocolSwitch.require(ApplicationGroup.read(ownGroupOnly(admin), config).orElseThrow(), config);
    }

    /**
     * A member of the application's group under the classic protocol, as an instance of an earlier run: its assignor
     * is named as Kafka Streams' is, which run takes for an instance's (another's is another application's), and it
     * has joined once it has a generation.
     */
    private static KafkaConsumer<byte[], byte[]> classicMember(KafkaCluster kafka, Map<String, Object> settings) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, StreamsNamedAssignor.class.getName()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of((String) settings.get(StreamcastConfig.EVENTS_TOPIC_CONFIG)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.groupMetadata().generationId() > 0;
        });
        return consumer;
    }

    @Test
    void shouldRefuseToStartUnderTheStreamsProtocolWhileTheGroupHasClassicMembers(KafkaCluster kafka,
                                                                                 @TempDir Path dir) throws Exception {
        // Given the application's topics, and its group with a member under the classic protocol
        Map<String, Object> settings = settings(kafka, dir);
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
        }
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             KafkaConsumer<byte[], byte[]> member = classicMember(kafka, settings)) {
            // When run starts under the streams protocol, with a registry, so that only the group can stop it
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
            settings.put(StreamcastConfig.HTTP_PORT_CONFIG, 0);
            settings.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
            settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            RunInProcess run = RunInProcess.with(settings, dir, Duration.ofSeconds(60));

            // Then it refuses in one line, before Kafka Streams starts, naming the setting and what mends it
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            String group = (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
            assertThat(run.err()).contains("Configuration error: Consumer group " + group + " (application.id) is a"
                    + " classic group with members (state ", "), and Kafka's coordinator takes no member under"
                    + " group.protocol=streams until it is empty: stop the instances that run under"
                    + " group.protocol=classic, and wait for the sessions of those that stopped without leaving the"
                    + " group (killed, or with a group.instance.id) to time out (their session.timeout.ms, 45 s by"
                    + " default); or set group.protocol=classic again")
                    .doesNotContain("Streams state");
        }
    }

    @Test
    void shouldLetTheStreamsProtocolTakeOverAGroupWhoseClassicMembersLeft(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given a group whose classic member left it: the coordinator converts such a group
        Map<String, Object> settings = settings(kafka, dir);
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
            classicMember(kafka, settings).close();
            String group = (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
            // passed because the group is empty, not for want of finding it
            assertThat(admin.listGroups().all().get()).anySatisfy(listing -> {
                assertThat(listing.groupId()).isEqualTo(group);
                assertThat(listing.type()).contains(GroupType.CLASSIC);
            });
            settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            StreamcastConfig config = new StreamcastConfig(settings);

            assertThatCode(() -> check(admin, config)).doesNotThrowAnyException();
        }
    }

    /** A first start, before the group exists, passes under either protocol. */
    @Test
    void shouldLetAFirstStartThrough(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Map<String, Object> settings = settings(kafka, dir);
        try (Admin admin = admin(kafka)) {
            String group = (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
            assertThat(admin.listGroups().all().get()).noneMatch(listing -> listing.groupId().equals(group));
            for (String protocol : List.of("classic", "streams")) {
                settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
                StreamcastConfig config = new StreamcastConfig(settings);

                assertThatCode(() -> check(admin, config)).as(protocol)
                        .doesNotThrowAnyException();
            }
        }
    }

    /** A restart or another instance under the group's own protocol, the group's members still in it, passes. */
    @Test
    void shouldLetAnInstanceJoinAGroupWithMembersOfItsOwnProtocol(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = settings(kafka, dir);
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
            try (KafkaConsumer<byte[], byte[]> member = classicMember(kafka, settings)) {
                String group = (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
                // passed because the protocols agree, not for want of finding the group or its members
                assertThat(admin.listGroups().all().get()).anySatisfy(listing -> {
                    assertThat(listing.groupId()).isEqualTo(group);
                    assertThat(listing.type()).contains(GroupType.CLASSIC);
                    assertThat(listing.groupState()).contains(GroupState.STABLE);
                });
                StreamcastConfig config = new StreamcastConfig(settings);

                assertThatCode(() -> check(admin, config)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void shouldRefuseTheClassicProtocolWhileTheGroupHasStreamsMembers(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given the application's group with a member under the streams protocol, as an instance of an earlier run
        Map<String, Object> settings = settings(kafka, dir);
        String events = (String) settings.get(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        try (Admin admin = admin(kafka)) {
            TopicSetup.ensure(admin, new StreamcastConfig(settings), 2, Optional.empty());
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(events, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).foreach((k, v) -> { });
            Properties streamsSettings = new Properties();
            streamsSettings.putAll(new HashMap<>(Map.of(
                    StreamsConfig.APPLICATION_ID_CONFIG, settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.STATE_DIR_CONFIG, dir.resolve("member").toString(),
                    StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams")));
            try (KafkaStreams member = new KafkaStreams(builder.build(), streamsSettings)) {
                member.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> member.state() == KafkaStreams.State.RUNNING);

                // When run would start under the classic protocol, Then it is refused, naming the setting
                StreamcastConfig config = new StreamcastConfig(settings);
                assertThatThrownBy(() -> check(admin, config))
                        .isInstanceOf(ClusterMismatch.class)
                        .hasMessageContaining("is a streams group with members")
                        .hasMessageContaining("takes no member under group.protocol=classic until it is empty")
                        .hasMessageContaining("(the group's streams.session.timeout.ms, 45 s by default)")
                        .hasMessageEndingWith("or set group.protocol=streams again");
            }
        }
    }

    /**
     * Back to the classic protocol once every instance under the streams protocol has stopped: the empty streams group
     * stays on the coordinator with its topology, and the start-up check lets it through for want of members, so the
     * run depends on Kafka's coordinator taking a classic member into it. Kafka 4.4's does: the classic join converts
     * the empty streams group to a classic group, and its committed offsets go on.
     */
    @Test
    void shouldRunUnderTheClassicProtocolOnceEveryStreamsInstanceHasStopped(KafkaCluster kafka) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka,
                     Map.of(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
             Admin admin = admin(kafka)) {
            // Given a group whose only instance ran under the streams protocol, processed two events, and stopped
            String events = app.topics().events().name();
            String predictions = app.topics().predictions().name();
            StreamcastService streams = app.startInstance(Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams"),
                    StreamcastService::start);
            app.produce(events, List.of(app.event("a", T0, 1.0), app.event("b", T0, 2.0)));
            app.awaitInputConsumed();
            int predicted = app.readAllCommitted(predictions).size();
            int deadLetters = app.readAllCommitted(app.topics().deadLetters().name()).size();
            streams.close();
            StreamcastConfig classic = app.config();
            bounded().until(() -> ApplicationGroup.read(admin, classic).orElseThrow().state() == GroupState.EMPTY);
            // an empty streams group with its topology, not a group the coordinator forgot
            ApplicationGroup stopped = ApplicationGroup.read(admin, classic).orElseThrow();
            assertThat(stopped.type()).contains(GroupType.STREAMS);
            assertThat(stopped.subtopologies()).isNotEmpty();
            assertThat(predicted).as("predictions under the streams protocol").isPositive();

            // When run starts under the classic protocol, and an event comes
            Path settings = app.writeSettingsFile(Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic",
                    StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", StreamcastConfig.HTTP_PORT_CONFIG, 0));
            Path log = settings.resolveSibling("classic.log");
            Process run = RunProcess.start(settings, log);
            try {
                app.produce(events, List.of(app.event("c", T0, 3.0)));
                bounded().until(() -> !run.isAlive() || app.readAllCommitted(predictions).size() > predicted);
                assertThat(run.isAlive()).as("run under the classic protocol: %s", Files.readString(log)).isTrue();
                app.awaitInputConsumed();

                // Then it runs in the group, converted to a classic one, from the committed offsets: the new event
                // is predicted, and the first two are not processed again (were the offsets gone, they would be
                // read again and refused as replayed, into the dead letters)
                ApplicationGroup converted = ApplicationGroup.read(admin, classic).orElseThrow();
                assertThat(converted.type()).contains(GroupType.CLASSIC);
                assertThat(converted.hasMembers()).isTrue();
                assertThat(app.readAllCommitted(predictions)).hasSize(predicted + 1);
                assertThat(app.readAllCommitted(app.topics().deadLetters().name())).hasSize(deadLetters);
                assertThat(run.isAlive()).as("run under the classic protocol: %s", Files.readString(log)).isTrue();
                run.destroy();
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            } finally {
                run.destroyForcibly();
            }
            assertThat(run.exitValue()).as("exit status on SIGTERM").isEqualTo(143);
        }
    }

    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
    }
}

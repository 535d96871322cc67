package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance closed from another thread (as {@code run}'s SIGTERM hook closes it) while it starts, on a real broker:
 * the start ends as a stop, promptly, with everything it opened closed.
 */
@ExtendWith(KafkaClusterExtension.class)
class StopDuringStartIT {

    private static final Map<String, Object> LOOPBACK_FREE_PORT = Map.of(
            StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", StreamcastConfig.HTTP_PORT_CONFIG, 0);
    /**
     * An earlier run as a static member, which a close leaves in the group (a dynamic one leaves it as it closes), so
     * that the next run's first rebalance waits for it.
     */
    private static final Map<String, Object> EARLIER_RUN_STATIC = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "earlier-run");
    /**
     * Consumer sessions of 60 s and a close timeout of 15 s: a member that an earlier run left in the group holds a
     * rebalance up for longer than a close waits.
     */
    private static final Map<String, Object> EARLIER_MEMBER_OUTLASTS_THE_CLOSE = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 60_000,
            StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, 15_000);

    @Test
    void shouldStopWithoutErrorWhenClosedAfterTheEndpointsServeAndBeforeTheStreamsStart(KafkaCluster kafka)
            throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            // Given an instance whose Kafka Streams were closed before its start reached them: what a close from
            // another thread (run's SIGTERM hook) does first when it lands after the endpoints serve and before the
            // streams start
            StreamcastNode node = app.startInstance(LOOPBACK_FREE_PORT, StreamcastNode::build);
            node.service().close();

            // When the start goes on
            boolean started = node.start();

            // Then it returns without an error, having started nothing, and the close ends the rest
            assertThat(started).as("started").isFalse();
            assertThat(node.service().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(node.service().failure()).as("the error that stopped the instance").isNull();
            node.close();
            assertThatThrownBy(() -> OpsHttp.get(node, "/health/live")).as("the endpoints are closed")
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void shouldEndAStartThatWaitsForAnUnreachableBrokerAtOnceWhenClosed(KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            // Given an instance whose bootstrap.servers names a port nothing listens on, starting: the start waits for
            // the models topic's partitions, for up to task.timeout.ms (5 minutes), each ask for up to
            // default.api.timeout.ms (1 minute)
            Map<String, Object> unreachable = new HashMap<>(LOOPBACK_FREE_PORT);
            unreachable.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + portNothingListensOn());
            StreamcastNode node = app.startInstance(unreachable, StreamcastNode::build);
            CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(node::start);
            bounded().until(() -> start.isDone() || node.service().state() == KafkaStreams.State.REBALANCING);
            assertThat(start).as("the start waits").isNotDone();
            assertThat(OpsHttp.get(node, "/health/live").status()).as("liveness during the start").isEqualTo(200);

            // When it is closed (from another thread, as run's SIGTERM hook closes it)
            CompletableFuture<Void> close = CompletableFuture.runAsync(node::close);

            // and closed again meanwhile (as the hook does when the instance was already closing after a failure),
            // the second close returns only once the first has stopped Kafka Streams and closed the endpoints, so
            // that the JVM does not halt in the middle of the first
            bounded().until(node::closed);
            node.close();
            assertThat(node.service().state()).as("state as the second close returns")
                    .isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThatThrownBy(() -> OpsHttp.get(node, "/health/live")).as("the endpoints are closed")
                    .isInstanceOf(UncheckedIOException.class);

            // Then the close ends within the close timeout, far within the start's wait, and so does the start,
            // without an error and having closed every client and thread it began
            close.get(node.service().closeTimeout().toSeconds(), TimeUnit.SECONDS);
            assertThat(start.get(5, TimeUnit.SECONDS)).as("started").isFalse();
            assertThat(node.service().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(node.service().failure()).as("the error that stopped the instance").isNull();
            assertThat(threadsNamedAfter(app.applicationId())).as("threads left by the instance").isEmpty();
            assertThatThrownBy(() -> OpsHttp.get(node, "/health/live")).as("the endpoints are closed")
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void shouldStopRunPromptlyOnSigtermWhileItsStartRestoresALongModelsTopic(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka,
                     Map.of(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()))) {
            // Given a models topic of 100 records (another model's, which this instance passes over), each in a batch
            // of its own, and `run`, in a process of its own, whose global consumer fetches one batch at a time and
            // waits 1 s for each (asking for more bytes than it accepts): restoring the models takes 100 s or more
            produceOneBatchEach(kafka, app.topics().models().name(), 100);
            Path settings = app.writeSettingsFile(Map.of(
                    StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", StreamcastConfig.HTTP_PORT_CONFIG, 0,
                    StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 1,
                    StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1_000_000,
                    StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 1_000));
            Path log = dir.resolve("run.log");
            Process run = RunProcess.start(settings, log);
            try {
                bounded().until(() -> !run.isAlive() || Files.readString(log).contains("CREATED -> REBALANCING"));
                assertThat(run.isAlive()).as("run is starting: %s", Files.readString(log)).isTrue();

                // When it is asked to exit (SIGTERM) during the restore
                run.destroy();

                // Then it exits within the close timeout and the JVM's own steps, far within the restore
                assertThat(run.waitFor(StreamcastConfig.CLOSE_TIMEOUT_MS_DEFAULT / 1000 + 10, TimeUnit.SECONDS))
                        .as("exited").isTrue();
            } finally {
                run.destroyForcibly();
            }
            // with the status of any stop on SIGTERM (128 + 15), having closed Kafka Streams, and before the start
            // completed (run prints the endpoints' address once it has)
            assertThat(run.exitValue()).isEqualTo(143);
            assertThat(Files.readString(log))
                    .contains("Streamcast stopped on request: Kafka Streams is in state NOT_RUNNING")
                    .doesNotContain("endpoints at")
                    .doesNotContain("Cannot start Streamcast");
        }
    }

    @Test
    void shouldStopRunPromptlyOnSigtermWhileItSetsUpTopicsThroughAnUnreachableBroker(@TempDir Path dir)
            throws Exception {
        // Given `run`, in a process of its own, whose bootstrap.servers names a port nothing listens on: setting up
        // the topics waits for the broker up to default.api.timeout.ms (1 minute), then fails
        int port = portNothingListensOn();
        Properties properties = new Properties();
        properties.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        properties.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "streamcast-unreachable");
        properties.setProperty(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        properties.setProperty(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:" + port);
        properties.setProperty(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
        properties.setProperty(StreamcastConfig.HTTP_PORT_CONFIG, "0");
        Path settings = dir.resolve("streamcast.properties");
        try (Writer writer = Files.newBufferedWriter(settings)) {
            properties.store(writer, null);
        }
        Path log = dir.resolve("run.log");
        Process run = RunProcess.start(settings, log);
        try {
            // its admin client has tried the broker
            bounded().until(() -> !run.isAlive() || Files.readString(log).contains("127.0.0.1:" + port + ")"));
            assertThat(run.isAlive()).as("run is setting up topics: %s", Files.readString(log)).isTrue();

            // When it is asked to exit (SIGTERM)
            run.destroy();

            // Then it exits far within the setup's wait
            assertThat(run.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
            run.destroyForcibly();
        }
        // with the status of any stop on SIGTERM (128 + 15), having closed the admin client, without an error
        assertThat(run.exitValue()).isEqualTo(143);
        assertThat(Files.readString(log)).contains("Streamcast stopped on request before it started")
                .doesNotContain("Cannot start Streamcast");
    }

    @Test
    void shouldStopWithinTheCloseTimeoutWhenClosedWhileItsFirstRebalanceWaitsForAMemberOfAnEarlierRun(
            KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, EARLIER_MEMBER_OUTLASTS_THE_CLOSE);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             LogCapture closes = LogCapture.of(StreamsStartAndClose.class)) {
            // Given an earlier run of the application, a static member, that ran and was closed: it stays in the
            // group as it closes, until its session (60 s) times out
            StreamcastService earlier = app.startInstance(EARLIER_RUN_STATIC, StreamcastService::start);
            bounded().until(() -> earlier.state() == KafkaStreams.State.RUNNING);
            earlier.close();
            assertThat(earlier.state()).as("the earlier run").isEqualTo(KafkaStreams.State.NOT_RUNNING);
            // and the next run, started: its stream thread's first rebalance waits for that member
            StreamcastNode node = app.startInstance(LOOPBACK_FREE_PORT, StreamcastNode::build);
            assertThat(node.start()).as("started").isTrue();
            bounded().until(() -> groupState(admin, app.applicationId()) == GroupState.PREPARING_REBALANCE);
            assertThat(node.service().state()).isEqualTo(KafkaStreams.State.REBALANCING);

            // When it is closed (from another thread, as run's SIGTERM hook closes it)
            CompletableFuture.runAsync(node::close).get(60, TimeUnit.SECONDS);

            // Then Kafka Streams has stopped as the close returns, within close.timeout.ms (15 s) although the
            // rebalance would wait out the earlier member's session, and nothing is reported amiss
            assertThat(node.service().state()).as("state as the close returns")
                    .isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(node.service().failure()).as("the error that stopped the instance").isNull();
            assertThat(closes.warnings()).as("warnings of the close").isEmpty();
        }
    }

    @Test
    void shouldStopRunOnSigtermWhileItsFirstRebalanceWaitsForTheRunBefore(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = new HashMap<>(EARLIER_MEMBER_OUTLASTS_THE_CLOSE);
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            try (StreamcastFixture app = new StreamcastFixture(kafka, settings);
                 Admin admin = Admin.create(
                         Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                // Given a run of the application, a static member in a process of its own, that ran and was stopped
                // on SIGTERM: it stays in the group until its session (60 s) times out
                Path firstLog = dir.resolve("first.log");
                Map<String, Object> firstSettings = new HashMap<>(LOOPBACK_FREE_PORT);
                firstSettings.putAll(EARLIER_RUN_STATIC);
                Process first = RunProcess.start(app.writeSettingsFile(firstSettings), firstLog);
                try {
                    bounded().until(() -> !first.isAlive() || Files.readString(firstLog).contains("-> RUNNING"));
                    assertThat(first.isAlive()).as("the first run runs: %s", Files.readString(firstLog)).isTrue();
                    first.destroy();
                    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the first run exited").isTrue();
                } finally {
                    first.destroyForcibly();
                }
                assertThat(Files.readString(firstLog))
                        .contains("Streamcast stopped on request: Kafka Streams is in state NOT_RUNNING");
                // and the next run, just after it printed its endpoints, while its first rebalance waits for that
                // member
                Path log = dir.resolve("next.log");
                Process next = RunProcess.start(app.writeSettingsFile(LOOPBACK_FREE_PORT), log);
                try {
                    bounded().until(() -> !next.isAlive() || Files.readString(log).contains("endpoints at")
                            && groupState(admin, app.applicationId()) == GroupState.PREPARING_REBALANCE);
                    assertThat(next.isAlive()).as("the next run is starting: %s", Files.readString(log)).isTrue();

                    // When it is asked to exit (SIGTERM)
                    next.destroy();

                    // Then it exits, once its close has returned
                    assertThat(next.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
                } finally {
                    next.destroyForcibly();
                }
                // with the status of any stop on SIGTERM, having stopped Kafka Streams within close.timeout.ms (15 s)
                // although the rebalance would wait out the first run's session, and says so
                assertThat(next.exitValue()).isEqualTo(143);
                assertThat(Files.readString(log))
                        .contains("Streamcast stopped on request: Kafka Streams is in state NOT_RUNNING")
                        .doesNotContain("Kafka Streams did not stop within");
            }
        }
    }

    /** The state of the consumer group {@code groupId} as the broker tells it. */
    private static GroupState groupState(Admin admin, String groupId) throws Exception {
        return admin.describeConsumerGroups(List.of(groupId)).all().get(30, TimeUnit.SECONDS).get(groupId)
                .groupState();
    }

    /** Writes {@code count} records to {@code topic}, each in a batch of its own: a fetch of one batch reads one. */
    private static void produceOneBatchEach(KafkaCluster kafka, String topic, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, ("another-model@" + i).getBytes(StandardCharsets.UTF_8),
                        new byte[] {1})).get();
            }
        }
    }

    /** A loopback port that was free a moment ago, with nothing listening on it. */
    private static int portNothingListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The live threads whose name holds {@code text}. */
    private static List<String> threadsNamedAfter(String text) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(text)).toList();
    }

    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }
}

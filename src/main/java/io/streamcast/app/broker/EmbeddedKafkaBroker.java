package io.streamcast.app.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) running inside this JVM from Kafka's
 * own server classes, for {@code demo} and the soak test. Its data lives in a temporary directory removed on
 * {@link #close()}, or as soon as its start fails.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path directory;
    private final Properties properties;
    private final String bootstrapServers;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path directory, Properties properties, String bootstrapServers) {
        this.directory = directory;
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats storage, starts the node and waits until it answers. */
    public static EmbeddedKafkaBroker start() {
        try {
            return start(Path.of(System.getProperty("java.io.tmpdir")), freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Kafka broker", e);
        }
    }

    /**
     * As {@link #start()}, with the node's directory made under {@code parent} and given ports, so that a test can
     * make the start fail and see what it leaves behind.
     */
    static EmbeddedKafkaBroker start(Path parent, int brokerPort, int controllerPort) {
        Path directory;
        try {
            directory = Files.createTempDirectory(parent, "streamcast-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Kafka broker", e);
        }
        Properties properties = serverProperties(directory.resolve("data"), brokerPort, controllerPort);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(directory, properties, "localhost:" + brokerPort);
        try {
            broker.formatAndStart();
            return broker;
        } catch (RuntimeException | Error failure) {
            // Nobody holds the broker to close it: a start failing part-way would otherwise leave its directory
            // behind, and a controller that started before the broker failed would go on running in this JVM.
            broker.discardAfter(failure);
            throw failure;
        }
    }

    private void formatAndStart() {
        Path propertiesFile = directory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(propertiesFile)) {
            properties.store(writer, "Streamcast embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Kafka broker", e);
        }
        format(propertiesFile);
        startServer();
        awaitReady(Duration.ofSeconds(60));
    }

    /** Keeps the server before starting it, so that one whose start fails part-way can still be shut down. */
    private void startServer() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
    }

    /** Stops what the failed start started and deletes its directory; the start's failure is the one reported. */
    private void discardAfter(Throwable failure) {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            deleteDirectory();
        } catch (IOException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }

    private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:"
                        + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // One node: every internal topic has one replica, and a new group need not wait for others.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                // A transaction left open by a killed instance holds read_committed readers and its group's committed
                // offsets until the broker aborts it, which it looks for every 10 s by default: up to 10 s past its
                // timeout, for a soak's replacement instances
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))));
        return p;
    }

    /**
     * Formats the node's storage at transaction version 1. At version 2 (Kafka 4's default), Kafka 4.4.0 restarted in
     * the middle of a transaction could complete it on some of its partitions and leave it open on others for good,
     * and read_committed readers of those wait on it for ever: the soak's broker restart met it in 3 of 27 runs (see
     * the README and {@code HangingTransactions}).
     */
    private static void format(Path propertiesFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", propertiesFile.toString(), "--feature", "transaction.version=1"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("Formatting the embedded broker's storage failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The embedded broker did not answer within " + timeout, e);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Shuts the node down, as an operator restarting it would, and starts it again on the same ports and data;
     * returns once it answers again. Clients see the broker go away and come back.
     */
    public synchronized void restart() {
        server.shutdown();
        server.awaitShutdown();
        startServer();
        awaitReady(Duration.ofSeconds(120));
    }

    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
        try {
            deleteDirectory();
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    private void deleteDirectory() throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(directory)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : deepestFirst) {
            Files.delete(path);
        }
    }
}

package io.streamcast.app.cli;

import io.streamcast.app.SettingsLoader;
import io.streamcast.app.StreamcastNode;
import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicSetup;
import io.streamcast.stream.StreamcastConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs Streamcast against an existing Kafka cluster. Settings come from --config and from"
                + " the environment: STREAMCAST_* for Streamcast's settings, KAFKA_* for Kafka Streams and its"
                + " clients (STREAMCAST_MODEL_HIDDEN_SIZE=64 sets model.hidden.size).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file of settings.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        // a bad setting throws a ConfigException, which UserErrors reports in one line
        Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv());
        StreamcastConfig config = new StreamcastConfig(settings);
        new StreamsConfig(config.streamsProperties());
        config.requireRunnable();
        SharedRegistry.require(config, "the events Streamcast reads are written by producers");
        StreamcastNode node;
        try {
            TopicSetup.ensure(config);
            node = StreamcastNode.build(config);
        } catch (RuntimeException e) {
            System.err.println("Cannot start Streamcast: " + UserErrors.withCause(e));
            return 1;
        }
        // before the start, which waits while the models are restored (up to model.registry.wait.ms while the
        // registry is away, as long as a long models topic takes, up to task.timeout.ms for a broker that does not
        // answer): a SIGTERM then must end the start and close the instance too, not leave Kafka Streams unclosed
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeOnRequest(node), "streamcast-shutdown"));
        try {
            if (!node.start()) {
                // the hook closed it during the start, and says so
                return 0;
            }
        } catch (RuntimeException e) {
            System.err.println("Cannot start Streamcast: " + UserErrors.withCause(e));
            return 1;
        }
        System.out.println("Streamcast " + config.applicationId() + ": endpoints at http://"
                + node.httpAddress().getHostString() + ":" + node.httpAddress().getPort());
        StreamcastService service = node.service();
        while (!service.awaitStop(Duration.ofHours(1))) {
            // Runs until the streams stop by themselves or the JVM is asked to exit.
        }
        int status = exitStatus(service);
        node.close();
        return status;
    }

    /** Closes the node when the JVM is asked to exit (SIGTERM), saying so unless {@code call} closed it first. */
    private static void closeOnRequest(StreamcastNode node) {
        boolean open = !node.closed();
        node.close();
        if (open) {
            System.err.println("Streamcast stopped on request: Kafka Streams is in state " + node.service().state());
        }
    }

    /** 1, with a message, when the streams died of an error; 0 when they were stopped. */
    private static int exitStatus(StreamcastService service) {
        Throwable failure = service.failure();
        if (failure == null && service.state() != KafkaStreams.State.ERROR) {
            return 0;
        }
        String cause = "";
        if (failure != null) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            cause = " after an error: " + failure + (root == failure ? "" : "; caused by " + root);
        }
        System.err.println("Streamcast stopped: Kafka Streams is in state " + service.state() + cause);
        return 1;
    }
}

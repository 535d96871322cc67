package io.streamcast.app.cli;

import io.streamcast.app.ApplicationGroup;
import io.streamcast.app.ClusterMismatch;
import io.streamcast.app.DamagedLocalState;
import io.streamcast.app.DeletedKeyStates;
import io.streamcast.app.DeletedTrainerStores;
import io.streamcast.app.FencedInstanceAdvice;
import io.streamcast.app.FileProblems;
import io.streamcast.app.ForeignGroupMembers;
import io.streamcast.app.GroupProtocolSwitch;
import io.streamcast.app.KeyStatePartitions;
import io.streamcast.app.MessageSizeCheck;
import io.streamcast.app.SettingsLoader;
import io.streamcast.app.StreamcastNode;
import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicLimitsRefresh;
import io.streamcast.app.TopicPermissions;
import io.streamcast.app.TopicSetup;
import io.streamcast.app.TrainingAgreement;
import io.streamcast.app.http.EndpointUrl;
import io.streamcast.config.QuietStreamsConfig;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
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

    /** Creates the admin client that sets up the topics; a test gives one that fails. */
    Function<Properties, Admin> admins = Admin::create;
    /** Builds the instance once the topics are set up; a test gives one that fails. */
    Function<StreamcastConfig, StreamcastNode> nodes = StreamcastNode::build;
    /** Starts the reads of the topics' limits while the instance runs; a test gives one that fails. */
    RefreshStart refreshes = TopicLimitsRefresh::start;
    /** Starts the built instance ({@link StreamcastNode#start}); a test gives one that fails. */
    Predicate<StreamcastNode> starts = StreamcastNode::start;

    /** How {@link TopicLimitsRefresh#start} is called. */
    @FunctionalInterface
    interface RefreshStart {
        TopicLimitsRefresh start(StreamcastConfig config, MessageSizeCheck.TopicLimits read, StreamcastNode node);
    }

    /**
     * The SIGTERM hook's steps, when {@link StreamcastCommand#execute} installed the hook before the command line was
     * read; null when run is called otherwise (by a test, or through an argument file), and installs it itself.
     */
    StopOnRequest hooked;

    @Override
    public Integer call() throws Exception {
        StopOnRequest stop = hooked != null ? hooked : hook();
        return stop == null ? 0 : start(stop);
    }

    /**
     * Installs run's SIGTERM hook, its first step saying that run stopped, so that a SIGTERM while the command line is
     * read, the settings are read or the admin client is created prints the stop too; one that comes earlier still,
     * while the JVM starts, ends it before any of Streamcast's code can speak. Each later step is set before it begins:
     * setting up the topics waits up to default.api.timeout.ms for a broker that does not answer, and the start waits
     * while the models are restored (up to model.registry.wait.ms while the registry is away, as long as a long models
     * topic takes, up to task.timeout.ms for a broker that does not answer); a SIGTERM meanwhile must end the step and
     * close what it opened, Kafka Streams above all.
     *
     * @return the hook's steps; null when a SIGTERM came first, which has been said, and run must not begin
     */
    static StopOnRequest hook() {
        StopOnRequest stop = new StopOnRequest(() -> sayStoppedBeforeTheStart(System.err));
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::request, "streamcast-shutdown"));
        } catch (IllegalStateException e) {
            // a SIGTERM came first and the JVM is exiting already, which refuses a hook: say so as it exits
            stop.request();
            return null;
        }
        return stop;
    }

    /** Sets up the topics, starts the instance and runs it until it stops, each step set in {@code stop} first. */
    int start(StopOnRequest stop) throws InterruptedException {
        StreamcastConfig config;
        StreamsConfig streams;
        Path stateDir;
        try {
            // a bad setting throws a ConfigException, which UserErrors reports in one line
            Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv(), System.err::println);
            config = new StreamcastConfig(settings);
            // quiet: the instance's own parse, once the topics are set up, logs the values and Kafka Streams'
            // warnings
            streams = new QuietStreamsConfig(config.streamsProperties());
            config.requireRunnable();
            stateDir = Path.of(streams.getString(StreamsConfig.STATE_DIR_CONFIG).trim());
            SharedRegistry.require(config, "the events Streamcast reads are written by producers");
        } catch (RuntimeException | Error e) {
            // the exit that reports it is no stop on request
            if (stop.next(StopOnRequest.NOTHING)) {
                throw e;
            }
            return 0;
        }
        MessageSizeCheck.TopicLimits topicLimits;
        try (Admin admin = admins.apply(config.streamsProperties())) {
            if (!stop.next(() -> stopBeforeTheStart(admin))) {
                return 0;
            }
            System.out.println("Streamcast " + config.applicationId() + ": " + TopicSetup.waitingFor(config));
            TopicSetup.ensure(admin, config);
            TopicPermissions.require(admin, config);
            KeyStatePartitions.require(admin, config);
            // read once for both checks, each of which only adds a guard: a group that cannot be read passes them
            ApplicationGroup.read(admin, config).ifPresent(group -> {
                // first: the others' advice (group.protocol, training.enabled) is for a group of instances
                ForeignGroupMembers.require(group);
                GroupProtocolSwitch.require(group, config);
                TrainingAgreement.require(group, config, () -> ApplicationGroup.read(admin, config));
            });
            DeletedKeyStates.sayIfDeletedAtStart(admin, config);
            DeletedTrainerStores.sayIfDeletedAtStart(admin, config);
            topicLimits = MessageSizeCheck.require(admin, config);
        } catch (ClusterMismatch e) {
            // a group or topics the settings do not fit: UserErrors says so in one line, exit status 2, as of a bad
            // setting
            if (stop.next(StopOnRequest.NOTHING)) {
                throw e;
            }
            return 0;
        } catch (RuntimeException e) {
            // a request meanwhile closed the admin client, which failed the setup, and the hook says so
            return stop.next(StopOnRequest.NOTHING) ? cannotStart(e) : 0;
        } catch (Error e) {
            // the exit it brings runs the hook, whose step would say that run stopped on request
            if (stop.next(StopOnRequest.NOTHING)) {
                throw e;
            }
            return 0;
        }
        StreamcastNode node;
        try {
            node = nodes.apply(config);
        } catch (RuntimeException e) {
            return stop.next(StopOnRequest.NOTHING) ? cannotStart(e) : 0;
        } catch (Error e) {
            // the hook's step is still the topic setup's, which would say that run stopped on request
            if (stop.next(StopOnRequest.NOTHING)) {
                throw e;
            }
            return 0;
        }
        TopicLimitsRefresh refresh;
        try {
            // before the start, which reads the models and sends dead letters
            topicLimits.keyStates().ifPresent(limit -> node.service().models().limitStoredState(
                    RecordSizeCheck.largestModelState(config, limit)));
            topicLimits.deadLetters().ifPresent(node.service().sendLimits()::deadLetterTopicTakes);
            topicLimits.outputs().ifPresent(node.service().sendLimits()::outputTopicsTake);
            // read again while the instance runs: an operator may lower a limit meanwhile
            refresh = refreshes.start(config, topicLimits, node);
        } catch (RuntimeException e) {
            node.close();
            return stop.next(StopOnRequest.NOTHING) ? cannotStart(e) : 0;
        } catch (Error e) {
            // the hook's step is still the topic setup's, which would say that run stopped on request though nobody
            // asked, and leave the node open
            return closeOnError(node, stop, e);
        }
        try {
            return runUntilStopped(node, stop, refresh, stateDir, config);
        } finally {
            refresh.close();
        }
    }

    /**
     * Closes the node after {@code e}, which then ends run as the failure it is (stack trace, exit status 1). The
     * hook's step becomes the node's close, which says nothing and which a request during this close awaits, where the
     * JVM would halt once the hook returned.
     *
     * @return 0 when a request came first: the hook says that run stopped, or nothing where the failed start had
     *         closed the node already, so the Error is printed too
     */
    private static int closeOnError(StreamcastNode node, StopOnRequest stop, Error e) {
        boolean first = stop.next(node::close);
        node.close();
        if (first) {
            throw e;
        }
        e.printStackTrace();
        return 0;
    }

    /** Starts the node and waits until it stops, by itself or on request. */
    private int runUntilStopped(StreamcastNode node, StopOnRequest stop, TopicLimitsRefresh refresh,
                                Path stateDir, StreamcastConfig config) throws InterruptedException {
        if (!stop.next(() -> {
            refresh.close();
            closeOnRequest(node);
        })) {
            node.close();
            return 0;
        }
        try {
            if (!starts.test(node)) {
                // the hook closed it during the start, and says so
                return 0;
            }
        } catch (RuntimeException e) {
            node.close(); // closed by the failed start already: made sure of before its state is touched
            int status = cannotStart(e);
            removeDamagedState(e, stateDir, config.applicationId());
            return status;
        } catch (Error e) {
            // the hook's step is the node's close, which would say that run stopped on request though nobody asked,
            // where the Error's exit is the failure (the failed start has closed the node already)
            return closeOnError(node, stop, e);
        }
        System.out.println(
                "Streamcast " + config.applicationId() + ": endpoints at " + EndpointUrl.of(node.httpAddress()));
        StreamcastService service = node.service();
        while (!service.awaitStop(Duration.ofHours(1))) {
            // Runs until the streams stop by themselves or the JVM is asked to exit.
        }
        int status = exitStatus(service, config);
        node.close();
        removeDamagedState(service.failure(), stateDir, config.applicationId());
        return status;
    }

    private static int cannotStart(RuntimeException e) {
        System.err.println("Cannot start Streamcast: " + UserErrors.withCause(e));
        return 1;
    }

    /**
     * Once the instance has stopped, removes the local state of a task whose store RocksDB found damaged, which would
     * otherwise fail every restart, and says so: the next start restores it from its changelog.
     */
    private static void removeDamagedState(Throwable failure, Path stateDir, String applicationId) {
        if (failure == null) {
            return;
        }
        try {
            DamagedLocalState.remove(failure, stateDir, applicationId)
                    .ifPresent(removed -> System.err.println("Streamcast: " + removed));
        } catch (UncheckedIOException e) {
            System.err.println("Streamcast: " + e.getMessage() + ": " + FileProblems.reason(e.getCause())
                    + "; remove it by hand, and the next start rebuilds it from the changelog topics");
        }
    }

    /** Ends the topics' setup when the JVM is asked to exit: the admin client's calls under way fail at once. */
    private static void stopBeforeTheStart(Admin admin) {
        admin.close(Duration.ZERO);
        sayStoppedBeforeTheStart(System.err);
    }

    /** Says that {@code run} stopped on request before it started, flushed: the JVM halts once the hook returns. */
    static void sayStoppedBeforeTheStart(PrintStream err) {
        err.println("Streamcast stopped on request before it started");
        err.flush();
    }

    /** Closes the node when the JVM is asked to exit (SIGTERM), saying so unless {@code call} closed it first. */
    private static void closeOnRequest(StreamcastNode node) {
        boolean open = !node.closed();
        node.close();
        if (open) {
            System.err.println(stoppedOnRequest(node.service().state(), node.service().closeTimeout()));
        }
    }

    /**
     * What {@code run} prints as it stops on request, its close having left Kafka Streams in {@code state}: a stop,
     * or a close that {@code closeTimeout} cut short, which the JVM's exit then ends wherever it is.
     */
    static String stoppedOnRequest(KafkaStreams.State state, Duration closeTimeout) {
        if (state.hasCompletedShutdown()) {
            return "Streamcast stopped on request: Kafka Streams is in state " + state;
        }
        return "Streamcast stopped on request before Kafka Streams had closed: it is in state " + state + " after "
                + StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG + " (" + closeTimeout.toMillis() + " ms)";
    }

    /**
     * What to grant when the cluster refused the producers' transactional ids: under exactly-once every producer of
     * Kafka Streams uses one that starts with the application id, which the refusal does not say.
     */
    private static String transactionalIdHint(String applicationId) {
        return ". Under exactly-once (processing.guarantee) Kafka Streams' producers use transactional ids starting"
                + " with the application id: grant WRITE and DESCRIBE on the TransactionalId prefix " + applicationId;
    }

    /** 1, with a message, when the streams died of an error; 0 when they were stopped. */
    private static int exitStatus(StreamcastService service, StreamcastConfig config) {
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
            cause = " after an error: " + failure + (root == failure ? "" : "; caused by " + root)
                    + (root instanceof TransactionalIdAuthorizationException
                    ? transactionalIdHint(config.applicationId())
                    : KeyStatePartitions.adviceOn(root, config) + FencedInstanceAdvice.adviceOn(root, config)
                    + GroupProtocolSwitch.adviceOn(root, config) + TrainingAgreement.adviceOn(root, config));
        }
        System.err.println("Streamcast stopped: Kafka Streams is in state " + service.state() + cause);
        return 1;
    }
}

package io.streamcast.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.DeadLetterProcessingHandler;
import io.streamcast.stream.KeyStateFormat;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.RegistryOutageWait;
import io.streamcast.stream.SendLimits;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.stream.TrainingHistory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Streamcast instance: the topology built from configuration, run by Kafka Streams. A stream thread
 * that dies of an unexpected error stops the whole instance (state ERROR) rather than leaving it half alive, so
 * that {@code run} can exit and an orchestrator restart it; one that dies while a broker restarts or the schema
 * registry cannot be reached is replaced, a bounded number of times ({@link StreamThreadFailures}); the models'
 * global thread, which cannot be replaced, waits for such a registry instead, for a bounded time, and a close ends
 * that wait ({@link io.streamcast.stream.RegistryOutageWait}).
 */
public final class StreamcastService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamcastService.class);

    /** A stream thread's reported state while it processes its tasks (Kafka Streams' StreamThread.State). */
    private static final String THREAD_RUNNING = "RUNNING";

    private final StreamcastConfig config;
    private final StreamcastTopology topology;
    private final KafkaStreams streams;
    private final StreamsStartAndClose lifecycle;
    private volatile Throwable failure;
    /** Counted down as the instance closes: ends a stream thread's pause before it is replaced. */
    private final CountDownLatch closed = new CountDownLatch(1);

    private StreamcastService(StreamcastConfig config, MeterRegistry registry) {
        config.requireRunnable();
        LOG.info("LSTM step: {}", LstmModel.engine());
        this.config = config;
        this.topology = StreamcastTopology.build(config, new StreamcastMetrics(registry));
        Properties properties = streamsProperties(config, topology);
        // parsed once, for the client supplier and for Kafka Streams: each parse logs Kafka Streams' warnings again
        StreamsConfig streamsConfig = new StreamsConfig(properties);
        ConsumerWakeups clients = new ConsumerWakeups(streamsConfig.getKafkaClientSupplier(),
                !properties.containsKey(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG),
                config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) ? null
                        : config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG));
        this.streams = new KafkaStreams(topology.topology(), streamsConfig, clients);
        this.lifecycle = new StreamsStartAndClose(streams, clients, closeTimeout(), isStaticMember(properties),
                config.applicationId());
        // a close ends the pause before a replacement, which a closing Kafka Streams would not start anyway
        StreamThreadFailures failures = new StreamThreadFailures(System::currentTimeMillis,
                millis -> closed.await(millis, TimeUnit.MILLISECONDS));
        streams.setUncaughtExceptionHandler(error -> {
            StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = failures.respond(error,
                    Thread.currentThread().getName());
            // an output topic deleted by hand fails each replacement thread alike until it exists again
            List<String> recreated = response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD && !lifecycle.closing()
                    && Causes.include(error, UnknownTopicOrPartitionException.class)
                    ? DeletedTopics.createAgain(config) : List.of();
            if (lifecycle.closing() && Causes.include(error, WakeupException.class)) {
                // the close's wake-up of a stream thread still in its first rebalance, or of the global consumer just
                // after the start had returned: the instance is closing anyway, and nothing failed
                LOG.info("{} ended by the close", Thread.currentThread().getName());
            } else if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD
                    && Causes.include(error, UnreleasedInstanceIdException.class)) {
                LOG.warn("The broker refused this member's group.instance.id: a member with that id is still in the"
                        + " group, one that ended without a close (until its session times out) or another live"
                        + " instance given the same id; joining again: {}", error.getMessage());
            } else if (!recreated.isEmpty()) {
                LOG.warn("Stream thread failed: topics {} were deleted while this instance ran; created them again as"
                        + " at start-up, and replacing the thread: {}", String.join(", ", recreated),
                        error.getMessage());
            } else if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
                // a retriable error: a broker or the registry unreachable, a topic's metadata not there yet
                LOG.warn("Stream thread failed on an error that may pass (a broker, a topic or the schema registry"
                        + " unavailable); replacing it", error);
            } else {
                failure = error;
                String thread = Thread.currentThread().getName();
                // the global thread holds the models: an operator reading "stream thread" would look elsewhere
                String which = thread.endsWith(StreamThreadFailures.GLOBAL_THREAD_SUFFIX)
                        ? "The models' thread (" + thread + ")" : "Stream thread " + thread;
                LOG.error("{} failed; stopping this instance: {}", which, Causes.innermostMessage(error), error);
            }
            return response;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.PENDING_SHUTDOWN) {
                // Kafka Streams stops only once its global thread has ended, however long that waits on the registry:
                // end the wait whether the instance closes or stops after a stream thread's failure
                topology.registryWait().end();
            }
            lifecycle.stateChanged(now);
        });
    }

    /**
     * Kafka Streams' settings for an instance running {@code topology}: the configuration's, and the objects that the
     * processing exception handler Kafka Streams creates counts its dead letters into and fits them to (the limits
     * that {@code run} sets once it has read the topics').
     */
    static Properties streamsProperties(StreamcastConfig config, StreamcastTopology topology) {
        Properties properties = config.streamsProperties();
        properties.put(DeadLetterProcessingHandler.METRICS_CONFIG, topology.metrics());
        properties.put(DeadLetterProcessingHandler.SEND_LIMITS_CONFIG, topology.sendLimits());
        return properties;
    }

    /**
     * Builds and starts an instance; returns once the models are restored, while it joins the group and restores
     * its key states.
     */
    public static StreamcastService start(StreamcastConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /** Builds and starts an instance whose meters go to {@code registry}. */
    public static StreamcastService start(StreamcastConfig config, MeterRegistry registry) {
        StreamcastService service = build(config, registry);
        service.start();
        return service;
    }

    /**
     * Builds an instance whose meters go to {@code registry}, not yet started: a caller that must be able to close it
     * while it starts (the start waits for the models' restore) holds it before {@link #start()}.
     */
    public static StreamcastService build(StreamcastConfig config, MeterRegistry registry) {
        return new StreamcastService(config, registry);
    }

    /**
     * Starts the streams; returns once the models are restored. A start that fails has closed the instance before it
     * throws: Kafka Streams stops a failed start on a thread of its own, and would otherwise still be closing its
     * clients when the caller hears of the failure (and, say, starts again on the same state directory).
     *
     * @return true when started; false when {@link #close} was called first (from another thread): the instance is
     *         closed and nothing was started, which is no failure
     */
    public boolean start() {
        try {
            return lifecycle.start();
        } catch (Throwable e) {
            // an Error too: a failed start's callers hold no instance to close, or do not close one whose start threw
            try {
                close();
            } catch (Throwable closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ModelCatalog models() {
        return topology.models();
    }

    public KeyStateFormat keyStates() {
        return topology.keyStates();
    }

    public StreamcastMetrics metrics() {
        return topology.metrics();
    }

    /** The limits this instance's outputs and dead letters are fitted to: {@code run} sets the dead-letter topic's. */
    public SendLimits sendLimits() {
        return topology.sendLimits();
    }

    /** What this instance predicted recently, for the web console. */
    public RecentActivity recent() {
        return topology.recent();
    }

    /** The training round reports this instance has read, for the web console. */
    public TrainingHistory trainingHistory() {
        return new TrainingHistory(streams, topology.topics().trainingRounds());
    }

    public StreamcastConfig config() {
        return config;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Each stream thread that has not run since it started, as its name and the state Kafka Streams reports for it:
     * while the streams read RUNNING, a thread that replaces a failed one waits to join the group, reported as CREATED
     * (Kafka Streams refreshes a thread's reported state when it is created and when it starts running).
     */
    public List<String> threadsNotRunning() {
        return streams.metadataForLocalThreads().stream()
                .filter(thread -> !THREAD_RUNNING.equals(thread.threadState()))
                .map(thread -> thread.threadName() + " " + thread.threadState()).toList();
    }

    /** Whether a stream thread of this instance runs the trainer's task, the reader of the training samples. */
    public boolean runsTrainer() {
        TopicPartition samples = new TopicPartition(topology.topics().trainingSamples().name(), 0);
        return streams.metadataForLocalThreads().stream().anyMatch(thread -> thread.activeTasks().stream()
                .anyMatch(task -> task.topicPartitions().contains(samples)));
    }

    /** The models' global thread's wait for the schema registry, or empty when it does not wait. */
    public Optional<RegistryOutageWait.Waiting> modelsRegistryWait() {
        return topology.registryWait().waiting();
    }

    /**
     * Whether the instance is starting: not yet RUNNING since it was built, and not stopping. The state alone
     * (CREATED, then REBALANCING while the models are restored and the stream threads join the group) does not tell
     * a start from a later rebalance, when the instance has its models and predicts again once the rebalance ends.
     */
    public boolean starting() {
        return lifecycle.starting();
    }

    /** Whether the streams have been RUNNING since the instance was built: its start has ended. */
    public boolean ran() {
        return lifecycle.ran();
    }

    /** The error that stopped this instance, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Waits until the instance stops by itself (an error) or {@code timeout} passes; true when stopped. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return lifecycle.awaitStopped(timeout);
    }

    /**
     * Whether the instance's stream threads join their group as static members: {@code group.instance.id} set, for
     * the main consumer or all consumers.
     */
    private static boolean isStaticMember(Properties properties) {
        String id = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
        return properties.containsKey(id) || properties.containsKey(StreamsConfig.consumerPrefix(id))
                || properties.containsKey(StreamsConfig.mainConsumerPrefix(id));
    }

    /** How long a close waits for Kafka Streams to stop ({@code close.timeout.ms}). */
    public Duration closeTimeout() {
        return Duration.ofMillis(config.getInt(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG));
    }

    /**
     * Closes the instance, waiting up to {@link #closeTimeout()} for Kafka Streams to stop. Called while another thread
     * starts the instance, it ends the start at once, whatever it waits for (the schema registry, a long models topic,
     * a broker that does not answer), and closes the instance: the start returns false.
     */
    @Override
    public void close() {
        closed.countDown();
        // before Kafka Streams' last commit, which comes before the trainer's own close
        topology.trainerStandDown().standDown();
        // as the state listener does; said here too, where the close is, so that no change of listener makes it hang
        lifecycle.close(topology.registryWait()::end);
    }
}

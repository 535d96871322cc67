package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and closes one Kafka Streams client, where the start and the close come from different threads ({@code
 * run}'s main thread and its SIGTERM hook) and either may come first. A close ends a start under way at once, whatever
 * the start waits for (the schema registry, a long models topic, a broker that does not answer), so that an
 * orchestrator's SIGTERM is answered within its grace period; a start after a close starts nothing. A close that did
 * not see Kafka Streams stop within the close timeout says so.
 */
final class StreamsStartAndClose {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsStartAndClose.class);
    /** Kafka Streams' names of a stream thread's states before its first assignment. */
    private static final Set<String> BEFORE_FIRST_ASSIGNMENT = Set.of("CREATED", "STARTING");

    private final KafkaStreams streams;
    private final ConsumerWakeups consumers;
    private final Duration closeTimeout;
    private final CloseOptions closeOptions;
    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down once Kafka Streams leaves CREATED, REBALANCING and RUNNING: it is stopping, or stopped. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Whether the streams have been RUNNING since they were built. */
    private volatile boolean ran;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean closing;
    /** Whether {@link #start} is under way; guarded by {@link #lock}. */
    private boolean startInProgress;
    /** The main consumers of the stream threads a close found before their first assignment, ended once it stops. */
    private volatile List<String> firstJoinConsumers = List.of();

    /**
     * @param consumers    the client supplier {@code streams} was built with, which can wake its consumers
     * @param closeTimeout how long a close waits for the streams to stop
     * @param staticMember whether the instance is a static member of its group ({@code group.instance.id}), which a
     *                     close leaves in the group so that a restart within the session gets its tasks back without
     *                     a rebalance; a dynamic member leaves the group as it closes: Kafka Streams' own default
     *                     keeps it there until its session times out ({@code session.timeout.ms}, 45 s), and
     *                     meanwhile its partitions are processed by no one and a restarted instance's first rebalance
     *                     waits for it
     * @param name         names the thread a close during a start runs on (the application id)
     */
    StreamsStartAndClose(KafkaStreams streams, ConsumerWakeups consumers, Duration closeTimeout, boolean staticMember,
                         String name) {
        this.streams = streams;
        this.consumers = consumers;
        this.closeTimeout = closeTimeout;
        this.closeOptions = CloseOptions.timeout(closeTimeout).withGroupMembershipOperation(staticMember
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        this.name = name;
    }

    /** To be called by the streams' state listener with each new state. */
    void stateChanged(KafkaStreams.State now) {
        if (now == KafkaStreams.State.RUNNING) {
            ran = true;
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
        if (!now.isRunningOrRebalancing() && now != KafkaStreams.State.CREATED) {
            stopping.countDown();
        }
        if (now == KafkaStreams.State.PENDING_SHUTDOWN) {
            // only now: ended earlier, a thread would fail while the instance still runs, and be replaced
            consumers.endFirstJoins(firstJoinConsumers);
        }
    }

    /**
     * Starts the streams; returns once the global stores are restored.
     *
     * @return true when started; false when {@link #close} came first, or ended the start: nothing more is started,
     *         which is no failure
     * @throws RuntimeException the start's failure, when no close caused it
     */
    boolean start() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            startInProgress = true;
        }
        try {
            streams.start();
            // a close that came while the start ran has stopped, or is stopping, what it started
            return !closing();
        } catch (RuntimeException e) {
            if (closing()) {
                // the instance was asked to stop, and the close stops it: no failure to report, but a start that
                // failed for a reason of its own as the close came is still told
                if (endedByTheClose(e)) {
                    LOG.info("Start not completed: the instance was closed meanwhile ({})", e.toString());
                } else {
                    LOG.warn("Start failed while the instance was being closed", e);
                }
                return false;
            }
            throw e;
        } finally {
            synchronized (lock) {
                startInProgress = false;
            }
        }
    }

    /**
     * What a start ended by a close throws: the woken global consumer's exception, or Kafka Streams' refusal to start
     * a client a close has already stopped.
     */
    private static boolean endedByTheClose(Throwable error) {
        return Causes.include(error, WakeupException.class, IllegalStateException.class);
    }

    /** Whether a close has been asked for. */
    boolean closing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Whether the streams have been RUNNING since they were built. */
    boolean ran() {
        return ran;
    }

    /**
     * Whether the streams are starting: not yet RUNNING since they were built, and not stopping. The state alone
     * (CREATED, then REBALANCING while the models are restored and the stream threads join the group) does not tell
     * a start from a later rebalance.
     */
    boolean starting() {
        KafkaStreams.State now = streams.state();
        return !ran && (now == KafkaStreams.State.CREATED || now == KafkaStreams.State.REBALANCING);
    }

    /** Waits until the streams stop (a close, or an error) or {@code timeout} passes; true when stopped. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the streams, waiting up to the close timeout for them to stop, ending a start under way on another thread
     * (which then returns false). Stream threads still in their first rebalance are ended at once rather than left to
     * wait until it completes: they have no task to commit or close, and the rebalance can wait for a member of an
     * earlier run of the application until its session times out ({@code session.timeout.ms}, 45 s by default), past
     * the close timeout. Streams that did not stop in time are logged as a warning naming their state.
     *
     * @param endWaits ends what the start may wait for on our side (the registry wait), run once the close is
     *                 known, so that a start it ends is not taken for a failed one
     */
    void close(Runnable endWaits) {
        boolean duringStart;
        synchronized (lock) {
            closing = true;
            duringStart = startInProgress;
        }
        endWaits.run();
        firstJoinConsumers = consumersBeforeTheirFirstAssignment();
        // true once Kafka Streams is NOT_RUNNING, or in ERROR after a failure
        boolean stopped = duringStart ? closeDuringStart() : streams.close(closeOptions);
        if (!stopped) {
            LOG.warn("Kafka Streams did not stop within {} ({} ms): it is in state {}, and what it has not closed is"
                    + " cut short", StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, closeTimeout.toMillis(), streams.state());
        }
    }

    /**
     * The main consumers of the stream threads that have not had an assignment yet (Kafka Streams' thread state
     * CREATED, which a started thread keeps until its first step, or STARTING; no task): a thread that has tasks is
     * left to close them cleanly, however long its rebalance takes.
     */
    private List<String> consumersBeforeTheirFirstAssignment() {
        return streams.metadataForLocalThreads().stream()
                .filter(thread -> BEFORE_FIRST_ASSIGNMENT.contains(thread.threadState()))
                .filter(thread -> thread.activeTasks().isEmpty() && thread.standbyTasks().isEmpty())
                .map(ThreadMetadata::consumerClientId).toList();
    }

    /**
     * {@code KafkaStreams.close(Duration)} would wait for {@code start()} to return (both hold the client's lock), and
     * the start waits until the global stores are restored. The close without a timeout does not take that lock: on a
     * thread of its own it moves Kafka Streams to PENDING_SHUTDOWN at once, and only then is the global consumer woken
     * up out of the restore, so that the global thread ends as part of a close, not as a failure that would stop the
     * instance in state ERROR. The start then throws, and {@link #start} returns false.
     */
    private boolean closeDuringStart() {
        Thread closer = new Thread(streams::close, name + "-close-during-start");
        // the JVM's exit must not wait for a close that outlasts the timeout
        closer.setDaemon(true);
        closer.start();
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        try {
            if (stopping.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                consumers.wakeUpGlobalConsumer();
            }
            boolean stoppedInTime = stopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            // the closer ends once Kafka Streams has closed its clients, a little after the state says it stopped
            closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            return stoppedInTime && !closer.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

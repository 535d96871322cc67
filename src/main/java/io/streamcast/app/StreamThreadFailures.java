package io.streamcast.app;

import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a stream thread's failure does to the instance. A failure a passing state explains replaces the thread, which
 * rejoins the group and tries again: the cluster's (a broker restarting: Kafka Streams could not create or check an
 * internal topic while every broker was fenced, or another retriable error reached the thread) or the schema
 * registry's (a record's writer schema could not be fetched because the registry could not be reached, answered 5xx,
 * or did not answer within {@code schema.registry.call.timeout.ms}: {@link SchemaRegistryUnavailableException}).
 * Anything else stops the instance (state ERROR), so that {@code run} exits and an orchestrator restarts it. So do
 * more than {@link #MAX_REPLACEMENTS} replacements within {@link #WINDOW}: a cluster or registry that stays away is
 * not passing.
 *
 * <p>Why: a rebalance that ran while the only broker restarted made Kafka Streams fail to create a changelog topic
 * ({@code InvalidReplicationFactorException}: all brokers fenced), and the instance stopped although nothing was
 * wrong with it or its data (seen in the kill -9 soak). A registry away for a few seconds stopped every instance that
 * met a schema id it had not cached, all at once, likewise. Under exactly-once a replaced thread loses and duplicates
 * nothing: its open transaction is aborted and its tasks resume from their last commit, so the record is read again.
 * A registry that answered that the schema does not exist is no outage: that record is at fault and is dead-lettered
 * ({@code SchemaMismatchException}), never reaching this class. Nor is a registry that refused the credentials (401,
 * 403: {@link SchemaRegistryCredentialsRefusedException}): no replacement mends them, so the instance stops at once,
 * with the registry's answer naming the credential settings, rather than after five rebalances.
 *
 * <p>A static member whose {@code group.instance.id} the broker still holds is waited for apart from those
 * replacements. Under the streams rebalance protocol ({@code group.protocol=streams}) the broker refuses a member the
 * id of one that ended without a close (SIGKILL, a lost node) until that one's session times out
 * ({@link UnreleasedInstanceIdException}), where the classic protocol hands it over at once: an instance restarted at
 * once would otherwise stop, restart after restart, for a whole session. Its thread is replaced after a pause (1 s,
 * doubling up to {@link #ID_RETRY_PAUSE_MAX}) for up to {@link #ID_RELEASE_WAIT}, longer than the broker's longest
 * session by default ({@code group.streams.max.session.timeout.ms}, 60 s); an id held longer stops the instance.
 * (Kafka Streams 4.4 gives a replacement the next thread index and so the id {@code <group.instance.id>-2}, which
 * nobody holds: it joins at once, and the killed member's tasks reach it when that member's session ends.)
 */
final class StreamThreadFailures {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    static final Duration ID_RELEASE_WAIT = Duration.ofMinutes(2);
    static final Duration ID_RETRY_PAUSE_MAX = Duration.ofSeconds(5);

    /** A pause of the failed thread before its replacement, which a close or an interruption ends early. */
    interface Pause {
        void millis(long millis) throws InterruptedException;
    }

    private final LongSupplier clock;
    private final Pause pause;
    private final Deque<Long> replacements = new ArrayDeque<>();
    /** When the broker first refused a held {@code group.instance.id} in this run of refusals; -1 while none. */
    private long firstIdRefusal = -1;
    private long lastIdRefusal;
    private int idRefusals;

    /** @param clock milliseconds, for the window */
    StreamThreadFailures(LongSupplier clock) {
        this(clock, Thread::sleep);
    }

    /**
     * @param clock milliseconds, for the windows
     * @param pause how a thread refused a held {@code group.instance.id} waits before it is replaced
     */
    StreamThreadFailures(LongSupplier clock, Pause pause) {
        this.clock = clock;
        this.pause = pause;
    }

    /** Kafka Streams names its global thread (the models' store) {@code <client id>-GlobalStreamThread}. */
    static final String GLOBAL_THREAD_SUFFIX = "-GlobalStreamThread";

    /** The response to {@code error} on a stream thread, counting a replacement it makes. */
    StreamThreadExceptionResponse respond(Throwable error) {
        return respond(error, "");
    }

    /**
     * The response to {@code error} on the thread named {@code threadName}. Kafka Streams cannot replace its global
     * thread and shuts the instance down whatever the answer, so its failure is never counted as a replacement. (The
     * global thread rides out a registry outage itself, for {@code model.registry.wait.ms}: its failure that reaches
     * here is one that lasted longer.)
     */
    StreamThreadExceptionResponse respond(Throwable error, String threadName) {
        if (threadName.endsWith(GLOBAL_THREAD_SUFFIX)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (Causes.include(error, UnreleasedInstanceIdException.class)) {
            return waitForTheHeldInstanceId();
        }
        return passing(error) ? countReplacement() : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * Replaces a thread the broker refused a held {@code group.instance.id} once it has paused, within
     * {@link #ID_RELEASE_WAIT} of the first such refusal; a refusal that comes after a longer quiet starts a new wait.
     * The pause runs outside the lock, so that the threads of one instance, all refused, wait side by side.
     */
    private StreamThreadExceptionResponse waitForTheHeldInstanceId() {
        long pauseMillis;
        synchronized (this) {
            long now = clock.getAsLong();
            if (firstIdRefusal < 0 || now - lastIdRefusal > ID_RELEASE_WAIT.toMillis()) {
                firstIdRefusal = now;
                idRefusals = 0;
            }
            lastIdRefusal = now;
            if (now - firstIdRefusal >= ID_RELEASE_WAIT.toMillis()) {
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            pauseMillis = Math.min(ID_RETRY_PAUSE_MAX.toMillis(), 1_000L << Math.min(idRefusals, 20));
            idRefusals++;
        }
        try {
            pause.millis(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private synchronized StreamThreadExceptionResponse countReplacement() {
        long now = clock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() >= WINDOW.toMillis()) {
            replacements.pollFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * Whether {@code error} or one of its causes is a broker's or the schema registry's passing state. A registry that
     * refused the credentials is none: each replacement would wait out a rebalance to be refused again.
     */
    static boolean passing(Throwable error) {
        for (Throwable e : Causes.chain(error)) {
            if (e instanceof SchemaRegistryCredentialsRefusedException) {
                return false;
            }
            if (e instanceof RetriableException || e instanceof InvalidReplicationFactorException
                    || e instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}

package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the models' global thread rides out a schema registry it cannot reach: it reads the same record again, after a
 * pause that doubles (with jitter) up to a ceiling, until the registry answers, for at most {@code giveUpAfter}.
 * Why: Kafka Streams cannot replace its global thread, so an error there stops the whole instance at once, although
 * its stream threads could go on predicting with the model in use; the stream threads themselves ride out an outage
 * for a bounded time ({@code io.streamcast.app.StreamThreadFailures}), and so does this thread. A registry that stays
 * away longer stops the instance, with an error that names it; one that refuses the credentials stops it at once.
 *
 * <p>The global thread holds no transaction and belongs to no consumer group, so its wait costs nothing but the
 * models' and training reports' freshness. {@link #end} ends every wait at once: the instance is closing, and a close
 * must not wait out the registry. Kafka Streams restores the models' store through the same processor at start-up,
 * so there the wait holds the start, within the same bound.
 */
public final class RegistryOutageWait {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageWait.class);
    /** The shortest pause between reads, whatever the registry client's retry wait says (it may be 0). */
    static final long MIN_PAUSE_MS = 50;

    private final Duration giveUpAfter;
    private final long firstPauseMillis;
    private final long longestPauseMillis;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The wait under way, for the metrics and the health report: meanwhile no model or training report is read. */
    private final AtomicReference<Waiting> waiting = new AtomicReference<>();

    /**
     * A wait under way.
     *
     * @param since     when the first read of the record began, from which the wait is counted
     * @param reading   the record read, e.g. "the model record under key default@3"
     * @param givesUpAt when the instance stops unless a read succeeds first: {@code since} and {@code giveUpAfter}
     */
    public record Waiting(Instant since, String reading, Instant givesUpAt) {
    }

    /**
     * @param giveUpAfter how long one record's reads may fail before the instance stops
     * @param firstPause  the pause after the first failed read, doubled after each further one
     * @param longestPause the longest pause
     */
    public RegistryOutageWait(Duration giveUpAfter, Duration firstPause, Duration longestPause) {
        this.giveUpAfter = giveUpAfter;
        this.firstPauseMillis = Math.max(MIN_PAUSE_MS, firstPause.toMillis());
        this.longestPauseMillis = Math.max(firstPauseMillis, longestPause.toMillis());
    }

    /**
     * What {@code read} returns, read again while it fails because the registry cannot be reached.
     *
     * @param what the record read, for the log and the error, e.g. "the model record under key default@3"
     * @return the value read, or empty once {@link #end} was called (now or during the wait): nothing was read
     * @throws SchemaRegistryUnavailableException when the reads failed for longer than {@code giveUpAfter}, naming
     *         the setting and the registry's last error
     */
    public <T> Optional<T> read(Supplier<T> read, String what) {
        try {
            return readAgainWhileUnavailable(read, what);
        } finally {
            waiting.set(null);
        }
    }

    /** The wait under way, or empty while the reads succeed. */
    public Optional<Waiting> waiting() {
        return Optional.ofNullable(waiting.get());
    }

    private <T> Optional<T> readAgainWhileUnavailable(Supplier<T> read, String what) {
        long start = System.nanoTime();
        Instant since = Instant.now();
        long pause = firstPauseMillis;
        int failures = 0;
        while (!ended()) {
            try {
                T value = read.get();
                if (failures > 0) {
                    LOG.info("The schema registry answered after {} failed reads of {} in {} ms", failures, what,
                            elapsedMillis(start));
                }
                return Optional.of(value);
            } catch (SchemaRegistryCredentialsRefusedException e) {
                // no wait mends refused credentials
                throw e;
            } catch (SchemaRegistryUnavailableException e) {
                failures++;
                long left = giveUpAfter.toMillis() - elapsedMillis(start);
                if (left <= 0) {
                    throw gaveUp(e, what, failures);
                }
                if (failures == 1) {
                    waiting.set(new Waiting(since, what, since.plus(giveUpAfter)));
                    LOG.warn("Cannot read {}: {}; keeping the model in use and reading it again for up to {} ms"
                            + " ({})", what, e.getMessage(), giveUpAfter.toMillis(),
                            StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG);
                }
                long jittered = pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
                pauseFor(Math.min(jittered, left), e);
                pause = Math.min(longestPauseMillis, 2 * pause);
            }
        }
        if (failures > 0) {
            LOG.info("Stopped reading {} again: the instance is closing", what);
        }
        return Optional.empty();
    }

    /** Ends the wait under way, and every one to come: the instance is closing. */
    public void end() {
        ended.countDown();
    }

    /** Whether {@link #end} was called. */
    public boolean ended() {
        return ended.getCount() == 0;
    }

    /**
     * Waits {@code millis}, or until {@link #end}. An interrupt, which nothing in Kafka Streams sends its global
     * thread, fails the read with {@code failure} rather than pass over the record as if the instance were closing.
     */
    private void pauseFor(long millis, SchemaRegistryUnavailableException failure) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private SchemaRegistryUnavailableException gaveUp(SchemaRegistryUnavailableException last, String what,
                                                      int failures) {
        String message = "Gave up reading " + what + " after " + failures + " failed reads in "
                + giveUpAfter.toMillis() + " ms (" + StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG
                + "): the schema registry could not be reached; last error: " + last.getMessage();
        SchemaRegistryException cause = last.getCause() instanceof SchemaRegistryException registry ? registry
                : new SchemaRegistryException(last.getMessage(), last);
        return new SchemaRegistryUnavailableException(message, cause);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

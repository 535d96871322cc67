package io.streamcast.stream;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an instance that closes cleanly have its trainer record the round it cuts short while a commit can still carry
 * the record. Kafka Streams commits a task for the last time before it closes the task's processors, so what
 * {@link TrainerProcessor#close} writes at a shutdown reaches the closing instance's own store and never the changelog:
 * the instance that took the trainer over next (a rolling restart, a container without its volume) read such a round
 * as one the process had stopped in, and after two such closes during first rounds started no first round again.
 *
 * <p>The instance's close asks first ({@link #standDown}); the trainer's next tick, on the stream thread, records the
 * running round as cut short and starts no other, and the last commit carries the record.
 */
public final class TrainerStandDown {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerStandDown.class);
    /** How long a close waits for the trainer's tick: a few ticks, so that a stream thread busy with a batch is met. */
    static final Duration WAIT = TrainerProcessor.TICK.multipliedBy(4);

    private boolean requested;
    /**
     * Rounds running on this instance, or ended with an outcome it is to write (its own, or one it found kept): one at
     * most, as one task trains.
     */
    private int running;

    /**
     * Asks this instance's trainer to start no more rounds and to record the one running as cut short, and waits up to
     * {@link #WAIT} until it has; returns at once when no round runs here.
     */
    public synchronized void standDown() {
        requested = true;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("The trainer did not record its running round as cut short within {} ms; the instance that"
                        + " takes the trainer over may count it as a round the process stopped in", WAIT.toMillis());
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the instance closes and the trainer is to start no more rounds. */
    synchronized boolean requested() {
        return requested;
    }

    synchronized void roundStarted() {
        running++;
    }

    synchronized void roundEnded() {
        running--;
        notifyAll();
    }
}

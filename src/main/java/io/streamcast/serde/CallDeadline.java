package io.streamcast.serde;

import java.time.Duration;

/**
 * When one registry call must be over: its attempts, failover and the waits between retries all take from the same
 * time. Why one deadline and not only per-attempt timeouts: retries times URLs times the read timeout add up to
 * minutes, and a stream thread waiting on the call holds its transaction open and does not poll meanwhile.
 */
final class CallDeadline {

    private final long endNanos;

    private CallDeadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** A deadline {@code timeout} from now. */
    static CallDeadline after(Duration timeout) {
        return new CallDeadline(System.nanoTime() + timeout.toNanos());
    }

    /** Milliseconds left, rounded up so that a deadline not yet reached never reads as 0; 0 once it has passed. */
    long remainingMillis() {
        long nanos = endNanos - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    boolean passed() {
        return remainingMillis() == 0;
    }
}

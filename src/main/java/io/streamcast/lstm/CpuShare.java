package io.streamcast.lstm;

/**
 * The most CPU a training may take, as a share of one core: after each mini-batch (and each pass over the validation
 * windows) the training thread rests for as long as keeps the batch's work (its duration times the threads that did
 * it) to that share of the time. A stream that trains beside its prediction uses it so that a round cannot slow
 * prediction by much, whatever the scheduler makes of the training threads' lower priority; offline replays train at
 * full speed.
 */
public final class CpuShare {

    /** Sleeps for a number of nanoseconds; a test substitutes a recorder. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** No limit: training runs as fast as its threads can. */
    public static final CpuShare UNLIMITED = new CpuShare(1.0, nanos -> { });

    private final double share;
    private final Sleeper sleeper;

    public CpuShare(double share, Sleeper sleeper) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("CPU share must be in (0, 1], got " + share);
        }
        this.share = share;
        this.sleeper = sleeper;
    }

    /** A share enforced by really sleeping. */
    public static CpuShare of(double share) {
        return share >= 1 ? UNLIMITED : new CpuShare(share, nanos ->
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public double share() {
        return share;
    }

    /**
     * Rests after a batch that took {@code batchNanos} on {@code threads} threads, so that its CPU time
     * ({@code threads * batchNanos}) is at most {@code share} of the batch's time plus the rest.
     */
    void afterBatch(long batchNanos, int threads) throws InterruptedException {
        if (share >= 1 || batchNanos <= 0) {
            return;
        }
        long rest = (long) (batchNanos * (threads / share - 1));
        if (rest > 0) {
            sleeper.sleep(rest);
        }
    }
}

package io.streamcast.app.soak;

import io.streamcast.app.FencedInstanceAdvice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.FencedInstanceIdException;

/**
 * Tells an instance's exit that a race in Kafka's classic group coordinator caused after one of the soak's broker
 * restarts from a crash. The coordinator hands a static member's {@code group.instance.id} to a replacement that joins
 * under it at once, but writes the hand-over only with the rebalance's assignment: a broker restart in between
 * reloads the older mapping and refuses the live member as fenced ({@link FencedInstanceIdException}), and {@code run}
 * stops with status 1, its last words {@link FencedInstanceAdvice}'s; a restart takes the id back at once and loses
 * nothing. Only an exit that shows all of it is taken for one; any other exit is a crash.
 */
final class BrokerRestartFencing {

    /**
     * How long after a broker restart has ended an instance's exit may still be this race's. The refusal comes at the
     * member's first JoinGroup once the restarted coordinator has loaded the group, and {@code run} exits within about
     * a second of it (0.6 s in the run whose log shows both): in the two classic 10-kill runs that met it, the soak
     * had already restarted the instance 4.5 and 2.3 s after it began restarting the broker (the restart included,
     * see the README's "Kill -9 soak"). 30 s is several times that, for a loaded machine or a cluster whose
     * coordinator loads its groups more slowly, and short enough that an exit in the middle of the next stretch of
     * kills is still a crash.
     */
    static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The status {@code run} exits with when its streams died of an error. */
    private static final int ERROR_STATUS = 1;

    private record Restart(long startNanos, long endNanos) {
    }

    private final List<Restart> restarts = new ArrayList<>();

    /**
     * Notes a broker restart the soak made, between two {@link System#nanoTime()} readings. An exit counts from its
     * start: on a cluster of several brokers another one's coordinator can take the group over while it is down.
     */
    synchronized void restarted(long startNanos, long endNanos) {
        restarts.add(new Restart(startNanos, endNanos));
    }

    /**
     * Whether an instance that exited with {@code status} at {@code exitedNanos} ({@link System#nanoTime()}), its log
     * ending in {@code logTail}, was fenced after a broker restart: status 1, Kafka's exception and the advice in its
     * log, and the exit during a broker restart or within {@link #BOUND_NANOS} after one.
     */
    synchronized boolean fencedAfterBrokerRestart(int status, List<String> logTail, long exitedNanos) {
        return status == ERROR_STATUS && says(logTail, FencedInstanceIdException.class.getName())
                && says(logTail, FencedInstanceAdvice.RESTART_TAKES_THE_ID_BACK) && afterARestart(exitedNanos);
    }

    private boolean afterARestart(long exitedNanos) {
        for (Restart restart : restarts) {
            if (exitedNanos - restart.startNanos() >= 0 && exitedNanos - restart.endNanos() <= BOUND_NANOS) {
                return true;
            }
        }
        return false;
    }

    private static boolean says(List<String> logTail, String words) {
        return logTail.stream().anyMatch(line -> line.contains(words));
    }
}

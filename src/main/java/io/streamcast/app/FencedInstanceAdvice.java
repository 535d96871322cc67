package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;

/**
 * What {@code run} adds to Kafka Streams' words when the group coordinator refused this instance's
 * {@code group.instance.id} because it holds the id for another member id ({@link FencedInstanceIdException}, the
 * classic group protocol): an error a restart mends at once, which Kafka's words do not say.
 *
 * <p>Why it happens without a second instance: Kafka's classic coordinator hands a static member's id to a member that
 * joins under it with a new member id at once, but records the hand-over only once the rebalance's assignment is
 * written. A broker that restarts (or a coordinator that moves) in between reloads the older record, which names the
 * member the id was taken from, and refuses the new member as fenced when it joins again: in the kill -9 soak a
 * replacement instance's join completed 33 ms before the broker restarted, and the reloaded group held the id for the
 * killed instance's member. The consumer cannot join again under the same id with a new member id, and a replacement
 * stream thread would join under another id ({@code <group.instance.id>-2}) while the old id's member, held by no one,
 * kept its tasks until its session timed out; so the instance stops, and its restart joins under the same id as a new
 * member, which the coordinator hands the id to at once.
 *
 * <p>None under Kafka's streams rebalance protocol ({@code group.protocol=streams}), where the advice would be wrong:
 * its coordinator answers a member that joins under an id only once it has written the hand-over, and fences a member
 * only when another holds the id; a restart does not take the id back but is refused while that one holds it
 * ({@code UnreleasedInstanceIdException}), so another instance given the same id is not fenced by it.
 */
public final class FencedInstanceAdvice {

    /**
     * Words of the advice that no other last words of {@code run} say: the kill -9 soak looks for them in an exited
     * instance's log to tell this refusal, which a restart mends, from a crash.
     */
    public static final String RESTART_TAKES_THE_ID_BACK = "A restart of this instance takes the id back at once";

    private FencedInstanceAdvice() {
    }

    /**
     * The advice when {@code root}, the innermost cause of the failure, is such a refusal under the classic protocol
     * of {@code config}; empty otherwise.
     */
    public static String adviceOn(Throwable root, StreamcastConfig config) {
        if (!(root instanceof FencedInstanceIdException) || config.underStreamsProtocol()) {
            return "";
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return (message.endsWith(".") ? " " : ". ") + "The group coordinator holds this instance's group.instance.id"
                + " for another member id: one it took the id from but whose hand-over it lost (a broker restart or a"
                + " coordinator move during a rebalance), or another running instance given the same group.instance.id."
                + " " + RESTART_TAKES_THE_ID_BACK + ", and loses and duplicates nothing under"
                + " exactly-once; if another instance runs with the same group.instance.id, give each its own, or each"
                + " restart fences the other";
    }
}

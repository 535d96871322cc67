package io.streamcast.eval;

/**
 * Rows an offline replay applied at the same event time as their key's row applied before: the stream's late-event
 * policy takes such a row (it is not earlier than the key's latest), so the replay does too, but a user's CSV with
 * them is often one written twice or joined wrongly, so the reports count them. Thread-safe, so runs can share one.
 */
public final class SharedTimestamps {

    private long count;

    public synchronized void add() {
        count++;
    }

    public synchronized void addAll(SharedTimestamps other) {
        count += other.count();
    }

    public synchronized long count() {
        return count;
    }

    /** For reports: {@code 3 rows share a timestamp with the row before (of their key); taken, as the stream ...}. */
    public synchronized String describe() {
        return count + (count == 1 ? " row shares" : " rows share") + " a timestamp with the row before (of"
                + " their key); taken, as the stream takes them";
    }
}

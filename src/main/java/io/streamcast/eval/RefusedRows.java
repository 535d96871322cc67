package io.streamcast.eval;

import io.streamcast.predict.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Rows an offline replay refused as the stream would, counted by reason. Thread-safe, so runs can share one. */
public final class RefusedRows {

    private final Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);

    public synchronized void add(Rejection reason) {
        counts.merge(reason, 1L, Long::sum);
    }

    public synchronized void addAll(RefusedRows other) {
        other.snapshot().forEach((reason, count) -> counts.merge(reason, count, Long::sum));
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long count(Rejection reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** The counts by reason, for reports: {@code 3 rows refused as the stream would (out-of-order 2, ...)}. */
    public synchronized String describe() {
        long total = total();
        String rows = total + (total == 1 ? " row" : " rows") + " refused as the stream would";
        if (counts.isEmpty()) {
            return rows;
        }
        return rows + " ("
                + counts.entrySet().stream().map(e -> e.getKey().code() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
    }

    private synchronized Map<Rejection, Long> snapshot() {
        return new EnumMap<>(counts);
    }
}

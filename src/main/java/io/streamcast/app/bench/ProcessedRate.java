package io.streamcast.app.bench;

/**
 * An instance's events per second from polls of how many events it has processed: the events processed after the
 * first poll that saw any, over the time from that poll to the one that saw them all. When the first poll that saw
 * any already saw them all (a small run, done between two polls), nothing lies between the two to time: the span is
 * then taken from the last poll that saw none, at most a poll longer than the processing took. Why: the rate was
 * 0 / 0, NaN, and the bench stopped after every run with an ArrayIndexOutOfBoundsException, its ratios all left out.
 */
final class ProcessedRate {

    private final long events;
    private long lastEmpty;
    private long first;
    private long firstCount;
    private boolean seenAny;

    /**
     * @param events     the events the instance is to process
     * @param startNanos {@link System#nanoTime()} before the instance could have processed any
     */
    ProcessedRate(long events, long startNanos) {
        this.events = events;
        this.lastEmpty = startNanos;
    }

    /** Takes a poll's count; returns the rate once every event is processed, NaN before. */
    double observe(long nanos, long processed) {
        if (processed == 0) {
            lastEmpty = nanos;
            return Double.NaN;
        }
        if (!seenAny) {
            seenAny = true;
            first = nanos;
            firstCount = processed;
        }
        if (processed < events) {
            return Double.NaN;
        }
        if (processed > firstCount) {
            return (processed - firstCount) / ((nanos - first) / 1e9);
        }
        return processed / ((nanos - lastEmpty) / 1e9);
    }
}

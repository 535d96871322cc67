package io.streamcast.anomaly;

/**
 * When a scored event is an anomaly: its score reaches the threshold and the key is not in a refractory period,
 * which an anomaly starts and which lasts a number of the key's events. The one rule the stream applies and the
 * offline evaluation replays at every threshold it tries.
 */
public final class AlarmRule {

    /** The quiet-until of a key that has raised no anomaly. */
    public static final long NEVER = -1;

    private AlarmRule() {
    }

    /** Whether the key's event number {@code event} (0-based) with this score raises an anomaly. */
    public static boolean fires(double score, double threshold, long event, long quietUntil) {
        return score >= threshold && event > quietUntil;
    }

    /** The last event of the refractory period an anomaly at {@code event} starts. */
    public static long quietUntil(long event, int refractoryEvents) {
        return event + refractoryEvents;
    }
}

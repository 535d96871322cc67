package io.streamcast.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Notices event times that read as seconds since 1970 where milliseconds are meant, and says so at most once a
 * minute. Such an event is accepted (nothing tells it from a real time in January 1970), and its key's history,
 * rhythms and spacing then sit in 1970 at a thousandth of their spacing: its forecasts and anomalies mean nothing,
 * and the producer's unit is the one thing to mend.
 *
 * <p>One instance per application instance, shared by its stream threads' {@link PredictProcessor}s (one per task),
 * so that the warning comes at most once a minute from the instance whatever its tasks; thread-safe, and an event
 * time that does not read as seconds takes no lock.
 */
final class SecondsForMilliseconds {

    /** How near the wall clock an event time read as seconds must lie to be taken for seconds: ten years. */
    static final long NEAR_MILLIS = 10L * 365 * 86_400_000L;
    /** Least time between two warnings. */
    static final long QUIET_MILLIS = 60_000L;

    private long lastWarned = Long.MIN_VALUE;
    private long unwarned;

    /**
     * Whether {@code eventTime}, read as seconds since 1970, lies within {@link #NEAR_MILLIS} of {@code wallClock}:
     * for a wall clock in 2026, an event time between 1970-01-17 and 1970-01-25 read as milliseconds.
     */
    static boolean readsAsSeconds(long eventTime, long wallClock) {
        return eventTime > 0 && eventTime <= Long.MAX_VALUE / 1000
                && Math.abs(eventTime * 1000 - wallClock) <= NEAR_MILLIS;
    }

    /**
     * The warning to log for an accepted event of {@code key} (UTF-8) at {@code eventTime}, or null: null when it does
     * not read as seconds, or when a warning was given less than {@link #QUIET_MILLIS} ago (it is then counted, and
     * the next warning says how many went unsaid).
     */
    String check(byte[] key, long eventTime, long wallClock) {
        if (!readsAsSeconds(eventTime, wallClock)) {
            return null;
        }
        long unsaid;
        synchronized (this) {
            if (lastWarned != Long.MIN_VALUE && wallClock - lastWarned < QUIET_MILLIS) {
                unwarned++;
                return null;
            }
            unsaid = unwarned;
            lastWarned = wallClock;
            unwarned = 0;
        }
        String others = unsaid == 0 ? "" : " (and " + unsaid + " such events since the last warning)";
        return "Key " + new String(key, StandardCharsets.UTF_8) + "'s event time " + eventTime + " reads as "
                + Instant.ofEpochMilli(eventTime) + " in milliseconds since 1970, as Streamcast reads it; as seconds it"
                + " would be " + Instant.ofEpochSecond(eventTime) + ". If the producer writes seconds, its keys'"
                + " forecasts and anomalies are made on times a thousand times too close together: write milliseconds"
                + others;
    }
}

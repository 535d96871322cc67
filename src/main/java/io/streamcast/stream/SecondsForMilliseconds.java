package io.streamcast.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Notices event times written in seconds since 1970 where milliseconds are meant, and says so at most once a minute.
 * Such an event is applied (nothing tells it from a real time in January 1970), and its key's history, rhythms and
 * spacing then sit in 1970 at a thousandth of their spacing: its forecasts and anomalies mean nothing, and the
 * producer's unit is the one thing to mend.
 *
 * <p>One instance per application instance, shared by its stream threads' {@link PredictProcessor}s (one per task),
 * so that the warning comes at most once a minute from the instance whatever its tasks; thread-safe, and an event
 * time that does not read as seconds takes no lock.
 */
final class SecondsForMilliseconds {

    /** 2000-01-01T00:00:00Z in seconds since 1970: the earliest time taken for seconds. */
    static final long EARLIEST_SECONDS = 946_684_800L;
    /** 2100-01-01T00:00:00Z in seconds since 1970: the first time no longer taken for seconds. */
    static final long END_SECONDS = 4_102_444_800L;
    /** Least wall-clock time between two warnings. */
    static final long QUIET_MILLIS = 60_000L;

    private long lastWarned = Long.MIN_VALUE;
    private long unlogged;

    /**
     * Whether {@code eventTime}, read as seconds since 1970, is a time of this century or the next (2000 to 2099): as
     * milliseconds, a time between 1970-01-11 and 1970-02-17, which no producer of live events sends, while a producer
     * that writes seconds sends every time of those two centuries there, replayed history too.
     */
    static boolean readsAsSeconds(long eventTime) {
        return eventTime >= EARLIEST_SECONDS && eventTime < END_SECONDS;
    }

    /**
     * The warning to log for an event of {@code key} (UTF-8) at {@code eventTime}, or null: null when the time does
     * not read as seconds, or when a warning was given less than {@link #QUIET_MILLIS} before {@code wallClock} (the
     * event is then counted, and the next warning says how many went unlogged). A clock stepped back since the last
     * warning does not silence the next one.
     */
    String warningFor(byte[] key, long eventTime, long wallClock) {
        if (!readsAsSeconds(eventTime)) {
            return null;
        }
        long unsaid;
        synchronized (this) {
            long since = wallClock - lastWarned;
            if (lastWarned != Long.MIN_VALUE && since >= 0 && since < QUIET_MILLIS) {
                unlogged++;
                return null;
            }
            unsaid = unlogged;
            lastWarned = wallClock;
            unlogged = 0;
        }
        return "Key " + new String(key, StandardCharsets.UTF_8) + ": event time " + eventTime + " is "
                + Instant.ofEpochMilli(eventTime) + " as milliseconds since 1970 (Streamcast's unit), "
                + Instant.ofEpochSecond(eventTime) + " as seconds. If the producer writes seconds, make it write"
                + " milliseconds: its keys' forecasts and anomalies are made on times a thousand times too close"
                + " together." + (unsaid == 0 ? "" : " " + unsaid + " more such events since the last warning went"
                + " unlogged.");
    }
}

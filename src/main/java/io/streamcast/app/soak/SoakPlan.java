package io.streamcast.app.soak;

import io.streamcast.app.EventPace;
import java.util.Locale;

/**
 * What a soak run does.
 *
 * @param instances      instances of {@code run} kept running, each in its own process
 * @param kills          how many times an instance is killed with SIGKILL, at random points while events stream in;
 *                       each is replaced at once in the same slot
 * @param brokerRestarts how many times the broker is restarted while events stream in
 * @param keys           keys in the event stream
 * @param eventsPerKey   events per key
 * @param eventsPerSecond how fast events are produced, over all keys
 * @param training       whether the instances train models (then their predictions are not compared with an
 *                       uninterrupted run's, which would have trained at other moments)
 * @param freshStateEvery every this many restarts, the replacement starts on an empty state directory
 * @param seed           seed of the event values and of the kill schedule
 */
public record SoakPlan(int instances, int kills, int brokerRestarts, int keys, int eventsPerKey,
                       double eventsPerSecond, boolean training, int freshStateEvery, long seed) {

    /**
     * The longest production a plan may ask for: the soak's verdict comes only after every event is produced and
     * read back, so a run of days (a count with a digit too many) gave nothing until it was stopped.
     */
    public static final int MAX_PRODUCTION_HOURS = 24;

    public SoakPlan {
        if (instances < 1 || kills < 0 || brokerRestarts < 0 || keys < 1 || eventsPerKey < 1
                || !(eventsPerSecond > 0) || freshStateEvery < 1) {
            throw new IllegalArgumentException("a soak needs at least one instance, key and event, a positive rate,"
                    + " and no negative counts");
        }
        // the production and the kills spread over it are paced in nanoseconds
        EventPace.requireFits("--rate", eventsPerSecond, (long) keys * eventsPerKey);
        double hours = (double) keys * eventsPerKey / eventsPerSecond / 3600;
        if (hours > MAX_PRODUCTION_HOURS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--keys %d x --events-per-key %d at"
                    + " --rate %s take %.0f hours to produce; a soak produces for at most %d hours (it checks only at"
                    + " the end, holding every event and prediction in memory): give fewer events or a higher rate",
                    keys, eventsPerKey, eventsPerSecond == Math.rint(eventsPerSecond)
                            ? Long.toString((long) eventsPerSecond) : Double.toString(eventsPerSecond),
                    Math.ceil(hours), MAX_PRODUCTION_HOURS));
        }
    }

    public long events() {
        return (long) keys * eventsPerKey;
    }

    /** How long producing the events takes, in milliseconds. */
    public long productionMillis() {
        return Math.round(events() / eventsPerSecond * 1000);
    }
}

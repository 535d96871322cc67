package io.streamcast.app.soak;

import io.streamcast.app.EventPace;

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

    public SoakPlan {
        if (instances < 1 || kills < 0 || brokerRestarts < 0 || keys < 1 || eventsPerKey < 1
                || !(eventsPerSecond > 0) || freshStateEvery < 1) {
            throw new IllegalArgumentException("a soak needs at least one instance, key and event, a positive rate,"
                    + " and no negative counts");
        }
        // the production and the kills spread over it are paced in nanoseconds
        EventPace.requireFits("--rate", eventsPerSecond, (long) keys * eventsPerKey);
    }

    public long events() {
        return (long) keys * eventsPerKey;
    }

    /** How long producing the events takes, in milliseconds. */
    public long productionMillis() {
        return Math.round(events() / eventsPerSecond * 1000);
    }
}

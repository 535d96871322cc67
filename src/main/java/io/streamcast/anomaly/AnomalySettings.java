package io.streamcast.anomaly;

/**
 * How a key's events are scored; one instance for the whole application. See {@link AnomalyScorer} for what each
 * setting does.
 *
 * @param threshold         log-likelihood from which an event is an anomaly
 * @param learningPeriod    events a key needs before its likelihood departs from 0.5, and values each statistic's
 *                          remembered maximum needs before the statistic is judged
 * @param recordDecay       per-event decay of each statistic's remembered maximum; also the tail probability of an
 *                          event that just reaches it (a maximum over about {@code 1/recordDecay} events)
 * @param tailIndex         how fast the tail probability falls as an event exceeds the remembered maximum
 * @param rangeWeight       how strongly a value outside the key's seen range counts, per range width outside it
 * @param window            events in the moving averages of the value and of the residual magnitude
 * @param sustain           consecutive events that must all deviate the same way for a sustained deviation
 * @param levelDecay        weight of a new value in the key's long-run level
 * @param seasonBuckets     slots of the time-of-day profile (24: one per hour)
 * @param seasonDecay       smallest weight of a new value in its time-of-day slot
 * @param refractoryEvents  events after an anomaly during which the key raises no new one
 */
public record AnomalySettings(double threshold, int learningPeriod, double recordDecay, double tailIndex,
                              double rangeWeight, int window, int sustain, double levelDecay, int seasonBuckets,
                              double seasonDecay, int refractoryEvents) {

    public static final double DEFAULT_THRESHOLD = 0.4968;
    public static final int DEFAULT_LEARNING_PERIOD = 100;
    public static final double DEFAULT_RECORD_DECAY = 1e-4;
    public static final double DEFAULT_TAIL_INDEX = 10;
    public static final double DEFAULT_RANGE_WEIGHT = 5;
    public static final int DEFAULT_WINDOW = 10;
    public static final int DEFAULT_SUSTAIN = 5;
    public static final double DEFAULT_LEVEL_DECAY = 0.005;
    public static final int DEFAULT_SEASON_BUCKETS = 24;
    public static final double DEFAULT_SEASON_DECAY = 0.02;
    public static final int DEFAULT_REFRACTORY_EVENTS = 30;
    /** Largest averaging or sustain window; keeps the state small and its layout tag unambiguous. */
    public static final int MAX_WINDOW = 1000;
    /** Largest number of time-of-day slots: one per minute. */
    public static final int MAX_SEASON_BUCKETS = 1440;

    public AnomalySettings {
        require(threshold >= 0 && threshold <= 1, "threshold must be in [0, 1], got " + threshold);
        require(learningPeriod >= 0, "learning period must not be negative, got " + learningPeriod);
        require(recordDecay > 0 && recordDecay <= 0.5, "record decay must be in (0, 0.5], got " + recordDecay);
        require(tailIndex > 0 && Double.isFinite(tailIndex), "tail index must be positive, got " + tailIndex);
        require(rangeWeight > 0 && Double.isFinite(rangeWeight), "range weight must be positive, got " + rangeWeight);
        require(window >= 1 && window <= MAX_WINDOW, "window must be in [1, " + MAX_WINDOW + "], got " + window);
        require(sustain >= 1 && sustain <= MAX_WINDOW, "sustain must be in [1, " + MAX_WINDOW + "], got " + sustain);
        require(levelDecay > 0 && levelDecay <= 1, "level decay must be in (0, 1], got " + levelDecay);
        require(seasonBuckets >= 1 && seasonBuckets <= MAX_SEASON_BUCKETS,
                "season buckets must be in [1, " + MAX_SEASON_BUCKETS + "], got " + seasonBuckets);
        require(seasonDecay > 0 && seasonDecay <= 1, "season decay must be in (0, 1], got " + seasonDecay);
        require(refractoryEvents >= 0, "refractory events must not be negative, got " + refractoryEvents);
    }

    public static AnomalySettings defaults() {
        return new AnomalySettings(DEFAULT_THRESHOLD, DEFAULT_LEARNING_PERIOD, DEFAULT_RECORD_DECAY,
                DEFAULT_TAIL_INDEX, DEFAULT_RANGE_WEIGHT, DEFAULT_WINDOW, DEFAULT_SUSTAIN, DEFAULT_LEVEL_DECAY,
                DEFAULT_SEASON_BUCKETS, DEFAULT_SEASON_DECAY, DEFAULT_REFRACTORY_EVENTS);
    }

    public AnomalySettings withThreshold(double newThreshold) {
        return new AnomalySettings(newThreshold, learningPeriod, recordDecay, tailIndex, rangeWeight, window,
                sustain, levelDecay, seasonBuckets, seasonDecay, refractoryEvents);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

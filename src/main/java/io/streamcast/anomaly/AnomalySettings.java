package io.streamcast.anomaly;

/**
 * How a key's events are scored; one instance for the whole application. See {@link AnomalyScorer} for what each
 * setting does and how its default was chosen.
 *
 * @param threshold        score from which an event is an anomaly
 * @param learningPeriod   events a key needs before its events are judged at all
 * @param relearningPeriod forecast errors a new model version's error statistics learn from, once a key has been
 *                         judged, before they score again
 * @param window           recent normalised forecast errors whose mean (drift) and mean magnitude (volatility)
 *                         are compared with the key's records
 * @param bucket           normalised errors per record bucket: a record is the largest value a statistic reached
 *                         in the current and the previous bucket, so it remembers between one and two buckets
 * @param refractoryEvents events after an anomaly during which the key raises no new one unless it escalates it
 * @param refractoryEscalation how many times further past its record an event in a refractory period must be than
 *                         the anomaly that started it to raise an anomaly ({@link AlarmRule}); 0 for never
 * @param dailyProfile     whether each key also keeps a profile of its values by hour of the day and is judged on
 *                         how far it strays from it ({@link DailyProfile})
 * @param driftConfirmation whether the drift of the forecast errors counts only as far as the value's own changes
 *                         drift past their record too ({@link AnomalyScorer})
 * @param volatilityConfirmation whether the volatility of the forecast errors counts only as far as it also lies in
 *                         the far tail of a normal distribution fitted to its long run ({@link AnomalyScorer})
 */
public record AnomalySettings(double threshold, int learningPeriod, int relearningPeriod, int window, int bucket,
                              int refractoryEvents, double refractoryEscalation, boolean dailyProfile,
                              boolean driftConfirmation, boolean volatilityConfirmation) {

    public static final double DEFAULT_THRESHOLD = 0.0253;
    public static final int DEFAULT_LEARNING_PERIOD = 200;
    public static final int DEFAULT_RELEARNING_PERIOD = 600;
    public static final int DEFAULT_WINDOW = 10;
    public static final int DEFAULT_BUCKET = 2000;
    public static final int DEFAULT_REFRACTORY_EVENTS = 100;
    public static final double DEFAULT_REFRACTORY_ESCALATION = 2;
    public static final boolean DEFAULT_DAILY_PROFILE = true;
    public static final boolean DEFAULT_DRIFT_CONFIRMATION = true;
    public static final boolean DEFAULT_VOLATILITY_CONFIRMATION = true;
    /** Largest window: the recent errors are part of every key's state. */
    public static final int MAX_WINDOW = 64;

    public AnomalySettings {
        require(threshold >= 0 && threshold <= 1, "threshold must be in [0, 1], got " + threshold);
        require(learningPeriod >= 0, "learning period must not be negative, got " + learningPeriod);
        require(relearningPeriod >= 0, "relearning period must not be negative, got " + relearningPeriod);
        require(window >= 1 && window <= MAX_WINDOW, "window must be in [1, " + MAX_WINDOW + "], got " + window);
        require(bucket >= window, "bucket must be at least the window (" + window + "), got " + bucket);
        AlarmRule.requireValid(refractoryEvents, refractoryEscalation);
    }

    /**
     * Settings whose relearning period is the learning period, with the default escalation, daily profile and
     * confirmations.
     */
    public AnomalySettings(double threshold, int learningPeriod, int window, int bucket, int refractoryEvents) {
        this(threshold, learningPeriod, learningPeriod, window, bucket, refractoryEvents, DEFAULT_REFRACTORY_ESCALATION,
                DEFAULT_DAILY_PROFILE, DEFAULT_DRIFT_CONFIRMATION, DEFAULT_VOLATILITY_CONFIRMATION);
    }

    public static AnomalySettings defaults() {
        return new AnomalySettings(DEFAULT_THRESHOLD, DEFAULT_LEARNING_PERIOD, DEFAULT_RELEARNING_PERIOD,
                DEFAULT_WINDOW, DEFAULT_BUCKET, DEFAULT_REFRACTORY_EVENTS, DEFAULT_REFRACTORY_ESCALATION,
                DEFAULT_DAILY_PROFILE, DEFAULT_DRIFT_CONFIRMATION, DEFAULT_VOLATILITY_CONFIRMATION);
    }

    public AnomalySettings withDailyProfile(boolean newDailyProfile) {
        return new AnomalySettings(threshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                refractoryEscalation, newDailyProfile, driftConfirmation, volatilityConfirmation);
    }

    public AnomalySettings withDriftConfirmation(boolean newDriftConfirmation) {
        return new AnomalySettings(threshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                refractoryEscalation, dailyProfile, newDriftConfirmation, volatilityConfirmation);
    }

    public AnomalySettings withVolatilityConfirmation(boolean newVolatilityConfirmation) {
        return new AnomalySettings(threshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                refractoryEscalation, dailyProfile, driftConfirmation, newVolatilityConfirmation);
    }

    public AnomalySettings withRelearningPeriod(int newRelearningPeriod) {
        return new AnomalySettings(threshold, learningPeriod, newRelearningPeriod, window, bucket, refractoryEvents,
                refractoryEscalation, dailyProfile, driftConfirmation, volatilityConfirmation);
    }

    public AnomalySettings withRefractoryEscalation(double newRefractoryEscalation) {
        return new AnomalySettings(threshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                newRefractoryEscalation, dailyProfile, driftConfirmation, volatilityConfirmation);
    }

    public AnomalySettings withThreshold(double newThreshold) {
        return new AnomalySettings(newThreshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                refractoryEscalation, dailyProfile, driftConfirmation, volatilityConfirmation);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

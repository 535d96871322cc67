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
 * @param rhythmConfirmation whether the daily and weekly deviations count only as far as they also lie in the far
 *                         tail of a normal distribution fitted to their long run ({@link AnomalyScorer})
 * @param surprise         whether each key is also judged on its share of surprising forecast errors lately
 *                         ({@link AnomalyScorer})
 */
public record AnomalySettings(double threshold, int learningPeriod, int relearningPeriod, int window, int bucket,
                              int refractoryEvents, double refractoryEscalation, boolean dailyProfile,
                              boolean driftConfirmation, boolean volatilityConfirmation, boolean rhythmConfirmation,
                              boolean surprise) {

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
    public static final boolean DEFAULT_RHYTHM_CONFIRMATION = false;
    public static final boolean DEFAULT_SURPRISE = true;
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

    public static AnomalySettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder().threshold(threshold).learningPeriod(learningPeriod).relearningPeriod(relearningPeriod)
                .window(window).bucket(bucket).refractoryEvents(refractoryEvents)
                .refractoryEscalation(refractoryEscalation).dailyProfile(dailyProfile)
                .driftConfirmation(driftConfirmation).volatilityConfirmation(volatilityConfirmation)
                .rhythmConfirmation(rhythmConfirmation).surprise(surprise);
    }

    /**
     * Settings by name, so that neither a caller nor a new setting has to count the record's positional components.
     * {@link #build()} checks them as the constructor does.
     */
    public static final class Builder {
        private double threshold = DEFAULT_THRESHOLD;
        private int learningPeriod = DEFAULT_LEARNING_PERIOD;
        private int relearningPeriod = DEFAULT_RELEARNING_PERIOD;
        private int window = DEFAULT_WINDOW;
        private int bucket = DEFAULT_BUCKET;
        private int refractoryEvents = DEFAULT_REFRACTORY_EVENTS;
        private double refractoryEscalation = DEFAULT_REFRACTORY_ESCALATION;
        private boolean dailyProfile = DEFAULT_DAILY_PROFILE;
        private boolean driftConfirmation = DEFAULT_DRIFT_CONFIRMATION;
        private boolean volatilityConfirmation = DEFAULT_VOLATILITY_CONFIRMATION;
        private boolean rhythmConfirmation = DEFAULT_RHYTHM_CONFIRMATION;
        private boolean surprise = DEFAULT_SURPRISE;

        private Builder() {
        }

        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        public Builder learningPeriod(int value) {
            learningPeriod = value;
            return this;
        }

        public Builder relearningPeriod(int value) {
            relearningPeriod = value;
            return this;
        }

        public Builder window(int value) {
            window = value;
            return this;
        }

        public Builder bucket(int value) {
            bucket = value;
            return this;
        }

        public Builder refractoryEvents(int value) {
            refractoryEvents = value;
            return this;
        }

        public Builder refractoryEscalation(double value) {
            refractoryEscalation = value;
            return this;
        }

        public Builder dailyProfile(boolean value) {
            dailyProfile = value;
            return this;
        }

        public Builder driftConfirmation(boolean value) {
            driftConfirmation = value;
            return this;
        }

        public Builder volatilityConfirmation(boolean value) {
            volatilityConfirmation = value;
            return this;
        }

        public Builder rhythmConfirmation(boolean value) {
            rhythmConfirmation = value;
            return this;
        }

        public Builder surprise(boolean value) {
            surprise = value;
            return this;
        }

        public AnomalySettings build() {
            return new AnomalySettings(threshold, learningPeriod, relearningPeriod, window, bucket, refractoryEvents,
                    refractoryEscalation, dailyProfile, driftConfirmation, volatilityConfirmation, rhythmConfirmation,
                    surprise);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

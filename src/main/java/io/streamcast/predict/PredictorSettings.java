package io.streamcast.predict;

import io.streamcast.anomaly.AnomalySettings;
import java.util.Objects;

/**
 * How the per-key step behaves; one instance for the whole application.
 *
 * @param spec                what events carry and what is forecast; every model must match it
 * @param historyLength       recent events kept per key, for re-warming a new model and for training windows
 * @param warmupEvents        events a key needs before its forecasts count as warmed up
 * @param trainingSampleEvery a training window is sent every this many events of a key (0 = never)
 * @param anomaly             how events are scored and when they are anomalies
 * @param eventTimes          which event times a key accepts: late and far-future events
 * @param intervalCoverage    nominal coverage of the prediction intervals, in (0, 1)
 * @param weeklyRhythm        whether each key keeps a weekly profile and forecasts from it ({@link WeeklyForecast})
 * @param sampleAnomalies     whether a key sends training windows that hold one of its anomalies; without, the model
 *                            learns what its keys usually do, not their faults ({@link KeyStep})
 */
public record PredictorSettings(InputSpec spec, int historyLength, int warmupEvents, int trainingSampleEvery,
                                AnomalySettings anomaly, EventTimePolicy eventTimes, double intervalCoverage,
                                boolean weeklyRhythm, boolean sampleAnomalies) {

    /** The default nominal coverage of prediction intervals. */
    public static final double DEFAULT_INTERVAL_COVERAGE = 0.8;
    public static final boolean DEFAULT_WEEKLY_RHYTHM = true;
    public static final boolean DEFAULT_SAMPLE_ANOMALIES = false;

    public PredictorSettings {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(eventTimes, "eventTimes");
        if (historyLength < 2) {
            throw new IllegalArgumentException("history length must be at least 2, got " + historyLength);
        }
        if (warmupEvents < 0 || trainingSampleEvery < 0) {
            throw new IllegalArgumentException("warm-up events and training sample period must not be negative");
        }
        if (!(intervalCoverage > 0 && intervalCoverage < 1)) {
            throw new IllegalArgumentException("interval coverage must be in (0, 1), got " + intervalCoverage);
        }
    }

    /** Settings with the default event-time policy, interval coverage, weekly rhythm and training windows. */
    public PredictorSettings(InputSpec spec, int historyLength, int warmupEvents, int trainingSampleEvery,
                             AnomalySettings anomaly) {
        this(spec, historyLength, warmupEvents, trainingSampleEvery, anomaly, EventTimePolicy.defaults(),
                DEFAULT_INTERVAL_COVERAGE, DEFAULT_WEEKLY_RHYTHM, DEFAULT_SAMPLE_ANOMALIES);
    }

    /** These settings with another event-time policy. */
    public PredictorSettings withEventTimes(EventTimePolicy policy) {
        return new PredictorSettings(spec, historyLength, warmupEvents, trainingSampleEvery, anomaly, policy,
                intervalCoverage, weeklyRhythm, sampleAnomalies);
    }

    /** These settings with or without the weekly rhythm. */
    public PredictorSettings withWeeklyRhythm(boolean weekly) {
        return new PredictorSettings(spec, historyLength, warmupEvents, trainingSampleEvery, anomaly, eventTimes,
                intervalCoverage, weekly, sampleAnomalies);
    }

    /** These settings with or without training windows that hold an anomaly. */
    public PredictorSettings withSampleAnomalies(boolean sample) {
        return new PredictorSettings(spec, historyLength, warmupEvents, trainingSampleEvery, anomaly, eventTimes,
                intervalCoverage, weeklyRhythm, sample);
    }
}

package io.streamcast.predict;

/**
 * How the per-key step behaves; one instance for the whole application.
 *
 * @param spec                what events carry and what is forecast; every model must match it
 * @param historyLength       recent events kept per key, for re-warming a new model and for training windows
 * @param warmupEvents        events a key needs before its forecasts count as warmed up
 * @param anomalyThreshold    log-likelihood from which an event is an anomaly
 * @param trainingSampleEvery a training window is sent every this many events of a key (0 = never)
 * @param scoreWindow         raw scores averaged for the likelihood
 * @param scoreLearningPeriod raw scores a key needs before its likelihood departs from 0.5
 * @param scoreHistoryDecay   smallest weight of a new average in the fitted score distribution
 */
public record PredictorSettings(InputSpec spec, int historyLength, int warmupEvents, double anomalyThreshold,
                                int trainingSampleEvery, int scoreWindow, int scoreLearningPeriod,
                                double scoreHistoryDecay) {

    public PredictorSettings {
        if (historyLength < 2) {
            throw new IllegalArgumentException("history length must be at least 2, got " + historyLength);
        }
        if (warmupEvents < 0 || trainingSampleEvery < 0) {
            throw new IllegalArgumentException("warm-up events and training sample period must not be negative");
        }
    }
}

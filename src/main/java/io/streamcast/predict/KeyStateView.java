package io.streamcast.predict;

import io.streamcast.anomaly.AnomalyScorer;

/**
 * A read-only summary of a stored key state, for queries: the latest forecast and anomaly scores.
 *
 * @param forecast forecast made after the last event, [horizon][forecast value], in the units of the input;
 *                 empty before the first event
 * @param anomaly  whether the last event was flagged an anomaly, as its prediction said (refractory period
 *                 included)
 */
public record KeyStateView(long eventCount, long lastEventTime, long modelVersion, double[][] forecast,
                           double rawScore, double likelihood, double logLikelihood, boolean anomaly) {

    public static KeyStateView of(KeyMemory state, InputSpec spec) {
        int f = spec.forecastCount();
        double[][] forecast = new double[state.forecastRows > 0 ? spec.horizon() : 0][f];
        for (int k = 0; k < forecast.length; k++) {
            for (int j = 0; j < f; j++) {
                forecast[k][j] = state.forecasts[state.at(0, k + 1, j)];
            }
        }
        return new KeyStateView(state.eventCount, state.lastEventTime, state.modelVersion, forecast,
                state.lastRawScore, state.lastLikelihood, AnomalyScorer.logLikelihood(state.lastLikelihood),
                state.lastAnomaly);
    }
}

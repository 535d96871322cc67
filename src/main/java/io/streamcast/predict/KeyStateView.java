package io.streamcast.predict;

import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.anomaly.ScoringProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read-only summary of a stored key state, for queries: the latest forecast and anomaly scores.
 *
 * @param forecast forecast made after the last event, [horizon][forecast value], in the units of the input;
 *                 empty before the first event
 * @param anomaly  whether the last event was flagged an anomaly, as its prediction said (refractory period
 *                 included)
 * @param forecastBy which forecaster each forecast came from ({@code model}, {@code persistence}, {@code daily},
 *                 {@code weekly} or {@code yesterday}), same layout as {@code forecast}
 * @param forecasterErrors per forecaster, the recent mean absolute error of its forecasts at each step and forecast
 *                 value, [horizon][forecast value]; null where it has too few forecasts to be compared
 * @param lastPartition the input partition of the last record the key applied, {@link InputPosition#NONE} for none
 * @param lastOffset the offset of that record in it, {@link InputPosition#NONE} for none
 * @param scoring  how far the key is from being scored in full: its learning period's events, or its error
 *                 statistics' relearning, left
 */
public record KeyStateView(long eventCount, long lastEventTime, long modelVersion, double[][] forecast,
                           double rawScore, double likelihood, double logLikelihood, boolean anomaly,
                           String[][] forecastBy, Map<String, Double[][]> forecasterErrors, int lastPartition,
                           long lastOffset, ScoringProgress scoring) {

    /** The most forecasters {@code forecasterErrors} names. */
    public static final int FORECASTERS = ForecasterChoice.FORECASTERS;

    /** The view of {@code state} under the default anomaly settings. */
    public static KeyStateView of(KeyMemory state, InputSpec spec) {
        return of(state, spec, AnomalySettings.defaults());
    }

    public static KeyStateView of(KeyMemory state, InputSpec spec, AnomalySettings anomaly) {
        int f = spec.forecastCount();
        int steps = state.forecastRows > 0 ? spec.horizon() : 0;
        double[][] forecast = new double[steps][f];
        String[][] forecastBy = new String[steps][f];
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < f; j++) {
                int at = state.at(0, k + 1, j);
                forecast[k][j] = state.forecasts[at];
                forecastBy[k][j] = ForecasterChoice.NAMES[ForecasterChoice.choose(state, k * f + j,
                        state.modelVersion > 0, Double.isFinite(state.dailyForecasts[at]),
                        Double.isFinite(state.weeklyForecasts[at]), Double.isFinite(state.yesterdayForecasts[at]))];
            }
        }
        Map<String, Double[][]> errors = new LinkedHashMap<>();
        for (int forecaster = 0; forecaster < ForecasterChoice.FORECASTERS; forecaster++) {
            Double[][] byStep = new Double[spec.horizon()][f];
            for (int k = 0; k < spec.horizon(); k++) {
                for (int j = 0; j < f; j++) {
                    int i = forecaster * state.slots() + k * f + j;
                    byStep[k][j] = state.forecasterCounts[i] >= ForecasterChoice.MIN_ERRORS
                            ? (double) state.forecasterErrors[i] : null;
                }
            }
            errors.put(ForecasterChoice.NAMES[forecaster], byStep);
        }
        return new KeyStateView(state.eventCount, state.lastEventTime, state.modelVersion, forecast,
                state.lastRawScore, state.lastLikelihood, AnomalyScorer.logLikelihood(state.lastLikelihood),
                state.lastAnomaly, forecastBy, errors, state.lastPartition, state.lastOffset,
                AnomalyScorer.progress(anomaly, state.anomaly));
    }
}

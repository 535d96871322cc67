package io.streamcast.stream;

import io.streamcast.predict.InputSpec;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills one reused {@code Prediction} record from the step's result, for topics whose records are written with
 * another schema than the class's own (the subject's latest version), which only Avro's resolving writer can do.
 * Not thread-safe: one per stream thread.
 */
final class PredictionRecord {

    private final InputSpec spec;
    private final Prediction prediction = new Prediction();
    private final List<Double> observed = new ArrayList<>();
    private final List<List<Double>> forecast = new ArrayList<>();
    private final List<List<Double>> lower = new ArrayList<>();
    private final List<List<Double>> upper = new ArrayList<>();
    private final List<Double> residual = new ArrayList<>();

    PredictionRecord(InputSpec spec) {
        this.spec = spec;
        for (int k = 0; k < spec.horizon(); k++) {
            forecast.add(new ArrayList<>(spec.forecastCount()));
            lower.add(new ArrayList<>(spec.forecastCount()));
            upper.add(new ArrayList<>(spec.forecastCount()));
        }
    }

    /** The record, valid until the next call. */
    Prediction fill(String key, long eventTime, StepResult result) {
        observed.clear();
        for (int j = 0; j < spec.valueDimension(); j++) {
            observed.add(result.observed(j));
        }
        for (int k = 1; k <= spec.horizon(); k++) {
            List<Double> row = forecast.get(k - 1);
            List<Double> low = lower.get(k - 1);
            List<Double> high = upper.get(k - 1);
            row.clear();
            low.clear();
            high.clear();
            for (int j = 0; j < spec.forecastCount(); j++) {
                row.add(result.forecast(k, j));
                if (result.hasInterval()) {
                    low.add(result.lower(k, j));
                    high.add(result.upper(k, j));
                }
            }
        }
        residual.clear();
        for (int j = 0; j < result.residualCount(); j++) {
            residual.add(result.residual(j));
        }
        prediction.setKey(key);
        prediction.setEventTime(Instant.ofEpochMilli(eventTime));
        prediction.setObserved(observed);
        prediction.setForecast(forecast);
        prediction.setForecastLower(result.hasInterval() ? lower : List.of());
        prediction.setForecastUpper(result.hasInterval() ? upper : List.of());
        prediction.setIntervalCoverage(result.intervalCoverage());
        prediction.setResidual(residual);
        prediction.setRawScore(result.rawScore());
        prediction.setLikelihood(result.likelihood());
        prediction.setLogLikelihood(result.logLikelihood());
        prediction.setIsAnomaly(result.isAnomaly());
        prediction.setModelVersion(result.modelVersion());
        prediction.setWarmingUp(result.warmingUp());
        prediction.setAnomalyCause(result.anomalyCause().label());
        return prediction;
    }
}

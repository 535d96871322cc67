package io.streamcast.app.demo;

import io.streamcast.schema.Prediction;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores the predictions a demo reads: for each prediction after a key's first, the absolute error of the
 * one-step forecast made at the key's previous event, and that of persistence (the previous value). Their ratio
 * over a span of predictions is the mean absolute scaled error (MASE; below 1 beats persistence).
 */
final class ForecastErrors {

    private final Map<String, double[]> previous = new HashMap<>();
    private double[] modelErrors = new double[1024];
    private double[] naiveErrors = new double[1024];
    private int size;
    private int markAtLastCall;

    void add(Prediction prediction) {
        double observed = prediction.getObserved().get(0);
        double[] last = previous.get(prediction.getKey());
        if (last != null) {
            if (size == modelErrors.length) {
                modelErrors = java.util.Arrays.copyOf(modelErrors, 2 * size);
                naiveErrors = java.util.Arrays.copyOf(naiveErrors, 2 * size);
            }
            modelErrors[size] = Math.abs(observed - last[1]);
            naiveErrors[size] = Math.abs(observed - last[0]);
            size++;
        } else {
            last = new double[2];
            previous.put(prediction.getKey(), last);
        }
        last[0] = observed;
        last[1] = prediction.getForecast().get(0).get(0);
    }

    int keys() {
        return previous.size();
    }

    double maseSinceLastCall() {
        double mase = mase(markAtLastCall, size);
        markAtLastCall = size;
        return mase;
    }

    double maseOfFirstTenth() {
        return mase(0, size / 10);
    }

    double maseOfLastTenth() {
        return mase(size - size / 10, size);
    }

    private double mase(int from, int to) {
        double model = 0;
        double naive = 0;
        for (int i = from; i < to; i++) {
            model += modelErrors[i];
            naive += naiveErrors[i];
        }
        return naive == 0 ? Double.NaN : model / naive;
    }
}

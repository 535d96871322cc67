package io.streamcast.stream;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictions an uninterrupted stream makes for one key's events with one model throughout: the same per-key
 * step, applied in one go, without a store, a restart or a rebalance in between. A stream that crashes and
 * recovers must emit exactly these, as the key state goes through its store bit for bit.
 */
public final class UninterruptedPredictions {

    private UninterruptedPredictions() {
    }

    /**
     * @param model the model in use from the first event on, or null for the fallback
     * @return one prediction per accepted event, in order
     */
    public static List<Prediction> of(PredictorSettings settings, ForecastModel model, String key, long[] times,
                                      double[][] values) {
        KeyStep step = new KeyStep(settings);
        KeyMemory memory = step.newMemory();
        StepResult result = step.newResult();
        PredictionRecord record = new PredictionRecord(settings.spec());
        List<Prediction> predictions = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) {
            Rejection rejection = step.check(memory, times[i], times[i], values[i], values[i].length);
            if (rejection == null) {
                step.apply(memory, times[i], values[i], model, result);
                predictions.add(Prediction.newBuilder(record.fill(key, times[i], result)).build());
            }
        }
        return predictions;
    }
}

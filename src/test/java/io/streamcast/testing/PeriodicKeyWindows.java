package io.streamcast.testing;

import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.TrainingSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Training windows as a predictor sends them for four noisy periodic keys, each on its own scale. */
public final class PeriodicKeyWindows {

    private PeriodicKeyWindows() {
    }

    /** 400 one-minute events per key: a period of 12 events, amplitude 10, noise 0.5, level 50 times (key + 1). */
    public static List<TrainingSample> of(PredictorSettings settings) {
        return of(settings, 1);
    }

    /** As {@link #of(PredictorSettings)}, each event carrying the value {@code values} times. */
    public static List<TrainingSample> of(PredictorSettings settings, int values) {
        KeyStep step = new KeyStep(settings);
        StepResult result = step.newResult();
        SplittableRandom random = new SplittableRandom(3);
        List<TrainingSample> windows = new ArrayList<>();
        for (int key = 0; key < 4; key++) {
            KeyMemory state = step.newMemory();
            for (int i = 0; i < 400; i++) {
                double value = 50 * (key + 1) + 10 * Math.sin(2 * Math.PI * i / 12.0 + key)
                        + random.nextGaussian() * 0.5;
                double[] event = new double[values];
                java.util.Arrays.fill(event, value);
                step.apply(state, i * 60_000L, event, null, result);
                if (result.trainingWindowDue()) {
                    windows.add(step.trainingSample("key-" + key, state));
                }
            }
        }
        return windows;
    }
}

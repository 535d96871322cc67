package io.streamcast.predict;

import io.streamcast.schema.TrainingSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns a key's recent history into the training window it sends to the trainer. */
public final class TrainingWindows {

    private TrainingWindows() {
    }

    /**
     * The key's history, oldest first, scaled by its current scaler and clipped as the network's inputs are, so
     * that the whole window shares one scale.
     */
    public static TrainingSample sample(String key, KeyMemory state) {
        int v = state.valueDimension();
        int n = state.historySize;
        ByteBuffer times = ByteBuffer.allocate(n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = ByteBuffer.allocate(n * v * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            times.putLong(8 * i, state.historyTimes[i]);
            for (int j = 0; j < v; j++) {
                double z = Scaler.scale(state.mean, state.variance, j, state.historyValues[i * v + j]);
                float clipped = Math.max(-KeyStep.INPUT_CLIP, Math.min(KeyStep.INPUT_CLIP, (float) z));
                values.putFloat(4 * (i * v + j), clipped);
            }
        }
        return TrainingSample.newBuilder()
                .setKey(key)
                .setValueDimension(v)
                .setTimes(times)
                .setValues(values)
                .build();
    }
}

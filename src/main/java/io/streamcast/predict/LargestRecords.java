package io.streamcast.predict;

import io.streamcast.codec.BinaryWriter;
import java.util.SplittableRandom;

/**
 * How large the records a key produces can grow under given settings: its stored state once its history is full,
 * and the training window it sends. Measured by encoding a key filled with incompressible values through the real
 * codecs, so the figures follow whatever format is in place; used at start-up to refuse settings whose records no
 * producer could send.
 */
public final class LargestRecords {

    private LargestRecords() {
    }

    /**
     * Bytes of the largest stored key state.
     *
     * @param lstmStateFloats floats of LSTM state a model of the configured shape keeps per key
     */
    public static int keyState(PredictorSettings settings, int lstmStateFloats) {
        return new KeyStateCodec().encode(full(settings, lstmStateFloats)).length;
    }

    /** Bytes of the largest training window a key sends, without its key. */
    public static int trainingWindow(PredictorSettings settings) {
        KeyStep step = new KeyStep(settings);
        return step.encodeTrainingSample(new byte[0], full(settings, 0), new BinaryWriter()).length;
    }

    /** A key state with every array at its capacity and values no encoding can shorten. */
    private static KeyMemory full(PredictorSettings settings, int lstmStateFloats) {
        KeyMemory memory = new KeyStep(settings).newMemory();
        SplittableRandom random = new SplittableRandom(1);
        memory.eventCount = Long.MAX_VALUE;
        memory.lastEventTime = Long.MAX_VALUE;
        memory.modelVersion = Long.MAX_VALUE;
        for (int j = 0; j < memory.mean.length; j++) {
            memory.mean[j] = random.nextDouble();
            memory.variance[j] = 1 + random.nextDouble();
        }
        float[] lstm = memory.lstmState(lstmStateFloats);
        for (int i = 0; i < lstmStateFloats; i++) {
            lstm[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < memory.forecast.length; i++) {
            memory.forecast[i] = random.nextDouble();
        }
        memory.hasForecast = true;
        memory.historySize = memory.historyTimes.length;
        for (int i = 0; i < memory.historySize; i++) {
            memory.historyTimes[i] = random.nextLong();
        }
        for (int i = 0; i < memory.historyValues.length; i++) {
            memory.historyValues[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < memory.anomaly.length; i++) {
            memory.anomaly[i] = random.nextDouble();
        }
        memory.lastRawScore = random.nextDouble();
        memory.lastLikelihood = random.nextDouble();
        return memory;
    }
}

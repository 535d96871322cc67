package io.streamcast.predict;

import java.util.Arrays;

/**
 * The working copy of one key's state while its event is processed: plain arrays, reused from key to key, so
 * the per-event step allocates nothing. {@link KeyStateCodec} moves it to and from the stored
 * state bytes.
 */
public final class KeyMemory {

    long eventCount;
    /** The largest event time the key has seen: a late event applied within the grace period leaves it. */
    long lastEventTime;
    long modelVersion;
    final double[] mean;
    final double[] variance;
    float[] lstmState = new float[0];
    int lstmStateSize;
    final double[] forecast;
    boolean hasForecast;
    final long[] historyTimes;
    final float[] historyValues;
    int historySize;
    final double[] anomaly;
    double lastRawScore;
    double lastLikelihood = 0.5;

    public KeyMemory(InputSpec spec, int historyLength, int anomalyStateSize) {
        this.mean = new double[spec.valueDimension()];
        this.variance = new double[spec.valueDimension()];
        this.forecast = new double[spec.outputSize()];
        this.historyTimes = new long[historyLength];
        this.historyValues = new float[historyLength * spec.valueDimension()];
        this.anomaly = new double[anomalyStateSize];
    }

    /** Forgets everything: the state of a key never seen. */
    public void reset() {
        eventCount = 0;
        lastEventTime = Long.MIN_VALUE;
        modelVersion = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(variance, 0);
        lstmStateSize = 0;
        hasForecast = false;
        historySize = 0;
        Arrays.fill(anomaly, 0);
        lastRawScore = 0;
        lastLikelihood = 0.5;
    }

    public long eventCount() {
        return eventCount;
    }

    /** The largest event time the key has seen. */
    public long lastEventTime() {
        return lastEventTime;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public int valueDimension() {
        return mean.length;
    }

    public int historyLength() {
        return historyTimes.length;
    }

    public int historySize() {
        return historySize;
    }

    float[] lstmState(int size) {
        if (lstmState.length < size) {
            lstmState = new float[size];
        }
        lstmStateSize = size;
        return lstmState;
    }

    void appendHistory(long time, double[] values) {
        int v = mean.length;
        if (historySize == historyTimes.length) {
            System.arraycopy(historyTimes, 1, historyTimes, 0, historySize - 1);
            System.arraycopy(historyValues, v, historyValues, 0, (historySize - 1) * v);
            historySize--;
        }
        historyTimes[historySize] = time;
        for (int j = 0; j < v; j++) {
            historyValues[historySize * v + j] = (float) values[j];
        }
        historySize++;
    }
}

package io.streamcast.predict;

/**
 * Stored key states as no step writes them, for tests outside this package of what such a state does to its key:
 * a state the step wrote, decoded, changed in fields only this package reaches, and encoded again.
 */
public final class DamagedKeyStates {

    private DamagedKeyStates() {
    }

    /**
     * {@code stored} with the scaling statistics of its first value, the raw values' and their signed logs' alike,
     * set to {@code mean} and {@code variance}.
     */
    public static byte[] withScaling(PredictorSettings settings, byte[] stored, double mean, double variance) {
        KeyMemory memory = new KeyStep(settings).newMemory();
        KeyStateCodec codec = new KeyStateCodec();
        if (codec.decode(stored, memory) != KeyStateCodec.Outcome.LOADED) {
            throw new IllegalArgumentException("not a state stored under these settings");
        }
        memory.mean[0] = mean;
        memory.variance[0] = variance;
        memory.logMean[0] = mean;
        memory.logVariance[0] = variance;
        return codec.encode(memory);
    }
}

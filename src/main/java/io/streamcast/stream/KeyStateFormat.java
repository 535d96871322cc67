package io.streamcast.stream;

import io.streamcast.codec.UndecodableStateException;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStateView;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;

/**
 * Reads the key-state store's values from outside the predictor, as queries do. The values are in
 * {@link KeyStateCodec}'s format; safe for concurrent use (each read decodes into its own memory).
 */
public final class KeyStateFormat {

    private final PredictorSettings settings;

    public KeyStateFormat(PredictorSettings settings) {
        this.settings = settings;
    }

    /** A fresh working state for these settings, with the codec to fill it. */
    public KeyMemory decode(byte[] stored) {
        KeyMemory memory = new KeyStep(settings).newMemory();
        new KeyStateCodec().decode(stored, memory);
        return memory;
    }

    /**
     * The query view of a stored state; null for null.
     *
     * @throws UndecodableStateException when the state does not fit the current settings (another value dimension,
     *         or in an earlier release's format another history length or forecast shape): its view would be an empty
     *         key's, which is not what is stored; the predictor starts the key afresh with its next accepted event
     */
    public KeyStateView view(byte[] stored) {
        if (stored == null) {
            return null;
        }
        KeyMemory memory = new KeyStep(settings).newMemory();
        KeyStateCodec codec = new KeyStateCodec();
        if (codec.decode(stored, memory) == KeyStateCodec.Outcome.RESET) {
            throw new UndecodableStateException("it was stored under other settings than the current ones ("
                    + codec.describeUnfit() + "), which it is kept for");
        }
        return KeyStateView.of(memory, settings.spec(), settings.anomaly());
    }
}

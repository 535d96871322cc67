package io.streamcast.stream;

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

    /** The query view of a stored state; null for null. */
    public KeyStateView view(byte[] stored) {
        return stored == null ? null : KeyStateView.of(decode(stored), settings.spec());
    }
}

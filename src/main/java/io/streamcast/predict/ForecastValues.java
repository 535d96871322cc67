package io.streamcast.predict;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * Which event values a key's per-forecast-value components were built for: their indices, stored at the head of the
 * forecast, detector, intervals, forecasters and interval widths sections ({@link KeyStateSections}). Those sections'
 * sizes tell only how many values are forecast, so a configuration that forecasts another value, or the same ones in
 * another order, fits every size: without the indices a restored key would go on judging one value by another's
 * forecasts, interval calibration, forecaster records and detector statistics until they were replaced. Each section
 * stores them itself, so that it can be read, or started afresh, alone.
 *
 * <p>Stored form: the count, then each index (varints).
 */
final class ForecastValues {

    private ForecastValues() {
    }

    static void write(KeyMemory state, BinaryWriter out) {
        out.writeVarLong(state.forecastCount());
        for (int j = 0; j < state.forecastCount(); j++) {
            out.writeVarLong(state.forecastIndex(j));
        }
    }

    /**
     * Reads the stored indices; whether they are the key's now. After false the section's remaining bytes are
     * unread, which the codec skips.
     */
    static boolean match(KeyMemory state, BinaryReader in) {
        if (in.readCount(in.remaining()) != state.forecastCount()) {
            return false;
        }
        for (int j = 0; j < state.forecastCount(); j++) {
            if (in.readVarLong() != state.forecastIndex(j)) {
                return false;
            }
        }
        return true;
    }
}

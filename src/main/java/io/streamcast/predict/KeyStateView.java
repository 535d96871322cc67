package io.streamcast.predict;

import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.schema.KeyState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A read-only summary of a stored key state, for queries: the latest forecast and anomaly scores.
 *
 * @param forecast forecast made after the last event, [horizon][forecast value], in the units of the input;
 *                 empty before the first event
 */
public record KeyStateView(long eventCount, long lastEventTime, long modelVersion, double[][] forecast,
                           double rawScore, double likelihood, double logLikelihood) {

    public static KeyStateView of(KeyState state, InputSpec spec) {
        ByteBuffer bytes = state.getForecast().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int f = spec.forecastCount();
        boolean present = bytes.remaining() >= spec.forecastSize() * Double.BYTES;
        double[][] forecast = new double[present ? spec.horizon() : 0][f];
        for (int k = 0; k < forecast.length; k++) {
            for (int j = 0; j < f; j++) {
                forecast[k][j] = bytes.getDouble(bytes.position() + 8 * (k * f + j));
            }
        }
        return new KeyStateView(state.getEventCount(), state.getLastEventTime(), state.getModelVersion(), forecast,
                state.getLastRawScore(), state.getLastLikelihood(),
                AnomalyScorer.logLikelihood(state.getLastLikelihood()));
    }
}

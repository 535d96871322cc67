package io.streamcast.recent;

import io.streamcast.anomaly.Scoring;

/**
 * A copy of one key's latest predictions, oldest first, for the first forecast value. Forecasts and bounds are
 * NaN where there were none: before the key's first forecast, and for bounds while forecasts carry no interval.
 *
 * @param forecast      at each event, the forecast that was made for it at the key's previous event
 * @param scoring       at each event, how far it was scored: not in the key's learning period, in part while its
 *                      forecast errors relearned
 * @param nextForecast  the forecast made at the latest event for the next one
 */
public record KeySeries(String key, long[] times, double[] actual, double[] forecast, double[] lower,
                        double[] upper, double[] likelihood, boolean[] anomaly, Scoring[] scoring, long[] modelVersion,
                        double nextForecast, double nextLower, double nextUpper) {

    public int size() {
        return times.length;
    }
}

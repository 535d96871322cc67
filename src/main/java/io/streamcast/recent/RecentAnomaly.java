package io.streamcast.recent;

/**
 * An event flagged as an anomaly.
 *
 * @param forecast the forecast that was made for the event, NaN when there was none
 */
public record RecentAnomaly(String key, long eventTime, double actual, double forecast, double logLikelihood,
                            long modelVersion) {
}

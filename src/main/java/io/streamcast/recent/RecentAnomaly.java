package io.streamcast.recent;

import io.streamcast.anomaly.Statistic;

/**
 * An event flagged as an anomaly.
 *
 * @param forecast the forecast that was made for the event, NaN when there was none
 * @param cause    the statistic the event broke its record by most
 */
public record RecentAnomaly(String key, long eventTime, double actual, double forecast, double likelihood,
                            long modelVersion, Statistic cause) {
}

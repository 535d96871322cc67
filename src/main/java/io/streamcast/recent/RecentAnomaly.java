package io.streamcast.recent;

import io.streamcast.anomaly.Statistic;

/**
 * An event flagged as an anomaly.
 *
 * @param key      the record key of the event: its bytes, which need not be UTF-8; not to be changed
 * @param forecast the forecast that was made for the event, NaN when there was none
 * @param cause    the statistic the event broke its record by most
 */
public record RecentAnomaly(byte[] key, long eventTime, double actual, double forecast, double likelihood,
                            long modelVersion, Statistic cause) {
}

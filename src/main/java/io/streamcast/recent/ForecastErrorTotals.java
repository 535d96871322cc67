package io.streamcast.recent;

/**
 * Running sums over every event of a tracked key that had a forecast and a previous value: the absolute error of
 * the forecast, and that of persistence (the previous value). The ratio of their increments over a span is the
 * mean absolute scaled error (below 1 beats persistence).
 */
public record ForecastErrorTotals(long events, double modelAbsoluteError, double persistenceAbsoluteError) {
}

package io.streamcast.anomaly;

import java.util.Locale;

/**
 * The statistics {@link AnomalyScorer} compares with a key's records; an event's score comes from the one it breaks
 * by most, its {@link DetectorState#cause() cause}.
 */
public enum Statistic {
    /** The event broke no record. */
    NONE,
    /** The value lies outside everything the key has taken. */
    RANGE,
    /** The forecaster has lately been off in one direction. */
    DRIFT,
    /** The forecaster's recent errors have been large. */
    VOLATILITY,
    /** The key has lately strayed from what it usually does at that hour of the day. */
    DAILY,
    /** The key has lately strayed from what it usually does at that half hour of the week. */
    WEEKLY,
    /** More of the forecaster's recent errors than usual have been far larger than its typical error. */
    SURPRISE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /**
     * The name records and pages show: {@code none}, {@code range}, {@code drift}, {@code volatility}, {@code daily},
     * {@code weekly}, {@code surprise}.
     */
    public String label() {
        return label;
    }
}

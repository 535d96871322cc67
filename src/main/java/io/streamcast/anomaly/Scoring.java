package io.streamcast.anomaly;

import java.util.Locale;

/**
 * How far an event was scored: a key's first {@code anomaly.learning.period} events are not scored at all (its
 * likelihood is 0 whatever it does), and after the key's forecast errors start afresh (a new model version, most
 * often) their statistics learn for {@code anomaly.relearning.period} errors before they score again, while the
 * value's range and rhythms go on scoring.
 */
public enum Scoring {
    SCORED, LEARNING, RELEARNING;

    /** The name in the console's answers. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.streamcast.anomaly;

/**
 * How far a key is from being scored in full, as of its next event.
 *
 * @param learningPeriod       events a key needs before its events are scored ({@code anomaly.learning.period})
 * @param learningEventsLeft   of the key's next events, how many will not be scored (0 once the key is scored)
 * @param relearningPeriod     forecast errors the error statistics learn from after they start afresh, once the key
 *                             has been scored ({@code anomaly.relearning.period})
 * @param relearningErrorsLeft of the key's next forecast errors, how many its error statistics will not score (0
 *                             when they score, or while the key is still in its learning period)
 */
public record ScoringProgress(int learningPeriod, long learningEventsLeft, int relearningPeriod,
                              long relearningErrorsLeft) {
}

package io.streamcast.anomaly;

/**
 * When a scored event is an anomaly: its score reaches the threshold, and either the key is not in a refractory
 * period, which an anomaly starts and which lasts a number of the key's events, or the event escalates the anomaly
 * that started it. The one rule the stream applies and the offline evaluation replays at every threshold it tries.
 *
 * <p>An event escalates an anomaly when it breaks its statistic's record {@code escalation} times as far as the
 * anomaly did: a score s is {@code 1 - 1/R} for the ratio R of a statistic to its record, so that is
 * {@code R > escalation * R'}. A refractory period keeps an episode to one alarm; without the escalation a weak
 * alarm would also silence a far stronger anomaly for the rest of its period, and on a key whose events are sparse
 * that period is long. 0 turns it off.
 *
 * @param threshold        score from which an event is an anomaly
 * @param refractoryEvents events after an anomaly during which the key raises no new one unless it escalates
 * @param escalation       how many times further past its record an event in a refractory period must be than the
 *                         anomaly that started it; 0 for never
 */
public record AlarmRule(double threshold, int refractoryEvents, double escalation) {

    /** The quiet-until of a key that has raised no anomaly. */
    public static final long NEVER = -1;
    /**
     * The anomaly score of a key that has raised none, or whose anomaly's score is not known: no event escalates it.
     */
    public static final double NO_ANOMALY = 1;

    public AlarmRule {
        requireValid(refractoryEvents, escalation);
    }

    /** Refuses a refractory period or an escalation no rule can have; {@link AnomalySettings} checks its own so. */
    static void requireValid(int refractoryEvents, double escalation) {
        if (refractoryEvents < 0) {
            throw new IllegalArgumentException("refractory events must not be negative, got " + refractoryEvents);
        }
        if (!(escalation == 0 || escalation >= 1)) {
            throw new IllegalArgumentException("refractory escalation must be 0 (off) or at least 1, got "
                    + escalation);
        }
    }

    public static AlarmRule of(AnomalySettings settings) {
        return new AlarmRule(settings.threshold(), settings.refractoryEvents(), settings.refractoryEscalation());
    }

    /** Every event that reaches the threshold is an anomaly: scores taken as they are. */
    public static AlarmRule everyEvent(double threshold) {
        return new AlarmRule(threshold, 0, 0);
    }

    public AlarmRule withThreshold(double newThreshold) {
        return new AlarmRule(newThreshold, refractoryEvents, escalation);
    }

    /**
     * Whether the key's event number {@code event} (0-based) with this score raises an anomaly, the key being quiet
     * until event {@code quietUntil} after an anomaly that scored {@code quietScore}.
     */
    public boolean fires(double score, long event, long quietUntil, double quietScore) {
        return score >= threshold && (event > quietUntil || escalates(score, quietScore));
    }

    /** The last event of the refractory period an anomaly at {@code event} starts. */
    public long quietUntil(long event) {
        return event + refractoryEvents;
    }

    /** The anomaly that started the refractory period ending at {@code quietUntil}; {@link #NEVER} for none. */
    public long anomalyBefore(long quietUntil) {
        return quietUntil == NEVER ? NEVER : quietUntil - refractoryEvents;
    }

    /** {@code R > escalation * R'} with {@code R = 1 / (1 - score)}, written without dividing by 0 at score 1. */
    private boolean escalates(double score, double earlier) {
        return escalation > 0 && 1 - earlier > escalation * (1 - score);
    }
}

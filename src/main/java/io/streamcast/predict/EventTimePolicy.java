package io.streamcast.predict;

/**
 * Which event times a key accepts. A key remembers the largest event time it has seen. An event earlier than
 * that is late: under {@link LateEvents#REFUSE} it is refused, under {@link LateEvents#APPLY} it is applied in
 * arrival order as long as it is at most {@code graceMillis} late. An event further ahead of the wall clock than
 * {@code futureLimitMillis} is refused whatever the policy: accepted, it would become the key's latest time and make
 * its genuine later events late; so is one before the year 1 ({@link #EARLIEST_EVENT_TIME}).
 *
 * @param lateEvents        what happens to an event earlier than the key's latest
 * @param graceMillis       how late an event may be and still be applied under {@link LateEvents#APPLY}
 * @param futureLimitMillis how far ahead of the wall clock an event time may be
 */
public record EventTimePolicy(LateEvents lateEvents, long graceMillis, long futureLimitMillis) {

    /** What happens to an event earlier than the latest event time its key has seen. */
    public enum LateEvents {
        /** Refuse every late event. */
        REFUSE,
        /** Apply a late event in arrival order when it is within the grace period; refuse it otherwise. */
        APPLY
    }

    /**
     * One hour: a clock that stamps local time steps back an hour when daylight-saving time ends, and NTP
     * corrections step clocks back by far less.
     */
    public static final long DEFAULT_GRACE_MILLIS = 3_600_000L;

    /**
     * One hour, equal to the default grace: an event accepted ahead of the wall clock makes the key's later events at
     * most that late (plus their delivery delay), so under the default policy it cannot lock its key. The limit is
     * measured from the instance's wall clock, not from a record's timestamp, which a producer with a wrong clock
     * sets: an instance whose clock is behind the producers' by more than the limit refuses their events.
     */
    public static final long DEFAULT_FUTURE_LIMIT_MILLIS = 3_600_000L;

    /**
     * How far a wall clock may step back, beyond what the future limit allows, before a key's latest time is taken
     * for one that clock can no longer have produced: NTP corrects a clock by seconds at most.
     */
    public static final long CLOCK_STEP_MARGIN_MILLIS = 60_000L;

    /**
     * 0001-01-01T00:00:00Z, the earliest event time accepted: the first instant of the dates that clients' date types
     * hold (Python's datetime, .NET's DateTime, SQL's timestamps start there).
     */
    public static final long EARLIEST_EVENT_TIME = -62_135_596_800_000L;

    /** 9999-12-31T23:59:59.999Z, the latest event time accepted, whatever the future limit: the last of those dates. */
    public static final long LATEST_EVENT_TIME = 253_402_300_799_999L;

    public EventTimePolicy {
        if (lateEvents == null) {
            throw new IllegalArgumentException("the late-event policy must be given");
        }
        if (graceMillis < 0 || futureLimitMillis < 0) {
            throw new IllegalArgumentException("grace and future limit must not be negative");
        }
    }

    /** Late events within an hour applied in arrival order; events more than an hour ahead refused. */
    public static EventTimePolicy defaults() {
        return new EventTimePolicy(LateEvents.APPLY, DEFAULT_GRACE_MILLIS, DEFAULT_FUTURE_LIMIT_MILLIS);
    }

    /**
     * Why an event at {@code eventTime} must be refused, or null.
     *
     * @param latestTime    the largest event time the key has seen; ignored when {@code seenAny} is false
     * @param referenceTime the wall clock
     */
    public Rejection judge(boolean seenAny, long latestTime, long eventTime, long referenceTime) {
        if (eventTime > referenceTime && exceeds(eventTime - referenceTime, futureLimitMillis)
                || eventTime > LATEST_EVENT_TIME) {
            return Rejection.FAR_FUTURE;
        }
        if (eventTime < EARLIEST_EVENT_TIME) {
            return Rejection.FAR_PAST;
        }
        if (seenAny && eventTime < latestTime
                && (lateEvents == LateEvents.REFUSE || exceeds(latestTime - eventTime, graceMillis))) {
            return Rejection.OUT_OF_ORDER;
        }
        return null;
    }

    /**
     * Whether a key's latest event time lies further ahead of {@code referenceTime} than any event could have been
     * accepted ahead of it: an event is accepted at most the future limit ahead of the wall clock. Such a time can
     * only have been accepted while the wall clock was ahead (a host that booted with a wrong clock, corrected since),
     * and it would make the key refuse every genuine event as late until the clock reached it.
     *
     * @param referenceTime the wall clock
     */
    public boolean outrunsTheClock(long latestTime, long referenceTime) {
        long reach = futureLimitMillis > Long.MAX_VALUE - CLOCK_STEP_MARGIN_MILLIS ? Long.MAX_VALUE
                : futureLimitMillis + CLOCK_STEP_MARGIN_MILLIS;
        return latestTime > referenceTime && exceeds(latestTime - referenceTime, reach);
    }

    /**
     * Whether the positive difference {@code a - b} of two longs with {@code a > b}, computed as {@code a - b}
     * (which wraps for times at opposite ends of the range), exceeds {@code limit}: read unsigned, it is exact.
     */
    private static boolean exceeds(long difference, long limit) {
        return Long.compareUnsigned(difference, limit) > 0;
    }
}

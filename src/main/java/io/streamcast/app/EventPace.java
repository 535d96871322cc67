package io.streamcast.app;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Which rates the commands that send events at a steady pace (demo, produce-demo, soak) can keep. They count the
 * moment each event is due in nanoseconds in a long, which holds about 292 years: at a rate so low that the events
 * take longer (1e-10 events/s is one event in 317 years), the moment no longer fit, the command waited for ever after
 * its first event, and it said it sent "at 0/s".
 */
public final class EventPace {

    private static final double NANOS_PER_SECOND = 1e9;
    /** The longest schedule the pacing can count, in years, for the message. */
    private static final long LONGEST_YEARS = (long) (Long.MAX_VALUE / NANOS_PER_SECOND / (365.25 * 86_400));

    private EventPace() {
    }

    /**
     * @param option          the option that gave the rate, named in the message
     * @param eventsPerSecond the rate; 0, which sends without a pace, passes (its sign is for the command to check)
     * @param events          events the schedule holds; 0 for a stream until stopped, whose each next event must fit
     * @throws IllegalArgumentException naming {@code option} and the lowest rate that fits, when the events at
     *                                  {@code eventsPerSecond} take longer than the pacing can count
     */
    public static void requireFits(String option, double eventsPerSecond, long events) {
        if (!(eventsPerSecond > 0)) {
            return;
        }
        long counted = Math.max(1, events);
        if (counted * NANOS_PER_SECOND / eventsPerSecond < Long.MAX_VALUE) {
            return;
        }
        BigDecimal lowest = new BigDecimal(counted * NANOS_PER_SECOND / Long.MAX_VALUE)
                .round(new MathContext(2, RoundingMode.UP));
        String what = events > 0 ? events + " events take" : "the wait for each next event takes";
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is too low: at that rate %s longer than"
                + " the %d years that pacing counts in nanoseconds; give at least %s events/s", option,
                eventsPerSecond, what, LONGEST_YEARS, lowest.toString()));
    }
}

package io.streamcast.app.cli;

import java.util.ArrayList;
import java.util.List;

/** The bounds of the options that shape the demo's stream, which {@code demo} and {@code produce-demo} share. */
final class DemoStreamOptions {

    private DemoStreamOptions() {
    }

    /**
     * A line for each option out of bounds, naming it and its value; empty when all are fine.
     *
     * @param whenUnbounded what 0 events does, in the command's words
     */
    static List<String> refusals(int keys, double rate, long events, String whenUnbounded) {
        List<String> refused = new ArrayList<>();
        if (keys < 1) {
            refused.add("--keys " + keys + ": must be at least 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            // an infinite rate would pace nothing while saying "at Infinity/s": 0 is how to send without a pace
            refused.add("--rate " + rate + ": must be a finite number not negative (0 for as fast as possible)");
        }
        if (events < 0) {
            refused.add("--events " + events + ": must not be negative (0 " + whenUnbounded + ")");
        }
        if (events > 0 && keys > events) {
            // every step gives each key one event in turn, so the keys after the first N would have none
            refused.add("--events " + events + " is fewer than --keys " + keys + ": " + (keys - events)
                    + " keys would get no event; give --events at least " + keys + " or --keys at most " + events);
        }
        return refused;
    }
}

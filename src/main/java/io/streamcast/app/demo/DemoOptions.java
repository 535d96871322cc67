package io.streamcast.app.demo;

import java.util.Locale;

/**
 * @param events   events to send and see predicted before the demo ends; 0 runs until stopped
 * @param rate     events per second to send; 0 sends as fast as the broker takes them
 * @param httpPort port of the HTTP endpoints and the console on the loopback interface; 0 takes a free port
 */
public record DemoOptions(int keys, long events, double rate, long seed, String registryUrl, int httpPort) {

    /**
     * Pace of a demo unless told otherwise: lively to watch, light on the machine, and slow enough that a run of
     * 20,000 events lasts long enough for training rounds to publish models while it runs.
     */
    public static final double DEFAULT_RATE = 500;

    /**
     * How much the demo sends and how fast, e.g. {@code 20 keys, 40000 events at 500/s}, or {@code 20 keys, 500
     * events/s until Ctrl-C} when it runs until stopped.
     */
    public String describe() {
        String pace = rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : null;
        if (events > 0) {
            return keys + " keys, " + events + " events "
                    + (pace != null ? "at " + pace + "/s" : "as fast as they are taken");
        }
        return keys + " keys, " + (pace != null ? pace + " events/s" : "events as fast as they are taken")
                + " until Ctrl-C";
    }
}

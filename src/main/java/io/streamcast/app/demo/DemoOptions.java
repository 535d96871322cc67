package io.streamcast.app.demo;

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
}

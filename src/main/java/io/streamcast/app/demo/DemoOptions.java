package io.streamcast.app.demo;

/**
 * @param events   events to send and see predicted before the demo ends; 0 runs until stopped
 * @param httpPort port of the HTTP endpoints on the loopback interface; 0 takes a free port
 */
public record DemoOptions(int keys, long events, long seed, String registryUrl, int httpPort) {
}

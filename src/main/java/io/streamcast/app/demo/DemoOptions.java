package io.streamcast.app.demo;

/**
 * @param events events to send and see predicted before the demo ends; 0 runs until stopped
 */
public record DemoOptions(int keys, long events, long seed, String registryUrl) {
}

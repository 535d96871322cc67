package io.streamcast.app.bench;

/**
 * What one measured instance did with the benchmark's events.
 *
 * @param eventsPerSecond       events processed per second, from the first processed to the last
 * @param processingMicros      per-event processing time in the processor, p50, p99 and p99.9, microseconds
 * @param stateBytesPerKey      mean size of a key's stored state
 * @param changelogBytesPerEvent bytes the state store's changelog grew by per event, on the broker
 * @param peakHeapBytes         largest heap in use seen during the run (this JVM: the instance and the bench's
 *                              producer and consumer)
 * @param liveHeapBytes         heap in use after a full collection at the end of the run
 * @param peakResidentBytes     largest resident set seen during the run
 * @param trainingCpuSeconds    CPU time the trainer's threads used while the events were processed
 * @param trainingRounds        training rounds finished while the events were processed
 * @param rewarms               keys re-warmed into a new model version
 * @param latencyMillis         end-to-end latency from the event's append to the log to its prediction being
 *                              readable (read_committed), p50, p99 and p99.9, or null when not measured
 */
public record StreamBenchResult(String variant, double eventsPerSecond, double[] processingMicros,
                                double stateBytesPerKey, double changelogBytesPerEvent, long peakHeapBytes,
                                long liveHeapBytes, long peakResidentBytes, double trainingCpuSeconds,
                                long trainingRounds, long rewarms, double[] latencyMillis) {
}

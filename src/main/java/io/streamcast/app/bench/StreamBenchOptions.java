package io.streamcast.app.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * One configuration of the stream benchmark.
 *
 * @param events           events produced and processed by each measured instance
 * @param keys             keys the events are spread over, round robin
 * @param hidden           hidden units of the model in use
 * @param partitions       partitions of the events topic
 * @param trainingOff      measure Streamcast with its trainer off
 * @param trainingOn       measure Streamcast with its trainer on and a training round running
 * @param bootstrapServers an existing cluster, or null for a broker started for the run
 * @param registryUrl      schema registry of the events and predictions
 * @param latencySeconds   seconds of paced events after the backlog, for the end-to-end latency (0: none)
 * @param latencyRate      events per second of that phase
 * @param seed             seed of the synthetic events and of the model
 * @param repeats          runs of each instance, alternating; the fastest of each is reported
 */
public record StreamBenchOptions(long events, int keys, int hidden, int partitions, boolean trainingOff,
                                 boolean trainingOn, String bootstrapServers, String registryUrl,
                                 int latencySeconds, double latencyRate, long seed, int repeats) {

    public StreamBenchOptions {
        // each option named with its value, as the other commands name a bad option
        requireAtLeast("--keys", keys, 1);
        if (events < keys) {
            throw new IllegalArgumentException("--events " + events + ": must be at least --keys (" + keys + ")");
        }
        requireAtLeast("--hidden", hidden, 1);
        requireAtLeast("--partitions", partitions, 1);
        requireAtLeast("--latency-seconds", latencySeconds, 0);
        requireAtLeast("--repeats", repeats, 1);
        // NaN passed "latencyRate <= 0": no paced event was sent, and the latency reported was 0 ms; an infinite rate
        // sent events without end
        if (!(latencyRate > 0) || Double.isInfinite(latencyRate)) {
            throw new IllegalArgumentException("--latency-rate " + latencyRate + ": must be a positive, finite"
                    + " number of events per second");
        }
        if (latencySeconds > 0 && latencyRate * latencySeconds < 1) {
            // the phase sends latencyRate * latencySeconds events, rounded down: none at 1e-10 events/s, and it
            // reported a latency of 0 ms. At least one event also keeps every event's moment, at most
            // --latency-seconds after the start, within what its pacing counts in nanoseconds.
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--latency-rate %s sends no event in"
                    + " --latency-seconds %d: give at least %s events/s, or --latency-seconds 0 to skip the latency",
                    latencyRate, latencySeconds, BigDecimal.valueOf(1.0 / latencySeconds)
                    .round(new MathContext(3, RoundingMode.UP)).stripTrailingZeros().toPlainString()));
        }
        if (!trainingOff && !trainingOn) {
            throw new IllegalArgumentException("measure training off, on, or both");
        }
    }

    private static void requireAtLeast(String option, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " " + value + ": must be at least " + least);
        }
    }
}

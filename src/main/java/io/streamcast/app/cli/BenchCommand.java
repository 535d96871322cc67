package io.streamcast.app.cli;

import io.streamcast.app.bench.BenchSetupException;
import io.streamcast.app.bench.StreamBench;
import io.streamcast.app.bench.StreamBenchOptions;
import io.streamcast.app.bench.StreamBenchResult;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "The stream benchmark: produces events for many keys, then processes them with a no-op"
                + " stateful exactly-once passthrough (what Kafka itself costs) and with Streamcast, a model of"
                + " the given size in use, and prints throughput, their ratio, per-event processing percentiles,"
                + " end-to-end latency, state and changelog bytes, heap and resident memory.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "500000", description = "Events to process (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--keys", defaultValue = "10000", description = "Keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--hidden", defaultValue = "32",
            description = "Hidden units of the model (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--partitions", defaultValue = "1",
            description = "Partitions of the events topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--training", defaultValue = "off",
            description = "Measure Streamcast with its trainer off, on (a training round running) or both"
                    + " (default: ${DEFAULT-VALUE}).")
    String training;

    @Option(names = "--bootstrap-servers",
            description = "An existing cluster to run against (default: a broker started in a child process).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "mock://streamcast-bench",
            description = "Schema registry of the events and predictions (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--latency-seconds", defaultValue = "10",
            description = "Seconds of events at a steady rate after the backlog, for the end-to-end latency; 0"
                    + " skips it (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-rate", defaultValue = "2000",
            description = "Events per second of that phase (default: ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the events and model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--repeats", defaultValue = "2",
            description = "Rounds of runs of every instance, the passthrough first in odd rounds and last in even"
                    + " ones; the fastest run of each instance is reported, so that JIT warm-up and passing load"
                    + " count less (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--set", description = "A setting for every measured instance, KEY=VALUE; repeatable"
            + " (e.g. --set rocksdb.memory.bytes=268435456). Kafka client settings (security.protocol,"
            + " sasl.jaas.config) reach the bench's own clients too.")
    Map<String, String> settings = Map.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String setTwice = setTwice();
        if (setTwice != null) {
            System.err.println("--set " + setTwice + " is given twice, with different values; keep one");
            return 2;
        }
        if (!List.of("off", "on", "both").contains(training)) {
            // said as the other commands say a bad option, naming it and its value
            System.err.println("--training " + training + ": must be off, on or both");
            return 2;
        }
        boolean off = training.equals("off") || training.equals("both");
        boolean on = training.equals("on") || training.equals("both");
        StreamBenchOptions options;
        try {
            options = new StreamBenchOptions(events, keys, hidden, partitions, off, on, bootstrapServers, registryUrl,
                    latencySeconds, latencyRate, seed, repeats);
        } catch (IllegalArgumentException e) {
            // names the option and its value, as the other commands do
            System.err.println(e.getMessage());
            return 2;
        }
        StreamBench bench;
        try {
            bench = new StreamBench(options, Map.copyOf(settings), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        List<StreamBenchResult> results;
        try {
            results = bench.run();
        } catch (BenchSetupException e) {
            System.err.println("bench: " + UserErrors.withCause(e));
            return 1;
        }
        print(results, events, System.out);
        return 0;
    }

    /**
     * A key that {@code --set} gives twice with different values, or null. Why: picocli keeps the last without a word,
     * and the bench would measure with one of them, unsaid.
     */
    private String setTwice() {
        OptionSpec set = spec.findOption("--set");
        Map<String, String> given = new HashMap<>();
        for (String pair : set.originalStringValues()) {
            int equals = pair.indexOf('=');
            String key = pair.substring(0, equals).trim();
            String previous = given.put(key, pair.substring(equals + 1).trim());
            if (previous != null && !previous.equals(given.get(key))) {
                return key;
            }
        }
        return null;
    }

    static void print(List<StreamBenchResult> results, long events, PrintStream out) {
        double baseline = results.get(0).eventsPerSecond();
        out.println();
        out.println("| variant | events/s | × passthrough | p50 µs | p99 µs | p99.9 µs | state B/key"
                + " | changelog B/event | heap peak MB | heap live MB | RSS peak MB |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (StreamBenchResult r : results) {
            out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.1f | %.1f | %.1f | %,.0f | %,.0f | %,d | %,d | %,d |%n",
                    r.variant(), r.eventsPerSecond(), r.eventsPerSecond() / baseline, r.processingMicros()[0],
                    r.processingMicros()[1], r.processingMicros()[2], r.stateBytesPerKey(),
                    r.changelogBytesPerEvent(), r.peakHeapBytes() >> 20, r.liveHeapBytes() >> 20,
                    r.peakResidentBytes() >> 20);
        }
        for (StreamBenchResult r : results) {
            if (r.variant().endsWith("on")) {
                out.printf(Locale.ROOT, "%s: trainer threads used %.1f s of CPU in the %.1f s the events took (%.0f%%),"
                        + " %d training rounds finished, %,d keys re-warmed into new versions%n", r.variant(),
                        r.trainingCpuSeconds(), events / r.eventsPerSecond(),
                        100 * r.trainingCpuSeconds() / (events / r.eventsPerSecond()), r.trainingRounds(),
                        r.rewarms());
            }
            if (r.latencyMillis() != null) {
                out.printf(Locale.ROOT, "%s: end-to-end latency (append to readable prediction) p50 %.0f ms, p99"
                        + " %.0f ms, p99.9 %.0f ms%n", r.variant(), r.latencyMillis()[0], r.latencyMillis()[1],
                        r.latencyMillis()[2]);
            }
        }
    }
}

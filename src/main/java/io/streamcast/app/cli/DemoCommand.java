package io.streamcast.app.cli;

import io.streamcast.app.EventPace;
import io.streamcast.app.SettingsLoader;
import io.streamcast.app.demo.DemoLogging;
import io.streamcast.app.demo.DemoOptions;
import io.streamcast.app.demo.DemoRunner;
import io.streamcast.app.demo.DemoSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a Kafka broker in this JVM, streams synthetic metrics for many keys through"
                + " Streamcast, serves the web console and prints progress; with --events, ends with a summary line.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "20", description = "Number of keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--events", defaultValue = "0",
            description = "Stop after this many events have been predicted; 0 runs until Ctrl-C"
                    + " (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--rate", description = "Events per second to send; 0 sends as fast as they are taken"
            + " (default: " + (long) DemoOptions.DEFAULT_RATE + ").")
    Double rate;

    @Option(names = "--verbose", description = "Show Kafka's own logging and Streamcast's informational lines.")
    boolean verbose;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the synthetic stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schema-registry-url", defaultValue = "mock://streamcast-demo",
            description = "Schema registry to use (default: an in-memory one, ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--http-port", defaultValue = "0",
            description = "Port of the web console and the HTTP endpoints (metrics, health, /keys/{key}, /model)"
                    + " on localhost; 0 takes a free port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        double pace = rate != null ? rate : DemoOptions.DEFAULT_RATE;
        List<String> refused = DemoStreamOptions.refusals(keys, pace, events, "runs until Ctrl-C");
        if (httpPort < 0 || httpPort > 65535) {
            refused.add("--http-port " + httpPort + ": must be a port number, 0 to 65535 (0 for a free one)");
        }
        if (!refused.isEmpty()) {
            refused.forEach(System.err::println);
            return 2;
        }
        try {
            EventPace.requireFits("--rate", pace, events);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ignoredSettings(System.getenv()).ifPresent(System.err::println);
        if (!verbose) {
            DemoLogging.quiet();
        }
        DemoRunner runner = new DemoRunner(new DemoOptions(keys, events, pace, seed, registryUrl, httpPort),
                System.out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.requestStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSummary summary = runner.run();
            System.out.println(summary.line());
            return 0;
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + UserErrors.withCause(e));
            return 1;
        } finally {
            finished.countDown();
        }
    }

    /**
     * What the demo says of the environment's settings, which it does not read (its broker, topics and settings are
     * its own): set for {@code run} and {@code produce-demo}, they looked as if they applied to it too.
     */
    static Optional<String> ignoredSettings(Map<String, String> environment) {
        TreeSet<String> variables = new TreeSet<>(SettingsLoader.settingVariables(environment));
        return variables.isEmpty() ? Optional.empty() : Optional.of("demo reads no settings (its broker, topics and"
                + " settings are its own), so it ignores " + String.join(", ", variables) + "; run and produce-demo"
                + " read them");
    }
}

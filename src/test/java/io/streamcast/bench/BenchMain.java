package io.streamcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the JMH benchmarks with JMH's own command-line options, then derives from the step times what JMH cannot
 * print: GFLOP/s, the share of the core's peak, and the engine's speed-up over ONNX Runtime.
 *
 * <p>The peak is {@code FLOP per cycle x clock}. The clock defaults to the "cpu MHz" of /proc/cpuinfo (set
 * {@code -Dbench.clockGHz} to override, e.g. with the boost clock); FLOP per cycle is given for 32 (two 256-bit
 * FMA pipes, which is what AMD Zen 4 has: it runs AVX-512 in two halves) and 64 (two 512-bit FMA pipes).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions options = new CommandLineOptions(args);
        Runner runner = new Runner(options);
        if (options.shouldHelp()) {
            options.showHelp();
            return;
        }
        if (options.shouldList()) {
            runner.list();
            return;
        }
        Collection<RunResult> results = runner.run();
        Map<String, double[]> steps = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            int column = name.endsWith("StepBenchmark.engineStep") ? 2
                    : name.endsWith("StepBenchmark.onnxRuntimeStep") ? 3
                    : name.endsWith("VectorStepBenchmark.vectorEngineStep") ? 4 : -1;
            if (column < 0) {
                continue;
            }
            int hidden = Integer.parseInt(result.getParams().getParam("hidden"));
            int input = Integer.parseInt(result.getParams().getParam("input"));
            String key = String.format(Locale.ROOT, "%4d %6d", hidden, input);
            double[] row = steps.computeIfAbsent(key,
                    k -> new double[] {hidden, input, Double.NaN, Double.NaN, Double.NaN});
            row[column] = result.getPrimaryResult().getScore();
        }
        if (steps.isEmpty()) {
            return;
        }
        double clock = clockGHz();
        System.out.printf(Locale.ROOT, "%nPeak per core at %.2f GHz: %.0f GFLOP/s at 32 FLOP/cycle, %.0f GFLOP/s at"
                + " 64 FLOP/cycle%n", clock, 32 * clock, 64 * clock);
        System.out.println("engine: the Java 17 engine; vector: the same step on the Vector API path"
                + " (Java 25 runs only)");
        System.out.println("hidden  input  engine ns  GFLOP/s  %peak(32)  %peak(64)  ORT ns  ORT/engine"
                + "  vector ns  GFLOP/s  %peak(32)  %peak(64)");
        for (double[] row : steps.values()) {
            double flops = StepBenchmark.flops((int) row[0], (int) row[1]);
            double gflops = flops / row[2];
            double vector = flops / row[4];
            System.out.printf(Locale.ROOT, "%6d %6d %10.1f %8.2f %9.1f%% %9.1f%% %7.0f %10.1f %10.1f %8.2f %9.1f%%"
                            + " %9.1f%%%n", (int) row[0], (int) row[1], row[2], gflops, 100 * gflops / (32 * clock),
                    100 * gflops / (64 * clock), row[3], row[3] / row[2], row[4], vector,
                    100 * vector / (32 * clock), 100 * vector / (64 * clock));
        }
    }

    private static double clockGHz() throws IOException {
        String configured = System.getProperty("bench.clockGHz");
        if (configured != null) {
            return Double.parseDouble(configured);
        }
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("cpu MHz")) {
                    return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
                }
            }
        }
        return Double.NaN;
    }
}

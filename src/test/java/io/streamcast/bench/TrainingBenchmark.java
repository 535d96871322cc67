package io.streamcast.bench;

import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.LstmTrainer;
import io.streamcast.lstm.TrainingResult;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.lstm.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput in windows per second: one epoch over {@value #WINDOWS} windows of {@value #STEPS} steps,
 * hidden size {@value #HIDDEN}, mini-batches of {@value #BATCH}, on 1 and 2 threads; forward, backward, clipping
 * and Adam, plus the per-epoch export to float.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingBenchmark {

    static final int WINDOWS = 256;
    static final int STEPS = 64;
    static final int HIDDEN = 32;
    static final int BATCH = 32;

    @Param({"1", "2"})
    public int threads;

    private List<Window> windows;
    private LstmModel start;
    private LstmTrainer trainer;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        windows = new ArrayList<>();
        for (int n = 0; n < WINDOWS; n++) {
            float[] series = new float[STEPS + 1];
            double phase = random.nextDouble(6.28);
            for (int t = 0; t <= STEPS; t++) {
                series[t] = (float) (Math.sin(0.6 * t + phase) + 0.1 * random.nextGaussian());
            }
            windows.add(new Window(java.util.Arrays.copyOf(series, STEPS),
                    java.util.Arrays.copyOfRange(series, 1, STEPS + 1), STEPS));
        }
        start = LstmModel.initialise(1, HIDDEN, 1, 1, 1);
        trainer = new LstmTrainer(new TrainingSettings(0.005, BATCH, 1, 1, 1.0, 4, 1, threads));
    }

    @Benchmark
    @OperationsPerInvocation(WINDOWS)
    public TrainingResult epoch() throws InterruptedException {
        return trainer.train(start, windows, List.of());
    }
}

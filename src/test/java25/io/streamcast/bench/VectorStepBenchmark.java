package io.streamcast.bench;

import io.streamcast.lstm.LstmModel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link StepBenchmark}'s engine step on a JVM with the incubating Vector API resolved, so that {@link LstmModel}
 * computes its gates with the product's Vector API path ({@code src/main/java25}); Java 25 only, built and run by
 * the {@code bench} script when it runs on Java 25 or later. That the path gives the Java 17 engine's results bit
 * for bit is {@code VectorGatesTest}'s job.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class VectorStepBenchmark {

    @Param({"16", "32", "64", "128"})
    public int hidden;

    @Param({"1", "8"})
    public int input;

    private LstmModel model;
    private LstmModel.Workspace workspace;
    private float[] state;
    private float[] x;
    private float[] y;

    @Setup
    public void setUp() {
        if (!LstmModel.engine().startsWith("Vector API")) {
            throw new IllegalStateException("the Vector API path is not in use: " + LstmModel.engine());
        }
        model = LstmModel.initialise(input, hidden, 1, 1, 7);
        workspace = model.newWorkspace();
        state = new float[model.stateSize()];
        x = new float[input];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < input; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        y = new float[1];
    }

    @Benchmark
    public float vectorEngineStep() {
        model.step(state, x, y, workspace);
        return y[0];
    }
}

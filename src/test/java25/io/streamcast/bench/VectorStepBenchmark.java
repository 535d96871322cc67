package io.streamcast.bench;

import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.VectorLstm;
import java.util.Arrays;
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
 * {@link StepBenchmark}'s engine step written with the Vector API ({@link VectorLstm}); Java 25 only, built and
 * run by the {@code bench} script when it runs on Java 25 or later.
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

    private VectorLstm engine;
    private float[] state;
    private float[] x;
    private float[] y;

    @Setup
    public void setUp() {
        LstmModel model = LstmModel.initialise(input, hidden, 1, 1, 7);
        engine = new VectorLstm(model);
        state = new float[model.stateSize()];
        x = new float[input];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < input; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        y = new float[1];
        requireSameResultsAsTheEngine(model);
    }

    private static void requireSameResultsAsTheEngine(LstmModel model) {
        SplittableRandom random = new SplittableRandom(5);
        float[] ours = new float[model.stateSize()];
        float[] theirs = new float[model.stateSize()];
        float[] input = new float[model.inputSize()];
        float[] ourOutput = new float[model.outputSize()];
        float[] theirOutput = new float[model.outputSize()];
        VectorLstm vector = new VectorLstm(model);
        LstmModel.Workspace workspace = model.newWorkspace();
        for (int t = 0; t < 1000; t++) {
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextDouble(-3, 3);
            }
            model.step(ours, input, ourOutput, workspace);
            vector.step(theirs, input, theirOutput);
            if (!Arrays.equals(ours, theirs) || !Arrays.equals(ourOutput, theirOutput)) {
                throw new IllegalStateException("the Vector API step differs from the engine at step " + t);
            }
        }
    }

    @Benchmark
    public float vectorEngineStep() {
        engine.step(state, x, y);
        return y[0];
    }
}

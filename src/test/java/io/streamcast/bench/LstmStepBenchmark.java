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
 * One inference step of Streamcast's engine: a one-layer LSTM with a one-output head, state chained from step to
 * step as in the product. {@link BenchMain} turns the time per step into GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LstmStepBenchmark {

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
    public float step() {
        model.step(state, x, y, workspace);
        return y[0];
    }
}

package io.streamcast.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamcast.lstm.LstmModel;
import io.streamcast.onnx.OrtLstm;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inference step of a one-layer LSTM with a one-value head: Streamcast's engine, with the state chained from
 * step to step as in the product, and ONNX Runtime's single-step call on the exported graph (one intra-op thread;
 * the call with its result, without copying the state back, which favours ONNX Runtime). {@link BenchMain} turns
 * the times into GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StepBenchmark {

    @Param({"16", "32", "64", "128"})
    public int hidden;

    @Param({"1", "8"})
    public int input;

    private LstmModel model;
    private LstmModel.Workspace workspace;
    private float[] state;
    private float[] x;
    private float[] y;
    private OrtLstm ort;
    private Map<String, OnnxTensor> feeds;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        model = LstmModel.initialise(input, hidden, 1, 1, 7);
        workspace = model.newWorkspace();
        state = new float[model.stateSize()];
        x = new float[input];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < input; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        y = new float[1];
        ort = new OrtLstm(model);
        feeds = ort.feeds(new float[model.stateSize()], x, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        feeds.values().forEach(OnnxTensor::close);
        ort.close();
    }

    @Benchmark
    public float engineStep() {
        model.step(state, x, y, workspace);
        return y[0];
    }

    @Benchmark
    public Object onnxRuntimeStep() throws OrtException {
        try (OrtSession.Result result = ort.session().run(feeds)) {
            return result.get(0);
        }
    }

    /** Floating-point operations of one step: two per multiply-add of the gate and head matrices. */
    static double flops(int hidden, int input) {
        return 2.0 * 4 * hidden * (input + hidden) + 2.0 * hidden;
    }
}

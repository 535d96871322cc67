package io.streamcast.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.streamcast.lstm.LstmModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exported graph run by ONNX Runtime, an independent LSTM implementation, against our engine. */
class OnnxExportTest {

    private static final int CHAINED_STEPS = 200;
    private static final float TOLERANCE = 1e-5f;

    @ParameterizedTest(name = "hidden {0}, input {1}, layers {2}, output {3}")
    @CsvSource({
            "8, 1, 1, 1", "8, 3, 1, 1",
            "32, 1, 1, 1", "32, 3, 1, 1",
            "64, 1, 1, 1", "64, 3, 1, 1",
            "16, 3, 2, 2"})
    void shouldMatchOnnxRuntimeOverTwoHundredChainedSingleSteps(int hidden, int input, int layers, int output)
            throws Exception {
        LstmModel model = randomModel(input, hidden, layers, output, 100L * hidden + input);
        float[] inputs = randoms(CHAINED_STEPS * input, 2.0, hidden + 7L * input);
        float[] ours = new float[model.stateSize()];
        float[] theirs = new float[model.stateSize()];
        float[] x = new float[input];
        float[] ourOutput = new float[output];
        float[] theirOutput = new float[output];
        LstmModel.Workspace workspace = model.newWorkspace();
        try (OrtLstm ort = new OrtLstm(model)) {
            for (int t = 0; t < CHAINED_STEPS; t++) {
                System.arraycopy(inputs, t * input, x, 0, input);
                model.step(ours, x, ourOutput, workspace);
                ort.run(theirs, x, 1, theirOutput);
                for (int r = 0; r < output; r++) {
                    assertThat(ourOutput[r]).as("output %d at step %d", r, t)
                            .isCloseTo(theirOutput[r], offset(TOLERANCE));
                }
                for (int n = 0; n < ours.length; n++) {
                    assertThat(ours[n]).as("state %d at step %d", n, t).isCloseTo(theirs[n], offset(TOLERANCE));
                }
            }
        }
        // The comparison means something only if the outputs move with the inputs.
        assertThat(spread(model, inputs)).isGreaterThan(0.1);
    }

    @Test
    void shouldMatchOnnxRuntimeOnAWholeSequenceFromANonZeroState() throws Exception {
        LstmModel model = randomModel(2, 12, 3, 3, 5);
        int steps = 50;
        float[] inputs = randoms(steps * 2, 2.0, 6);
        float[] ours = randoms(model.stateSize(), 0.5, 7);
        float[] theirs = ours.clone();
        float[] ourOutputs = new float[steps * 3];
        float[] theirOutputs = new float[steps * 3];

        model.forward(ours, inputs, steps, ourOutputs, model.newWorkspace());
        try (OrtLstm ort = new OrtLstm(model)) {
            ort.run(theirs, inputs, steps, theirOutputs);
        }

        for (int n = 0; n < ourOutputs.length; n++) {
            assertThat(ourOutputs[n]).as("output %d", n).isCloseTo(theirOutputs[n], offset(TOLERANCE));
        }
        for (int n = 0; n < ours.length; n++) {
            assertThat(ours[n]).as("state %d", n).isCloseTo(theirs[n], offset(TOLERANCE));
        }
    }

    @Test
    void shouldWriteAStandardModelFileWithTheLstmOperatorPerLayer(@TempDir Path directory) throws Exception {
        LstmModel model = randomModel(3, 4, 2, 1, 8);
        Path file = directory.resolve("model.onnx");

        OnnxExport.write(model, file);

        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(proto.getGraph().getNodeList()).extracting(n -> n.getOpType())
                .containsExactly("LSTM", "Squeeze", "LSTM", "Squeeze", "MatMul", "Add");
        assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(OnnxExport.OPSET);
        assertThat(proto.getGraph().getInputList()).extracting(i -> i.getName())
                .containsExactly("input", "initial_h_0", "initial_c_0", "initial_h_1", "initial_c_1");
    }

    private static double spread(LstmModel model, float[] inputs) {
        float[] outputs = model.forward(inputs, CHAINED_STEPS);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float y : outputs) {
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        return max - min;
    }

    /** Weights of 2/sqrt(H): twice a fresh model's, so that gates work in their nonlinear range. */
    private static LstmModel randomModel(int input, int hidden, int layers, int output, long seed) {
        float[] w = randoms((int) LstmModel.parameterCount(input, hidden, layers, output), 2 / Math.sqrt(hidden),
                seed);
        return LstmModel.of(input, hidden, layers, output, w);
    }

    private static float[] randoms(int n, double bound, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) random.nextDouble(-bound, bound);
        }
        return values;
    }
}

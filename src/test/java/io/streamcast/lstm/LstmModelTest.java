package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmModelTest {

    @Test
    void shouldMatchADoublePrecisionReferenceWrittenFromTheDocumentedLayout() {
        LstmModel model = TestModels.random(3, 5, 2, 2, 1);
        float[] inputs = TestModels.inputs(60, 3, 2);

        float[] outputs = model.forward(inputs, 60);

        double[] expected = ReferenceLstm.forward(model, inputs, 60);
        for (int n = 0; n < expected.length; n++) {
            assertThat((double) outputs[n]).as("output %d", n).isCloseTo(expected[n],
                    org.assertj.core.data.Offset.offset(2e-6));
        }
    }

    @Test
    void shouldGiveTheSameOutputsAndStateStepByStepAsForwardBitForBit() {
        LstmModel model = TestModels.random(2, 7, 3, 2, 3);
        int steps = 40;
        float[] inputs = TestModels.inputs(steps, 2, 4);
        float[] wholeState = new float[model.stateSize()];
        float[] wholeOutputs = new float[steps * 2];
        model.forward(wholeState, inputs, steps, wholeOutputs, model.newWorkspace());

        float[] state = new float[model.stateSize()];
        float[] output = new float[2];
        float[] input = new float[2];
        LstmModel.Workspace workspace = model.newWorkspace();
        for (int t = 0; t < steps; t++) {
            System.arraycopy(inputs, 2 * t, input, 0, 2);
            model.step(state, input, output, workspace);
            assertThat(output[0]).isEqualTo(wholeOutputs[2 * t]);
            assertThat(output[1]).isEqualTo(wholeOutputs[2 * t + 1]);
        }
        assertThat(state).containsExactly(wholeState);
    }

    @Test
    void shouldInitialiseForgetBiasToOneAndOtherBiasesToZeroDeterministically() {
        LstmModel model = LstmModel.initialise(2, 4, 2, 1, 42);
        float[] w = model.weights();
        for (int l = 0; l < 2; l++) {
            int bias = model.biasOffset(l);
            for (int r = 0; r < 16; r++) {
                assertThat(w[bias + r]).isEqualTo(r >= 4 && r < 8 ? 1f : 0f);
            }
        }
        assertThat(LstmModel.initialise(2, 4, 2, 1, 42).weights()).containsExactly(w);
        assertThat(LstmModel.initialise(2, 4, 2, 1, 43).weights()).isNotEqualTo(w);
        assertThat(w).hasSize((int) LstmModel.parameterCount(2, 4, 2, 1)).hasSize(model.parameterCount());
    }

    @Test
    void shouldRefuseWeightsOfTheWrongLengthOrNotFinite() {
        float[] w = LstmModel.initialise(1, 3, 1, 1, 1).weights();
        assertThatThrownBy(() -> LstmModel.of(1, 3, 1, 1, java.util.Arrays.copyOf(w, w.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        w[5] = Float.NaN;
        assertThatThrownBy(() -> LstmModel.of(1, 3, 1, 1, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 5");
        // finite, but a sum of a few such products overflows a float to infinity: 3e38 is near Float.MAX_VALUE
        w[5] = -3e38f;
        assertThatThrownBy(() -> LstmModel.of(1, 3, 1, 1, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 5 is -3.0E38");
        w[5] = 1e6f;
        assertThat(LstmModel.of(1, 3, 1, 1, w).weights()[5]).as("the largest allowed").isEqualTo(1e6f);
        assertThatThrownBy(() -> LstmModel.initialise(0, 3, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAShapeTooLargeForOneArrayWhateverTheWeightsSay() {
        // 4 * 2^30 * (2^30 - 3 + 2^30 + 1) + 4 * 2^30 * (2^31 + 1) + (2^30 + 1) * 4 is 4 modulo 2^64: wrapped, this
        // shape asked for the four weights given and then allocated arrays of 2^31 entries.
        int input = (1 << 30) - 3;
        assertThatThrownBy(() -> LstmModel.of(input, 1 << 30, 2, 4, new float[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more weights than one array");
        // 4 * 2^14 * (2^15 + 2^14 + 1) + (2^14 + 1) is 3,221,307,393 weights: no wrap, still too many.
        assertThatThrownBy(() -> LstmModel.of(1 << 15, 1 << 14, 1, 1, new float[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more weights than one array");
    }

    @Test
    void shouldNotBeChangedThroughTheArraysItWasBuiltFromOrHandsOut() {
        float[] w = TestModels.random(1, 3, 1, 1, 9).weights();
        LstmModel model = LstmModel.of(1, 3, 1, 1, w);
        float[] before = model.forward(new float[] {0.5f, -1f}, 2);
        w[0] += 1;
        model.weights()[0] += 1;
        assertThat(model.forward(new float[] {0.5f, -1f}, 2)).containsExactly(before);
    }

    /** Random models with weights larger than a fresh model's, so that the gates leave their linear range. */
    static final class TestModels {
        static LstmModel random(int input, int hidden, int layers, int output, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] w = new float[(int) LstmModel.parameterCount(input, hidden, layers, output)];
            for (int p = 0; p < w.length; p++) {
                w[p] = (float) random.nextDouble(-0.8, 0.8);
            }
            return LstmModel.of(input, hidden, layers, output, w);
        }

        static float[] inputs(int steps, int size, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] x = new float[steps * size];
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) random.nextDouble(-2, 2);
            }
            return x;
        }
    }
}

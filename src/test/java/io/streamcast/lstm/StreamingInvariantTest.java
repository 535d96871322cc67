package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import org.junit.jupiter.api.Test;

/**
 * Stepping one event at a time, with the state written to bytes and read back between events as the key-state
 * store's LSTM section does (float32, bit for bit), gives the whole-sequence forward pass bit for bit.
 */
class StreamingInvariantTest {

    @Test
    void shouldEqualTheWholeSequencePassBitForBitWhenStateRoundTripsThroughItsStoredFormBetweenSteps() {
        LstmModel model = LstmModelTest.TestModels.random(3, 16, 2, 2, 21);
        int steps = 120;
        float[] inputs = LstmModelTest.TestModels.inputs(steps, 3, 22);
        float[] wholeState = new float[model.stateSize()];
        float[] wholeOutputs = new float[steps * 2];
        model.forward(wholeState, inputs, steps, wholeOutputs, model.newWorkspace());

        byte[] stored = store(new float[model.stateSize()]);
        float[] input = new float[3];
        float[] output = new float[2];
        LstmModel.Workspace workspace = model.newWorkspace();
        for (int t = 0; t < steps; t++) {
            float[] state = load(stored, model.stateSize());
            System.arraycopy(inputs, 3 * t, input, 0, 3);
            model.step(state, input, output, workspace);
            assertThat(output).as("outputs at step %d", t)
                    .containsExactly(wholeOutputs[2 * t], wholeOutputs[2 * t + 1]);
            stored = store(state);
        }

        assertThat(load(stored, model.stateSize())).containsExactly(wholeState);
    }

    private static byte[] store(float[] state) {
        BinaryWriter out = new BinaryWriter();
        out.writeFloats(state, 0, state.length);
        return out.toByteArray();
    }

    private static float[] load(byte[] stored, int size) {
        BinaryReader in = new BinaryReader().reset(stored, 0, stored.length);
        float[] state = new float[size];
        in.readFloats(state, 0, size);
        assertThat(in.remaining()).isZero();
        return state;
    }
}

package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.KeyState;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stepping one event at a time, with the state written to a {@link KeyState} record, serialized, read back and
 * decoded between events as the key-state store does, gives the whole-sequence forward pass bit for bit.
 */
class StreamingInvariantTest {

    static {
        // Avro instantiates only the generated classes it has been told to trust.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(KeyState.class).build()));
    }

    private static final String SCOPE = "streaming-invariant";
    private static final String TOPIC = "key-state-changelog";

    private final AvroSerde<KeyState> serde =
            AvroSerde.forValues(KeyState.class, MockSchemaRegistry.forScope(SCOPE));

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldEqualTheWholeSequencePassBitForBitWhenStateRoundTripsThroughKeyStateBetweenSteps() {
        LstmModel model = LstmModelTest.TestModels.random(3, 16, 2, 2, 21);
        int steps = 120;
        float[] inputs = LstmModelTest.TestModels.inputs(steps, 3, 22);
        float[] wholeState = new float[model.stateSize()];
        float[] wholeOutputs = new float[steps * 2];
        model.forward(wholeState, inputs, steps, wholeOutputs, model.newWorkspace());

        byte[] stored = serde.serialize(TOPIC, keyState(new float[model.stateSize()]));
        float[] input = new float[3];
        float[] output = new float[2];
        LstmModel.Workspace workspace = model.newWorkspace();
        for (int t = 0; t < steps; t++) {
            float[] state = decode(serde.deserialize(TOPIC, stored).getLstmState(), model.stateSize());
            System.arraycopy(inputs, 3 * t, input, 0, 3);
            model.step(state, input, output, workspace);
            assertThat(output).as("outputs at step %d", t)
                    .containsExactly(wholeOutputs[2 * t], wholeOutputs[2 * t + 1]);
            stored = serde.serialize(TOPIC, keyState(state));
        }

        assertThat(decode(serde.deserialize(TOPIC, stored).getLstmState(), model.stateSize()))
                .containsExactly(wholeState);
    }

    private static KeyState keyState(float[] state) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * state.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : state) {
            bytes.putFloat(v);
        }
        bytes.flip();
        ByteBuffer empty = ByteBuffer.allocate(0);
        return KeyState.newBuilder().setEventCount(1).setLastEventTime(0).setModelVersion(1)
                .setScaler(empty).setLstmState(bytes).setForecast(empty).setHistoryTimes(empty)
                .setHistoryValues(empty).setAnomaly(empty).build();
    }

    private static float[] decode(ByteBuffer bytes, int size) {
        ByteBuffer little = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(little.remaining()).isEqualTo(4 * size);
        float[] state = new float[size];
        for (int n = 0; n < size; n++) {
            state[n] = little.getFloat();
        }
        return state;
    }
}

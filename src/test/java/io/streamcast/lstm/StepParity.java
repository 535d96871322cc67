package io.streamcast.lstm;

import java.util.SplittableRandom;

/**
 * Runs the engine over a fixed random model and input sequence and prints which gate path the JVM chose and a
 * 64-bit FNV-1a hash of the raw bits of every output and state of every step, so that JVMs with and without the
 * Vector API can be compared bit for bit. {@code StepParity hidden input layers steps}.
 */
public final class StepParity {

    private StepParity() {
    }

    public static void main(String[] args) {
        System.out.println(LstmModel.engine());
        System.out.println(Long.toHexString(hash(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]))));
    }

    static long hash(int hidden, int inputs, int layers, int steps) {
        LstmModel model = LstmModelTest.TestModels.random(inputs, hidden, layers, 3, hidden * 31L + inputs);
        LstmModel.Workspace workspace = model.newWorkspace();
        float[] state = new float[model.stateSize()];
        float[] input = new float[inputs];
        float[] output = new float[3];
        SplittableRandom random = new SplittableRandom(layers);
        long hash = 0xcbf29ce484222325L;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < inputs; i++) {
                input[i] = (float) random.nextDouble(-4, 4);
            }
            model.step(state, input, output, workspace);
            for (float v : output) {
                hash = (hash ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
            }
            for (float v : state) {
                hash = (hash ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
            }
        }
        return hash;
    }
}

package io.streamcast.lstm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A stack of LSTM layers with a dense output head: the network, its one weight layout and its one-step forward
 * pass. Immutable once built and safe to share between threads; every per-step buffer is the caller's
 * {@link Workspace}.
 *
 * <h2>Weight layout</h2>
 * All parameters live in one flat float32 array, layer after layer, then the head. With hidden size {@code H},
 * layer {@code l} reads {@code I_l} inputs ({@code I_0 = inputSize}, {@code I_l = H} above it) and owns
 * <ul>
 *   <li>a fused gate matrix of {@code (I_l + H)} columns by {@code 4H} rows, stored column after column: the
 *       weight from input column {@code j} to gate row {@code r} is at {@code layerOffset(l) + j * 4H + r}.
 *       Columns {@code 0 .. I_l-1} read the layer's input, columns {@code I_l .. I_l+H-1} its own previous
 *       hidden state. Storing columns contiguously turns the matrix-vector product into a sum of
 *       {@code 4H}-long scaled vector additions, which the JIT vectorises and which keeps each row's summation
 *       order fixed;</li>
 *   <li>then a fused bias of {@code 4H}.</li>
 * </ul>
 * Gate rows are grouped in blocks of {@code H} in the order <b>input, forget, cell candidate, output</b>
 * ({@code i, f, g, o}). Fresh models draw weights uniformly from {@code ±1/sqrt(H)} and start every bias at 0
 * except the forget-gate bias, which starts at 1 so that new cells remember by default.
 * <p>The head maps the top layer's hidden state to {@code outputSize} values: {@code H} columns of
 * {@code outputSize} rows (weight from hidden unit {@code j} to output {@code r} at
 * {@code headOffset() + j * outputSize + r}), then {@code outputSize} biases.
 *
 * <h2>State layout</h2>
 * A key's recurrent state is one float array of {@link #stateSize()}: per layer, {@code h} then {@code c},
 * {@code H} values each. All zeros is the initial state.
 */
public final class LstmModel {

    private final int inputSize;
    private final int hiddenSize;
    private final int layers;
    private final int outputSize;
    private final float[] weights;

    private LstmModel(int inputSize, int hiddenSize, int layers, int outputSize, float[] weights) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.outputSize = outputSize;
        this.weights = weights;
    }

    /** A model with the given weights, copied; refuses a wrong length or a non-finite weight. */
    public static LstmModel of(int inputSize, int hiddenSize, int layers, int outputSize, float[] weights) {
        checkShape(inputSize, hiddenSize, layers, outputSize);
        long expected = parameterCount(inputSize, hiddenSize, layers, outputSize);
        if (weights.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " weights for input " + inputSize
                    + ", hidden " + hiddenSize + ", layers " + layers + ", output " + outputSize
                    + " but got " + weights.length);
        }
        for (int p = 0; p < weights.length; p++) {
            if (!Float.isFinite(weights[p])) {
                throw new IllegalArgumentException("weight " + p + " is not finite: " + weights[p]);
            }
        }
        return new LstmModel(inputSize, hiddenSize, layers, outputSize, weights.clone());
    }

    /** A freshly initialised model, the same for the same seed. */
    public static LstmModel initialise(int inputSize, int hiddenSize, int layers, int outputSize, long seed) {
        checkShape(inputSize, hiddenSize, layers, outputSize);
        float[] w = new float[Math.toIntExact(parameterCount(inputSize, hiddenSize, layers, outputSize))];
        SplittableRandom random = new SplittableRandom(seed);
        float bound = (float) (1.0 / Math.sqrt(hiddenSize));
        int g = 4 * hiddenSize;
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            int columns = (l == 0 ? inputSize : hiddenSize) + hiddenSize;
            for (int p = 0; p < columns * g; p++) {
                w[offset + p] = (float) random.nextDouble(-bound, bound);
            }
            offset += columns * g;
            Arrays.fill(w, offset + hiddenSize, offset + 2 * hiddenSize, 1f);
            offset += g;
        }
        float headBound = (float) (1.0 / Math.sqrt(hiddenSize));
        for (int p = 0; p < hiddenSize * outputSize; p++) {
            w[offset + p] = (float) random.nextDouble(-headBound, headBound);
        }
        return new LstmModel(inputSize, hiddenSize, layers, outputSize, w);
    }

    private static void checkShape(int inputSize, int hiddenSize, int layers, int outputSize) {
        if (inputSize < 1 || hiddenSize < 1 || layers < 1 || outputSize < 1) {
            throw new IllegalArgumentException("input, hidden, layers and output must be positive, got "
                    + inputSize + ", " + hiddenSize + ", " + layers + ", " + outputSize);
        }
    }

    /** Number of parameters of a model of this shape. */
    public static long parameterCount(int inputSize, int hiddenSize, int layers, int outputSize) {
        long g = 4L * hiddenSize;
        long first = (inputSize + hiddenSize) * g + g;
        long upper = (2L * hiddenSize) * g + g;
        return first + (layers - 1) * upper + (long) hiddenSize * outputSize + outputSize;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int layers() {
        return layers;
    }

    public int outputSize() {
        return outputSize;
    }

    public int parameterCount() {
        return weights.length;
    }

    /** Length of a key's state array: {@code h} and {@code c} of every layer. */
    public int stateSize() {
        return 2 * layers * hiddenSize;
    }

    /** A copy of the weights, in the layout documented above. */
    public float[] weights() {
        return weights.clone();
    }

    /** Offset of layer {@code l}'s gate matrix in the weight array. */
    public int layerOffset(int l) {
        int g = 4 * hiddenSize;
        int first = (inputSize + hiddenSize) * g + g;
        return l == 0 ? 0 : first + (l - 1) * ((2 * hiddenSize) * g + g);
    }

    /** Offset of the head's weight matrix in the weight array. */
    public int headOffset() {
        return layerOffset(layers);
    }

    public Workspace newWorkspace() {
        return new Workspace(4 * hiddenSize);
    }

    /**
     * Advances {@code state} by one input and writes the head's output. Allocates nothing.
     *
     * @param state  the key's state ({@link #stateSize()} floats), updated in place
     * @param input  {@link #inputSize()} values
     * @param output receives {@link #outputSize()} values
     */
    public void step(float[] state, float[] input, float[] output, Workspace workspace) {
        int h = hiddenSize;
        int g = 4 * h;
        float[] gates = workspace.gates;
        float[] w = weights;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : h;
            int base = layerOffset(l);
            System.arraycopy(w, base + (in + h) * g, gates, 0, g);
            if (l == 0) {
                accumulateColumns(w, base, input, 0, in, gates, g);
            } else {
                accumulateColumns(w, base, state, (l - 1) * 2 * h, in, gates, g);
            }
            int hOffset = l * 2 * h;
            accumulateColumns(w, base + in * g, state, hOffset, h, gates, g);
            int cOffset = hOffset + h;
            for (int k = 0; k < h; k++) {
                float i = sigmoid(gates[k]);
                float f = sigmoid(gates[h + k]);
                float c = tanh(gates[2 * h + k]);
                float o = sigmoid(gates[3 * h + k]);
                float cell = f * state[cOffset + k] + i * c;
                state[cOffset + k] = cell;
                state[hOffset + k] = o * tanh(cell);
            }
        }
        int head = headOffset();
        int top = (layers - 1) * 2 * h;
        System.arraycopy(w, head + h * outputSize, output, 0, outputSize);
        accumulateColumns(w, head, state, top, h, output, outputSize);
    }

    /** {@code target[r] += sum_j w[offset + j*rows + r] * x[xOffset + j]}, column by column. */
    private static void accumulateColumns(float[] w, int offset, float[] x, int xOffset, int columns,
                                          float[] target, int rows) {
        for (int j = 0; j < columns; j++) {
            float s = x[xOffset + j];
            int column = offset + j * rows;
            for (int r = 0; r < rows; r++) {
                target[r] = Math.fma(w[column + r], s, target[r]);
            }
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /** Per-thread scratch space for {@link #step}; not thread-safe, reuse it across steps. */
    public static final class Workspace {
        final float[] gates;

        Workspace(int gateCount) {
            this.gates = new float[gateCount];
        }
    }
}

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
 *
 * <h2>Arithmetic</h2>
 * Per layer and step: {@code a = b + W [x; h]}; {@code i, f, o = sigmoid(a_i, a_f, a_o)}, {@code g = tanh(a_g)};
 * {@code c' = f c + i g}; {@code h' = o tanh(c')}; the head is {@code y = b_y + W_y h'} of the top layer. Each
 * gate row is summed in a fixed order (bias, then column 0, 1, ...) with fused multiply-adds, and the
 * activations are {@link Activations}' rational approximations (absolute error below 4e-7), so results are
 * deterministic on every JVM and {@link #forward} equals repeated {@link #step}s bit for bit. Training computes
 * in double precision with the exact functions ({@link LstmTrainer}).
 */
public final class LstmModel {

    private final int inputSize;
    private final int hiddenSize;
    private final int layers;
    private final int outputSize;
    private final float[] weights;
    /** Per layer, the gate matrix's columns as separate arrays: see {@link MatVec} for why. */
    private final float[][][] columns;
    private final float[][] biases;
    /** Whether {@link VectorGates} computes this model's gates: chosen once, when the JVM has the Vector API. */
    private final boolean vectorGates;

    private LstmModel(int inputSize, int hiddenSize, int layers, int outputSize, float[] weights) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.outputSize = outputSize;
        this.weights = weights;
        int g = 4 * hiddenSize;
        this.columns = new float[layers][][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int count = layerInputSize(l) + hiddenSize;
            columns[l] = new float[count][];
            for (int j = 0; j < count; j++) {
                columns[l][j] = Arrays.copyOfRange(weights, layerOffset(l) + j * g, layerOffset(l) + (j + 1) * g);
            }
            biases[l] = Arrays.copyOfRange(weights, biasOffset(l), biasOffset(l) + g);
        }
        this.vectorGates = VectorGates.supports(hiddenSize);
    }

    /**
     * How this JVM computes gates: with the Vector API on Java 25+ when {@code jdk.incubator.vector} is resolved,
     * otherwise with the Java 17 engine; the results are the same, bit for bit.
     */
    public static String engine() {
        return VectorGates.describe();
    }

    /**
     * The largest weight magnitude a model may have. Trained weights stay within a few units (at most 1.3 in the 39
     * models trained on NAB's 44 files); with inputs of at most tens (scaled inputs are clipped) and hidden values
     * within [-1, 1], this bound keeps every gate's sum, and so the network's state and outputs, finite for every
     * input, where a huge finite weight could overflow a sum to infinity and the next one to NaN, which the cells
     * would then carry for good.
     */
    public static final float MAX_WEIGHT = 1e6f;

    /** A model with the given weights, copied; refuses a wrong length or a weight not finite or above MAX_WEIGHT. */
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
            if (Math.abs(weights[p]) > MAX_WEIGHT) {
                throw new IllegalArgumentException("weight " + p + " is " + weights[p] + ", beyond the largest a model"
                        + " may have, " + MAX_WEIGHT);
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

    /** The most weights one Java array holds, and so the largest model. */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private static void checkShape(int inputSize, int hiddenSize, int layers, int outputSize) {
        if (inputSize < 1 || hiddenSize < 1 || layers < 1 || outputSize < 1) {
            throw new IllegalArgumentException("input, hidden, layers and output must be positive, got "
                    + inputSize + ", " + hiddenSize + ", " + layers + ", " + outputSize);
        }
        // A shape read from a snapshot is untrusted: one whose count wraps could match a few weights and then
        // allocate gigabytes.
        long count;
        try {
            count = parameterCount(inputSize, hiddenSize, layers, outputSize);
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        if (count > MAX_PARAMETERS) {
            throw new IllegalArgumentException("input " + inputSize + ", hidden " + hiddenSize + ", layers " + layers
                    + ", output " + outputSize + " need more weights than one array holds, " + MAX_PARAMETERS);
        }
    }

    /**
     * Number of parameters of a model of this shape.
     *
     * @throws ArithmeticException if it exceeds a long
     */
    public static long parameterCount(int inputSize, int hiddenSize, int layers, int outputSize) {
        long g = 4L * hiddenSize;
        long first = Math.multiplyExact((long) inputSize + hiddenSize + 1, g);
        long upper = Math.multiplyExact(2L * hiddenSize + 1, g);
        return Math.addExact(Math.addExact(first, Math.multiplyExact(layers - 1L, upper)),
                ((long) hiddenSize + 1) * outputSize);
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

    /** Offset of layer {@code l}'s fused gate bias in the weight array. */
    public int biasOffset(int l) {
        return layerOffset(l) + (layerInputSize(l) + hiddenSize) * 4 * hiddenSize;
    }

    /** Number of inputs of layer {@code l}: the model's input for the first layer, the hidden state above. */
    public int layerInputSize(int l) {
        return l == 0 ? inputSize : hiddenSize;
    }

    /** The weights themselves, for the package's trainer and exporters; never to be written. */
    float[] weightArray() {
        return weights;
    }

    public Workspace newWorkspace() {
        return new Workspace(hiddenSize, inputSize);
    }

    /**
     * Advances {@code state} by one input and writes the head's output. Allocates nothing.
     *
     * @param state  the key's state ({@link #stateSize()} floats), updated in place
     * @param input  {@link #inputSize()} values
     * @param output receives {@link #outputSize()} values
     */
    public void step(float[] state, float[] input, float[] output, Workspace workspace) {
        stepAt(state, input, 0, output, 0, workspace);
    }

    /**
     * Advances {@code state} through a whole sequence; exactly the same as calling {@link #step} once per step,
     * bit for bit. Allocates nothing.
     *
     * @param state   the state to start from ({@link #stateSize()} floats), updated in place
     * @param inputs  {@code steps} rows of {@link #inputSize()} values, row after row
     * @param steps   number of steps
     * @param outputs receives {@code steps} rows of {@link #outputSize()} values
     */
    public void forward(float[] state, float[] inputs, int steps, float[] outputs, Workspace workspace) {
        if (inputs.length < steps * inputSize || outputs.length < steps * outputSize) {
            throw new IllegalArgumentException("inputs or outputs too short for " + steps + " steps");
        }
        for (int t = 0; t < steps; t++) {
            stepAt(state, inputs, t * inputSize, outputs, t * outputSize, workspace);
        }
    }

    /** The outputs of a whole sequence from the zero state: {@code steps} rows of {@link #outputSize()}. */
    public float[] forward(float[] inputs, int steps) {
        float[] outputs = new float[steps * outputSize];
        forward(new float[stateSize()], inputs, steps, outputs, newWorkspace());
        return outputs;
    }

    private void stepAt(float[] state, float[] input, int inputOffset, float[] output, int outputOffset,
                        Workspace workspace) {
        int h = hiddenSize;
        int g = 4 * h;
        float[] gates = workspace.gates;
        float[] w = weights;
        for (int l = 0; l < layers; l++) {
            int in = layerInputSize(l);
            int hOffset = l * 2 * h;
            if (vectorGates) {
                VectorGates.layer(w, layerOffset(l), biasOffset(l), l == 0 ? input : state,
                        l == 0 ? inputOffset : hOffset - 2 * h, in, state, hOffset, h, gates, workspace.column);
                continue;
            }
            float[][] matrix = columns[l];
            System.arraycopy(biases[l], 0, gates, 0, g);
            if (l == 0) {
                MatVec.accumulateColumns(matrix, 0, input, inputOffset, in, gates, g);
            } else {
                MatVec.accumulateColumns(matrix, 0, state, hOffset - 2 * h, in, gates, g);
            }
            MatVec.accumulateColumns(matrix, in, state, hOffset, h, gates, g);
            cell(gates, state, hOffset, workspace, h);
        }
        int head = headOffset();
        System.arraycopy(w, head + h * outputSize, output, outputOffset, outputSize);
        MatVec.accumulateColumns(w, head, state, (layers - 1) * 2 * h, h, output, outputOffset, outputSize);
    }

    /**
     * The cell update from the gate pre-activations in {@code gates}, reading and writing the layer's {@code h}
     * and {@code c} at {@code hOffset} of {@code state}.
     *
     * <p>Shaped for HotSpot's auto-vectoriser: each loop applies at most one activation (it only vectorises loops
     * small enough to unroll), and every array in a loop is read and written at the same index (it gives up
     * when one loop touches arrays at offsets it cannot compare), hence the copies of the gate blocks.
     */
    private static void cell(float[] gates, float[] state, int hOffset, Workspace workspace, int h) {
        for (int k = 0; k < 2 * h; k++) {
            gates[k] = Activations.sigmoid(gates[k]);
        }
        for (int k = 2 * h; k < 3 * h; k++) {
            gates[k] = Activations.tanh(gates[k]);
        }
        for (int k = 3 * h; k < 4 * h; k++) {
            gates[k] = Activations.sigmoid(gates[k]);
        }
        float[] i = workspace.input;
        float[] f = workspace.forget;
        float[] g = workspace.candidate;
        float[] o = workspace.output;
        float[] c = workspace.cell;
        float[] hidden = workspace.hidden;
        System.arraycopy(gates, 0, i, 0, h);
        System.arraycopy(gates, h, f, 0, h);
        System.arraycopy(gates, 2 * h, g, 0, h);
        System.arraycopy(gates, 3 * h, o, 0, h);
        System.arraycopy(state, hOffset + h, c, 0, h);
        for (int k = 0; k < h; k++) {
            c[k] = Math.fma(f[k], c[k], i[k] * g[k]);
        }
        for (int k = 0; k < h; k++) {
            hidden[k] = o[k] * Activations.tanh(c[k]);
        }
        System.arraycopy(hidden, 0, state, hOffset, h);
        System.arraycopy(c, 0, state, hOffset + h, h);
    }

    /** Per-thread scratch space for {@link #step}; not thread-safe, reuse it across steps. */
    public static final class Workspace {
        final float[] gates;
        final float[] input;
        final float[] forget;
        final float[] candidate;
        final float[] output;
        final float[] cell;
        final float[] hidden;
        /** The layer's input and hidden state side by side, for {@link VectorGates}. */
        final float[] column;

        Workspace(int hiddenSize, int inputSize) {
            this.gates = new float[4 * hiddenSize];
            this.input = new float[hiddenSize];
            this.forget = new float[hiddenSize];
            this.candidate = new float[hiddenSize];
            this.output = new float[hiddenSize];
            this.cell = new float[hiddenSize];
            this.hidden = new float[hiddenSize];
            this.column = new float[Math.max(inputSize, hiddenSize) + hiddenSize];
        }
    }
}

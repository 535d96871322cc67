package io.streamcast.lstm;

/**
 * A model's parameters in double precision for training, and the same shape for gradients and optimiser moments.
 *
 * <p>They are held as chunks whose concatenation is exactly the flat layout of {@link LstmModel}: per layer,
 * one chunk per gate-matrix column ({@code 4H} values) then the bias; then one chunk per head column
 * ({@code outputSize} values) then the head bias. Columns as separate arrays let the training loops read and
 * write every array at the same index, which HotSpot's auto-vectoriser needs (see {@link MatVec}).
 */
final class Parameters {

    final int inputSize;
    final int hiddenSize;
    final int layers;
    final int outputSize;
    final double[][] chunks;
    private final int[] layerFirstChunk;

    private Parameters(int inputSize, int hiddenSize, int layers, int outputSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.outputSize = outputSize;
        this.layerFirstChunk = new int[layers + 1];
        int count = 0;
        for (int l = 0; l < layers; l++) {
            layerFirstChunk[l] = count;
            count += columnCount(l) + 1;
        }
        layerFirstChunk[layers] = count;
        count += hiddenSize + 1;
        this.chunks = new double[count][];
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j <= columnCount(l); j++) {
                chunks[layerFirstChunk[l] + j] = new double[4 * hiddenSize];
            }
        }
        for (int j = 0; j <= hiddenSize; j++) {
            chunks[layerFirstChunk[layers] + j] = new double[outputSize];
        }
    }

    static Parameters zeros(int inputSize, int hiddenSize, int layers, int outputSize) {
        return new Parameters(inputSize, hiddenSize, layers, outputSize);
    }

    static Parameters of(LstmModel model) {
        Parameters p = new Parameters(model.inputSize(), model.hiddenSize(), model.layers(), model.outputSize());
        float[] w = model.weightArray();
        int n = 0;
        for (double[] chunk : p.chunks) {
            for (int k = 0; k < chunk.length; k++) {
                chunk[k] = w[n++];
            }
        }
        return p;
    }

    Parameters zerosLike() {
        return new Parameters(inputSize, hiddenSize, layers, outputSize);
    }

    /**
     * Rounded to float; throws {@link IllegalArgumentException} when a value does not fit a finite float or is beyond
     * {@link LstmModel#MAX_WEIGHT}.
     */
    LstmModel toModel() {
        float[] w = new float[Math.toIntExact(LstmModel.parameterCount(inputSize, hiddenSize, layers, outputSize))];
        int n = 0;
        for (double[] chunk : chunks) {
            for (double v : chunk) {
                w[n++] = (float) v;
            }
        }
        return LstmModel.of(inputSize, hiddenSize, layers, outputSize, w);
    }

    /** Layer {@code l}'s inputs plus its recurrent inputs: the number of columns of its gate matrix. */
    int columnCount(int l) {
        return (l == 0 ? inputSize : hiddenSize) + hiddenSize;
    }

    /** Index in {@link #chunks} of layer {@code l}'s first column ({@code l == layers} is the head). */
    int firstChunk(int l) {
        return layerFirstChunk[l];
    }

    /** Column {@code j} of layer {@code l}'s gate matrix ({@code l == layers} is the head). */
    double[] column(int l, int j) {
        return chunks[layerFirstChunk[l] + j];
    }

    double[] bias(int l) {
        return chunks[layerFirstChunk[l] + (l == layers ? hiddenSize : columnCount(l))];
    }

    int size() {
        int size = 0;
        for (double[] chunk : chunks) {
            size += chunk.length;
        }
        return size;
    }

    void fill(double value) {
        for (double[] chunk : chunks) {
            java.util.Arrays.fill(chunk, value);
        }
    }

    void add(Parameters other) {
        for (int c = 0; c < chunks.length; c++) {
            double[] target = chunks[c];
            double[] source = other.chunks[c];
            for (int k = 0; k < target.length; k++) {
                target[k] += source[k];
            }
        }
    }

    void scale(double factor) {
        for (double[] chunk : chunks) {
            for (int k = 0; k < chunk.length; k++) {
                chunk[k] *= factor;
            }
        }
    }

    double squaredNorm() {
        double sum = 0;
        for (double[] chunk : chunks) {
            for (double v : chunk) {
                sum += v * v;
            }
        }
        return sum;
    }

    /** The value at {@code index} of the flat layout; for tests. */
    double get(int index) {
        for (double[] chunk : chunks) {
            if (index < chunk.length) {
                return chunk[index];
            }
            index -= chunk.length;
        }
        throw new IndexOutOfBoundsException(index);
    }

    void set(int index, double value) {
        for (double[] chunk : chunks) {
            if (index < chunk.length) {
                chunk[index] = value;
                return;
            }
            index -= chunk.length;
        }
        throw new IndexOutOfBoundsException(index);
    }

    /**
     * Layer {@code l}'s gate matrix transposed: one array per gate row, so that the backward pass can form
     * {@code W^T d} as a sum of row vectors; the rows over the layer's inputs and over its recurrent inputs are held
     * apart, so that a pass that needs no gradient of the inputs skips them and the recurrent rows, {@code H} wide,
     * fill whole SIMD registers.
     */
    TransposedGates transposedGates(int l) {
        int inputs = columnCount(l) - hiddenSize;
        return new TransposedGates(transposedColumns(l, 0, inputs), transposedColumns(l, inputs, hiddenSize));
    }

    private double[][] transposedColumns(int l, int firstColumn, int count) {
        int rows = 4 * hiddenSize;
        double[][] transposed = new double[rows][count];
        for (int j = 0; j < count; j++) {
            double[] column = column(l, firstColumn + j);
            for (int r = 0; r < rows; r++) {
                transposed[r][j] = column[r];
            }
        }
        return transposed;
    }

    /** A layer's gate matrix transposed, {@code 4H} rows each over the layer's inputs and its recurrent inputs. */
    record TransposedGates(double[][] inputRows, double[][] recurrentRows) {
    }
}

package io.streamcast.lstm;

import static io.streamcast.lstm.Activations.CLAMP;
import static io.streamcast.lstm.Activations.P0;
import static io.streamcast.lstm.Activations.P1;
import static io.streamcast.lstm.Activations.P2;
import static io.streamcast.lstm.Activations.P3;
import static io.streamcast.lstm.Activations.P4;
import static io.streamcast.lstm.Activations.Q1;
import static io.streamcast.lstm.Activations.Q2;
import static io.streamcast.lstm.Activations.Q3;
import static io.streamcast.lstm.Activations.Q4;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inference step of {@link LstmModel} written with the JDK's incubating Vector API (Java 25,
 * {@code --add-modules jdk.incubator.vector}), to measure what explicit SIMD code gains over HotSpot's
 * auto-vectorisation of the Java 17 engine. It performs the same IEEE operations in the same order for every
 * value (bias, then one FMA per column in column order; the same rational tanh), so its results are identical
 * to the engine's, bit for bit; {@link VectorStepBenchmark} checks that before measuring.
 *
 * <p>Gate rows are processed in blocks of up to {@value #BLOCK} vectors held in registers across all columns,
 * so the accumulators are never stored between columns: only the weights stream through.
 */
public final class VectorLstm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK = 8;

    private final LstmModel model;
    private final float[] weights;
    private final int hidden;
    private final float[] gates;
    private final float[] column;

    public VectorLstm(LstmModel model) {
        if (4 * model.hiddenSize() % LANES != 0 || model.hiddenSize() % LANES != 0) {
            throw new IllegalArgumentException("hidden size must be a multiple of " + LANES);
        }
        this.model = model;
        this.weights = model.weights();
        this.hidden = model.hiddenSize();
        this.gates = new float[4 * hidden];
        this.column = new float[Math.max(model.inputSize(), hidden) + hidden];
    }

    public void step(float[] state, float[] input, float[] output) {
        int h = hidden;
        int g = 4 * h;
        for (int l = 0; l < model.layers(); l++) {
            int in = model.layerInputSize(l);
            int hOffset = 2 * l * h;
            if (l == 0) {
                System.arraycopy(input, 0, column, 0, in);
            } else {
                System.arraycopy(state, hOffset - 2 * h, column, 0, in);
            }
            System.arraycopy(state, hOffset, column, in, h);
            matVec(model.layerOffset(l), model.biasOffset(l), in + h, g);
            for (int k = 0; k < h; k += LANES) {
                FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, gates, k));
                FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, gates, h + k));
                FloatVector c = tanh(FloatVector.fromArray(SPECIES, gates, 2 * h + k));
                FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, gates, 3 * h + k));
                FloatVector previous = FloatVector.fromArray(SPECIES, state, hOffset + h + k);
                FloatVector cell = f.fma(previous, i.mul(c));
                cell.intoArray(state, hOffset + h + k);
                o.mul(tanh(cell)).intoArray(state, hOffset + k);
            }
        }
        int head = model.headOffset();
        int out = model.outputSize();
        int top = 2 * (model.layers() - 1) * h;
        for (int r = 0; r < out; r++) {
            float sum = weights[head + h * out + r];
            for (int j = 0; j < h; j++) {
                sum = Math.fma(weights[head + j * out + r], state[top + j], sum);
            }
            output[r] = sum;
        }
    }

    /** {@code gates = bias + W column}, rows in blocks of {@value #BLOCK} vectors kept in registers. */
    private void matVec(int offset, int biasOffset, int columns, int rows) {
        float[] w = weights;
        int r = 0;
        for (; r + BLOCK * LANES <= rows; r += BLOCK * LANES) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, w, biasOffset + r);
            FloatVector a1 = FloatVector.fromArray(SPECIES, w, biasOffset + r + LANES);
            FloatVector a2 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 2 * LANES);
            FloatVector a3 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 3 * LANES);
            FloatVector a4 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 4 * LANES);
            FloatVector a5 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 5 * LANES);
            FloatVector a6 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 6 * LANES);
            FloatVector a7 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 7 * LANES);
            for (int j = 0; j < columns; j++) {
                FloatVector s = FloatVector.broadcast(SPECIES, column[j]);
                int base = offset + j * rows + r;
                a0 = FloatVector.fromArray(SPECIES, w, base).fma(s, a0);
                a1 = FloatVector.fromArray(SPECIES, w, base + LANES).fma(s, a1);
                a2 = FloatVector.fromArray(SPECIES, w, base + 2 * LANES).fma(s, a2);
                a3 = FloatVector.fromArray(SPECIES, w, base + 3 * LANES).fma(s, a3);
                a4 = FloatVector.fromArray(SPECIES, w, base + 4 * LANES).fma(s, a4);
                a5 = FloatVector.fromArray(SPECIES, w, base + 5 * LANES).fma(s, a5);
                a6 = FloatVector.fromArray(SPECIES, w, base + 6 * LANES).fma(s, a6);
                a7 = FloatVector.fromArray(SPECIES, w, base + 7 * LANES).fma(s, a7);
            }
            a0.intoArray(gates, r);
            a1.intoArray(gates, r + LANES);
            a2.intoArray(gates, r + 2 * LANES);
            a3.intoArray(gates, r + 3 * LANES);
            a4.intoArray(gates, r + 4 * LANES);
            a5.intoArray(gates, r + 5 * LANES);
            a6.intoArray(gates, r + 6 * LANES);
            a7.intoArray(gates, r + 7 * LANES);
        }
        for (; r < rows; r += LANES) {
            FloatVector a = FloatVector.fromArray(SPECIES, w, biasOffset + r);
            for (int j = 0; j < columns; j++) {
                a = FloatVector.fromArray(SPECIES, w, offset + j * rows + r)
                        .fma(FloatVector.broadcast(SPECIES, column[j]), a);
            }
            a.intoArray(gates, r);
        }
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector v = x.min(CLAMP).max(-CLAMP);
        FloatVector z = v.mul(v);
        FloatVector p = z.fma(P4, P3).fma(z, constant(P2)).fma(z, constant(P1)).fma(z, constant(P0));
        FloatVector q = z.fma(Q4, Q3).fma(z, constant(Q2)).fma(z, constant(Q1)).fma(z, constant(1f));
        return v.mul(p).div(q);
    }

    private static FloatVector constant(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).fma(0.5f, 0.5f);
    }
}

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
 * The gate computation of one LSTM layer with the Vector API (Java 25+, {@code --add-modules
 * jdk.incubator.vector}); the jar's {@code META-INF/versions/25} copy of the Java 17 placeholder. It performs the
 * Java 17 engine's IEEE operations in the same order for every value (bias, then one FMA per column in column
 * order; the same rational tanh and sigmoid; {@code c' = fma(f, c, i g)}, {@code h' = o tanh(c')}), so its
 * results are the engine's, bit for bit. Gate rows are processed in blocks of up to {@value #BLOCK} vectors held
 * in registers across all columns: only the weights stream through. The head stays on the Java 17 path.
 */
final class VectorGates {

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int BLOCK = 8;

    private VectorGates() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    static boolean supports(int hiddenSize) {
        return AVAILABLE && hiddenSize % Lanes.COUNT == 0;
    }

    static String describe() {
        return AVAILABLE ? "Vector API gates, " + Lanes.COUNT + " float lanes (hidden sizes that are multiples of "
                + Lanes.COUNT + "; others on the Java 17 engine)"
                : "Java 17 engine (Java 25+ without --add-modules jdk.incubator.vector)";
    }

    static void layer(float[] weights, int matrixOffset, int biasOffset, float[] x, int xOffset, int inputs,
                      float[] state, int hOffset, int hidden, float[] gates, float[] column) {
        System.arraycopy(x, xOffset, column, 0, inputs);
        System.arraycopy(state, hOffset, column, inputs, hidden);
        Lanes.matVec(weights, matrixOffset, biasOffset, column, inputs + hidden, 4 * hidden, gates);
        Lanes.cell(gates, state, hOffset, hidden);
    }

    /** Holds the species, so that nothing touches the incubator module unless it is there. */
    private static final class Lanes {
        static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        static final int COUNT = SPECIES.length();

        static void matVec(float[] w, int offset, int biasOffset, float[] column, int columns, int rows,
                           float[] gates) {
            int lanes = COUNT;
            int r = 0;
            for (; r + BLOCK * lanes <= rows; r += BLOCK * lanes) {
                FloatVector a0 = FloatVector.fromArray(SPECIES, w, biasOffset + r);
                FloatVector a1 = FloatVector.fromArray(SPECIES, w, biasOffset + r + lanes);
                FloatVector a2 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 2 * lanes);
                FloatVector a3 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 3 * lanes);
                FloatVector a4 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 4 * lanes);
                FloatVector a5 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 5 * lanes);
                FloatVector a6 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 6 * lanes);
                FloatVector a7 = FloatVector.fromArray(SPECIES, w, biasOffset + r + 7 * lanes);
                for (int j = 0; j < columns; j++) {
                    FloatVector s = FloatVector.broadcast(SPECIES, column[j]);
                    int base = offset + j * rows + r;
                    a0 = FloatVector.fromArray(SPECIES, w, base).fma(s, a0);
                    a1 = FloatVector.fromArray(SPECIES, w, base + lanes).fma(s, a1);
                    a2 = FloatVector.fromArray(SPECIES, w, base + 2 * lanes).fma(s, a2);
                    a3 = FloatVector.fromArray(SPECIES, w, base + 3 * lanes).fma(s, a3);
                    a4 = FloatVector.fromArray(SPECIES, w, base + 4 * lanes).fma(s, a4);
                    a5 = FloatVector.fromArray(SPECIES, w, base + 5 * lanes).fma(s, a5);
                    a6 = FloatVector.fromArray(SPECIES, w, base + 6 * lanes).fma(s, a6);
                    a7 = FloatVector.fromArray(SPECIES, w, base + 7 * lanes).fma(s, a7);
                }
                a0.intoArray(gates, r);
                a1.intoArray(gates, r + lanes);
                a2.intoArray(gates, r + 2 * lanes);
                a3.intoArray(gates, r + 3 * lanes);
                a4.intoArray(gates, r + 4 * lanes);
                a5.intoArray(gates, r + 5 * lanes);
                a6.intoArray(gates, r + 6 * lanes);
                a7.intoArray(gates, r + 7 * lanes);
            }
            for (; r < rows; r += lanes) {
                FloatVector a = FloatVector.fromArray(SPECIES, w, biasOffset + r);
                for (int j = 0; j < columns; j++) {
                    a = FloatVector.fromArray(SPECIES, w, offset + j * rows + r)
                            .fma(FloatVector.broadcast(SPECIES, column[j]), a);
                }
                a.intoArray(gates, r);
            }
        }

        static void cell(float[] gates, float[] state, int hOffset, int h) {
            for (int k = 0; k < h; k += COUNT) {
                FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, gates, k));
                FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, gates, h + k));
                FloatVector g = tanh(FloatVector.fromArray(SPECIES, gates, 2 * h + k));
                FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, gates, 3 * h + k));
                FloatVector previous = FloatVector.fromArray(SPECIES, state, hOffset + h + k);
                FloatVector cell = f.fma(previous, i.mul(g));
                cell.intoArray(state, hOffset + h + k);
                o.mul(tanh(cell)).intoArray(state, hOffset + k);
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
}

package io.streamcast.lstm;

/**
 * The float matrix-vector product of the inference path, over matrices held as one array per column.
 *
 * <p>Separate column arrays, each read from index 0 like the target, are what lets HotSpot's auto-vectoriser
 * compile the loop to SIMD code: with the columns at different offsets of one flat array, it cannot rule out
 * that the flat array is the target itself and falls back to scalar code (measured: about 5x slower).
 * Columns are taken four at a time so that the target is loaded and stored once per four columns; the FMAs
 * of a row still run in column order, so the result is the same, bit for bit, as adding one column after the
 * other, and so deterministic.
 */
final class MatVec {

    private MatVec() {
    }

    /**
     * {@code target[r] += sum_j columns[first + j][r] * x[xOffset + j]} for {@code j < count}, {@code r < rows}.
     */
    static void accumulateColumns(float[][] columns, int first, float[] x, int xOffset, int count,
                                  float[] target, int rows) {
        int j = 0;
        for (; j + 3 < count; j += 4) {
            float s0 = x[xOffset + j];
            float s1 = x[xOffset + j + 1];
            float s2 = x[xOffset + j + 2];
            float s3 = x[xOffset + j + 3];
            float[] c0 = columns[first + j];
            float[] c1 = columns[first + j + 1];
            float[] c2 = columns[first + j + 2];
            float[] c3 = columns[first + j + 3];
            for (int r = 0; r < rows; r++) {
                float acc = Math.fma(c0[r], s0, target[r]);
                acc = Math.fma(c1[r], s1, acc);
                acc = Math.fma(c2[r], s2, acc);
                target[r] = Math.fma(c3[r], s3, acc);
            }
        }
        for (; j < count; j++) {
            float s = x[xOffset + j];
            float[] c = columns[first + j];
            for (int r = 0; r < rows; r++) {
                target[r] = Math.fma(c[r], s, target[r]);
            }
        }
    }

    /**
     * {@code target[targetOffset + r] += sum_j w[offset + j*rows + r] * x[xOffset + j]}: the small head, where
     * vectorising does not matter.
     */
    static void accumulateColumns(float[] w, int offset, float[] x, int xOffset, int columns,
                                  float[] target, int targetOffset, int rows) {
        for (int j = 0; j < columns; j++) {
            float s = x[xOffset + j];
            int c = offset + j * rows;
            for (int r = 0; r < rows; r++) {
                target[targetOffset + r] = Math.fma(w[c + r], s, target[targetOffset + r]);
            }
        }
    }
}

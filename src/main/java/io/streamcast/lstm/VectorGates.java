package io.streamcast.lstm;

/**
 * The gate computation of one LSTM layer with the JDK's Vector API, where the JVM has it. This is the Java 17
 * placeholder: the jar carries the real implementation for Java 25 and later under
 * {@code META-INF/versions/25} (from {@code src/main/java25}), which the JVM loads instead when it runs the jar
 * on Java 25 or later; it is used when {@code jdk.incubator.vector} is resolved
 * ({@code --add-modules jdk.incubator.vector}). Either way the results are the engine's, bit for bit.
 */
final class VectorGates {

    private VectorGates() {
    }

    /** Whether this JVM computes gates with the Vector API. */
    static boolean available() {
        return false;
    }

    /** Whether the Vector API path handles layers of this hidden size. */
    static boolean supports(int hiddenSize) {
        return false;
    }

    /** A description of the path chosen, for the start-up log. */
    static String describe() {
        return "Java 17 engine (no Vector API: needs Java 25+ and --add-modules jdk.incubator.vector)";
    }

    /**
     * Advances one layer: gates from the bias and the weight columns over {@code [x; h]}, then the cell and hidden
     * state at {@code hOffset} of {@code state}, exactly as {@link LstmModel}'s Java 17 path does.
     */
    static void layer(float[] weights, int matrixOffset, int biasOffset, float[] x, int xOffset, int inputs,
                      float[] state, int hOffset, int hidden, float[] gates, float[] column) {
        throw new UnsupportedOperationException("the Vector API is not available on this JVM");
    }
}

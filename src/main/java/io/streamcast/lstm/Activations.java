package io.streamcast.lstm;

/**
 * The gate nonlinearities of the float inference path: a rational approximation of {@code tanh} made only of
 * multiplications, additions, one division and a clamp, so that loops over it compile to SIMD code, and the
 * logistic function derived from it exactly ({@code sigmoid(x) = (1 + tanh(x/2)) / 2}). Results are the same
 * on every JVM: each operation is an IEEE float operation in a fixed order.
 *
 * <p>{@code tanh(x) ~ x P(x^2) / Q(x^2)} on {@code [-9, 9]}, with the argument clamped to that range (where
 * {@code tanh} is within 3e-8 of ±1). P and Q have degree 4 in {@code x^2}; their coefficients were fitted
 * for least maximum error by {@code src/test/java/io/streamcast/lstm/fit_tanh_coefficients.py}. The absolute
 * error in float is below 4e-7 ({@code ActivationsTest} checks 5e-7) and the sigmoid's is half of it.
 * Training runs in double precision with the exact functions instead ({@link BackpropThroughTime}).
 */
final class Activations {

    static final float CLAMP = 9f;
    static final float P0 = 9.999998808e-01f;
    static final float P1 = 1.337319613e-01f;
    static final float P2 = 3.486579750e-03f;
    static final float P3 = 2.047179623e-05f;
    static final float P4 = 1.318417908e-08f;
    static final float Q1 = 4.670649171e-01f;
    static final float Q2 = 2.584197000e-02f;
    static final float Q3 = 3.271381720e-04f;
    static final float Q4 = 7.702644211e-07f;

    private Activations() {
    }

    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float z = v * v;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(P4, z, P3), z, P2), z, P1), z, P0);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Q4, z, Q3), z, Q2), z, Q1), z, 1f);
        return v * p / q;
    }

    static float sigmoid(float x) {
        return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
    }
}

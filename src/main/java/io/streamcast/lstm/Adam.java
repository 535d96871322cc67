package io.streamcast.lstm;

/**
 * Adam (Kingma and Ba, 2015) with bias-corrected moments. The moments belong to the optimiser, not to the
 * model, so a model snapshot is weights only.
 */
final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Parameters firstMoment;
    private final Parameters secondMoment;
    private long steps;

    Adam(Parameters shape) {
        this.firstMoment = shape.zerosLike();
        this.secondMoment = shape.zerosLike();
    }

    /** One update of {@code parameters} along {@code gradient}. */
    void step(Parameters parameters, Parameters gradient, double learningRate) {
        steps++;
        double rate = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        for (int c = 0; c < parameters.chunks.length; c++) {
            double[] p = parameters.chunks[c];
            double[] g = gradient.chunks[c];
            double[] m = firstMoment.chunks[c];
            double[] v = secondMoment.chunks[c];
            for (int k = 0; k < p.length; k++) {
                m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
                v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
                p[k] -= rate * m[k] / (Math.sqrt(v[k]) + EPSILON);
            }
        }
    }
}

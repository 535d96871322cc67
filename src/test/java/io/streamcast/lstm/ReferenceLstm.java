package io.streamcast.lstm;

/**
 * A plain double-precision LSTM that reads the flat weight array by the layout documented on {@link LstmModel},
 * one index formula per weight, with the JDK's exact functions: the reference the fast float path is held to.
 */
final class ReferenceLstm {

    private ReferenceLstm() {
    }

    static double[] forward(LstmModel model, float[] inputs, int steps) {
        int in0 = model.inputSize();
        int h = model.hiddenSize();
        int layers = model.layers();
        int out = model.outputSize();
        float[] w = model.weights();
        double[][] hidden = new double[layers][h];
        double[][] cell = new double[layers][h];
        double[] outputs = new double[steps * out];
        for (int t = 0; t < steps; t++) {
            double[] x = new double[in0];
            for (int j = 0; j < in0; j++) {
                x[j] = inputs[t * in0 + j];
            }
            for (int l = 0; l < layers; l++) {
                int in = x.length;
                int base = model.layerOffset(l);
                double[] pre = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    double sum = w[base + (in + h) * 4 * h + r];
                    for (int j = 0; j < in; j++) {
                        sum += w[base + j * 4 * h + r] * x[j];
                    }
                    for (int j = 0; j < h; j++) {
                        sum += w[base + (in + j) * 4 * h + r] * hidden[l][j];
                    }
                    pre[r] = sum;
                }
                for (int k = 0; k < h; k++) {
                    double i = sigmoid(pre[k]);
                    double f = sigmoid(pre[h + k]);
                    double g = Math.tanh(pre[2 * h + k]);
                    double o = sigmoid(pre[3 * h + k]);
                    cell[l][k] = f * cell[l][k] + i * g;
                    hidden[l][k] = o * Math.tanh(cell[l][k]);
                }
                x = hidden[l].clone();
            }
            int head = model.headOffset();
            for (int r = 0; r < out; r++) {
                double sum = w[head + h * out + r];
                for (int j = 0; j < h; j++) {
                    sum += w[head + j * out + r] * x[j];
                }
                outputs[t * out + r] = sum;
            }
        }
        return outputs;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

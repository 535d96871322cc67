package io.streamcast.lstm;

import java.util.Arrays;

/**
 * Forward and backward pass of one window in double precision: the loss and its exact gradient with respect to
 * the parameters, the inputs and the initial state (these two on request, below), with the state the burn-in
 * reaches taken as given (below).
 * The trainer runs this code, and the gradient checks test this code, so what is checked is what trains.
 *
 * <p>Double precision keeps gradients summed over long windows and many windows accurate and makes central
 * differences meaningful; the activations are the exact functions (through {@link Math#exp}), not the float
 * approximations of the inference path. The trained parameters are rounded to float once per epoch, and the
 * float model is what validation measures.
 *
 * <h2>Spread head</h2>
 * A model with twice as many outputs as a window has targets per step ({@link #spreadHead}) forecasts, in its
 * first half, each target and, in its second half, the log standard deviation {@code s} of that forecast's error.
 * The loss adds to each error's {@link HuberLoss} the Gaussian negative log-likelihood of the error under the
 * forecast spread, {@code (e² / v + ln v) / 2} with {@code v} the variance {@link SpreadHead} gives {@code s}. The
 * error counts as a given in that term (its gradient stops there): the forecasts learn from their errors' loss
 * alone, as they do without a spread head, and the spread learns the size of the errors they make.
 *
 * <h2>Burn-in</h2>
 * The first steps of a window only warm the state up: they count in no loss, and backpropagation stops where they
 * end (truncated backpropagation through time). The weights learn to forecast from the state a key actually brings
 * to an event, not to shape the state of a window's first steps, which no served forecast starts from; and the
 * backward pass is shorter by the burn-in (a quarter, at 16 of 64 steps). So the gradient is that of the loss of
 * the steps after the burn-in run from the state the burn-in reaches; the burn-in's inputs and the initial state
 * get none when there is a burn-in.
 *
 * <h2>Boundary gradients</h2>
 * The gradients of the loss with respect to the window's inputs and initial state are what a gradient check
 * tests; training needs neither, and an instance made without them skips the backward products that only they
 * need (the input rows of the bottom layer, and, without a burn-in, the recurrent rows of the first step), leaving
 * the parameters' gradient the same, bit for bit; its {@link #inputGradient} and {@link #initialStateGradient}
 * refuse to answer.
 *
 * <p>Holds the per-step activations of the last window; one instance per thread.
 */
final class BackpropThroughTime {

    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final int outputSize;
    private final int targetWidth;
    private final boolean spreadHead;
    private final boolean boundaryGradients;
    private final double huberDelta;

    private int capacity;
    private double[][] inputs;
    private double[][][] gates;
    private double[][][] cells;
    private double[][][] hiddens;
    private double[][][] tanhCells;
    private double[][] fromAbove;
    private double[][] toBelow;
    private double[] inputGradient;
    private final double[] initialStateGradient;
    private double[] windowInputs = new double[0];
    private double lastSpreadLoss;
    private double[] lastErrors = new double[0];

    private final double[] preActivations;
    private final double[] gateGradient;
    private final double[] columnGradient;
    private final double[] hiddenGradient;
    private final double[] cellGradient;
    private final double[] output;
    private final double[] outputGradient;

    /**
     * @param outputSize  the model's outputs per step
     * @param targetWidth the windows' targets per step: {@code outputSize}, or half of it for a spread head
     * @param boundaryGradients whether to compute {@link #inputGradient} and {@link #initialStateGradient}
     * @param huberDelta  the error beyond which an error's loss grows linearly ({@link HuberLoss}); 0 squares all
     */
    BackpropThroughTime(int inputSize, int hiddenSize, int layers, int outputSize, int targetWidth,
                        boolean boundaryGradients, double huberDelta) {
        if (outputSize != targetWidth && outputSize != 2 * targetWidth) {
            throw new IllegalArgumentException("a model with " + outputSize + " outputs cannot learn "
                    + targetWidth + " targets per step");
        }
        this.inputSize = inputSize;
        this.hidden = hiddenSize;
        this.layers = layers;
        this.outputSize = outputSize;
        this.targetWidth = targetWidth;
        this.spreadHead = outputSize == 2 * targetWidth;
        this.boundaryGradients = boundaryGradients;
        this.huberDelta = huberDelta;
        this.initialStateGradient = new double[2 * layers * hiddenSize];
        this.preActivations = new double[4 * hiddenSize];
        this.gateGradient = new double[4 * hiddenSize];
        this.columnGradient = new double[Math.max(inputSize, hiddenSize)];
        this.hiddenGradient = new double[hiddenSize];
        this.cellGradient = new double[hiddenSize];
        this.output = new double[outputSize];
        this.outputGradient = new double[outputSize];
        ensureCapacity(16);
    }

    private void ensureCapacity(int steps) {
        if (steps <= capacity) {
            return;
        }
        capacity = Math.max(steps, 2 * capacity);
        int h = hidden;
        inputs = new double[capacity][inputSize];
        gates = new double[layers][capacity][4 * h];
        cells = new double[layers][capacity + 1][h];
        hiddens = new double[layers][capacity + 1][h];
        tanhCells = new double[layers][capacity][h];
        fromAbove = new double[capacity][h];
        toBelow = new double[capacity][h];
        inputGradient = new double[capacity * inputSize];
    }

    /** The window's inputs in double, for {@link #run}; in a buffer of this instance, reused by the next call. */
    double[] inputsOf(Window window) {
        float[] source = window.inputs();
        if (windowInputs.length < source.length) {
            windowInputs = new double[source.length];
        }
        for (int n = 0; n < source.length; n++) {
            windowInputs[n] = source[n];
        }
        return windowInputs;
    }

    /**
     * Runs one window forward and backward.
     *
     * @param parameters   the parameters
     * @param transposed   per layer, {@link Parameters#transposedGates} of {@code parameters}
     * @param x            {@code steps} rows of inputs
     * @param targets      {@code steps} rows of {@code targetWidth} targets, NaN where there is none
     * @param initialState h and c per layer as in {@link LstmModel}, or null for zeros
     * @param scale        factor of every target's term in the loss (1 / the number of targets of the batch)
     * @param gradient     receives {@code +=} the gradient of the scaled loss
     * @return {@code scale} times the sum of the errors' {@link HuberLoss} over the targets after the burn-in steps
     */
    double run(Parameters parameters, Parameters.TransposedGates[] transposed, double[] x, float[] targets, int steps,
               int burnInSteps, double[] initialState, double scale, Parameters gradient) {
        return run(parameters, transposed, x, targets, steps, burnInSteps, initialState, scale, gradient, null);
    }

    /**
     * As {@link #run(Parameters, Parameters.TransposedGates[], double[], float[], int, int, double[], double,
     * Parameters)}, with the errors the spread term scores given ({@code steps} rows of {@code targetWidth}) instead
     * of taken from this pass: with them fixed, the spread term is an ordinary function of the parameters whose
     * gradient is the one the training pass computes, which is how a gradient check can test it.
     */
    double run(Parameters parameters, Parameters.TransposedGates[] transposed, double[] x, float[] targets, int steps,
               int burnInSteps, double[] initialState, double scale, Parameters gradient, double[] spreadErrors) {
        ensureCapacity(steps);
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, t * inputSize, inputs[t], 0, inputSize);
        }
        for (int l = 0; l < layers; l++) {
            if (initialState == null) {
                Arrays.fill(hiddens[l][0], 0);
                Arrays.fill(cells[l][0], 0);
            } else {
                System.arraycopy(initialState, 2 * l * hidden, hiddens[l][0], 0, hidden);
                System.arraycopy(initialState, 2 * l * hidden + hidden, cells[l][0], 0, hidden);
            }
            forwardLayer(parameters, l, steps);
        }
        double loss = head(parameters, targets, steps, burnInSteps, scale, gradient, spreadErrors);
        int warmSteps = Math.min(burnInSteps, steps);
        for (int l = layers - 1; l >= 0; l--) {
            backwardLayer(parameters, transposed[l], l, steps, warmSteps, gradient);
            double[][] swap = fromAbove;
            fromAbove = toBelow;
            toBelow = swap;
        }
        return loss;
    }

    /** Gradient of the last run's loss with respect to its inputs, {@code steps} rows; with boundary gradients. */
    double[] inputGradient() {
        requireBoundaryGradients();
        return inputGradient;
    }

    /** Gradient of the last run's loss with respect to its initial state, laid out as it; with boundary gradients. */
    double[] initialStateGradient() {
        requireBoundaryGradients();
        return initialStateGradient;
    }

    private void requireBoundaryGradients() {
        if (!boundaryGradients) {
            throw new IllegalStateException("this pass was made without boundary gradients");
        }
    }

    /** The last run's state after its first {@code t} steps, laid out as the initial state. */
    double[] stateAfter(int t) {
        double[] state = new double[2 * layers * hidden];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(hiddens[l][t], 0, state, 2 * l * hidden, hidden);
            System.arraycopy(cells[l][t], 0, state, 2 * l * hidden + hidden, hidden);
        }
        return state;
    }

    private double[] layerInput(int l, int t) {
        return l == 0 ? inputs[t] : hiddens[l - 1][t + 1];
    }

    private void forwardLayer(Parameters p, int l, int steps) {
        int h = hidden;
        int in = l == 0 ? inputSize : h;
        int first = p.firstChunk(l);
        double[] bias = p.bias(l);
        double[] pre = preActivations;
        for (int t = 0; t < steps; t++) {
            System.arraycopy(bias, 0, pre, 0, 4 * h);
            accumulateColumns(p.chunks, first, layerInput(l, t), in, pre);
            accumulateColumns(p.chunks, first + in, hiddens[l][t], h, pre);
            double[] a = gates[l][t];
            for (int k = 0; k < 2 * h; k++) {
                a[k] = sigmoid(pre[k]);
            }
            for (int k = 2 * h; k < 3 * h; k++) {
                a[k] = tanh(pre[k]);
            }
            for (int k = 3 * h; k < 4 * h; k++) {
                a[k] = sigmoid(pre[k]);
            }
            double[] previous = cells[l][t];
            double[] c = cells[l][t + 1];
            double[] tc = tanhCells[l][t];
            double[] next = hiddens[l][t + 1];
            for (int k = 0; k < h; k++) {
                c[k] = a[h + k] * previous[k] + a[k] * a[2 * h + k];
                tc[k] = tanh(c[k]);
                next[k] = a[3 * h + k] * tc[k];
            }
        }
    }

    /** The head's outputs and loss, the head's gradient, and the top layer's {@link #fromAbove}. */
    private double head(Parameters p, float[] targets, int steps, int burnInSteps, double scale,
                        Parameters gradient, double[] spreadErrors) {
        int h = hidden;
        int out = outputSize;
        int width = targetWidth;
        int first = p.firstChunk(layers);
        double[] bias = p.bias(layers);
        double[] gradientBias = gradient.bias(layers);
        double loss = 0;
        double spreadLoss = 0;
        if (lastErrors.length < steps * width) {
            lastErrors = new double[steps * width];
        }
        Arrays.fill(lastErrors, 0, steps * width, Double.NaN);
        for (int t = 0; t < steps; t++) {
            double[] dTop = fromAbove[t];
            if (t < burnInSteps) {
                Arrays.fill(dTop, 0);
                continue;
            }
            double[] top = hiddens[layers - 1][t + 1];
            System.arraycopy(bias, 0, output, 0, out);
            accumulateColumns(p.chunks, first, top, h, output);
            Arrays.fill(outputGradient, 0);
            boolean any = false;
            for (int r = 0; r < width; r++) {
                float target = targets[t * width + r];
                if (Float.isNaN(target)) {
                    continue;
                }
                double error = output[r] - target;
                lastErrors[t * width + r] = error;
                loss += HuberLoss.of(error, huberDelta);
                outputGradient[r] = scale * HuberLoss.slope(error, huberDelta);
                if (spreadHead) {
                    double e = spreadErrors == null ? error : spreadErrors[t * width + r];
                    double spread = Math.exp(2 * output[width + r]);
                    double v = SpreadHead.variance(output[width + r]);
                    spreadLoss += 0.5 * (e * e / v + Math.log(v));
                    outputGradient[width + r] = scale * spread / v * (1 - e * e / v);
                }
                any = true;
            }
            if (!any) {
                Arrays.fill(dTop, 0);
                continue;
            }
            for (int j = 0; j < h; j++) {
                double[] column = p.chunks[first + j];
                double[] gradientColumn = gradient.chunks[first + j];
                double sum = 0;
                for (int r = 0; r < out; r++) {
                    gradientColumn[r] += outputGradient[r] * top[j];
                    sum += column[r] * outputGradient[r];
                }
                dTop[j] = sum;
            }
            for (int r = 0; r < out; r++) {
                gradientBias[r] += outputGradient[r];
            }
        }
        lastSpreadLoss = scale * spreadLoss;
        return scale * loss;
    }

    /** The forecast errors of the last run, {@code steps} rows of {@code targetWidth}; NaN where no target counts. */
    double[] lastErrors() {
        return lastErrors;
    }

    /** The spread term of the last run's loss, scaled as its errors' loss is; 0 without a spread head. */
    double lastSpreadLoss() {
        return lastSpreadLoss;
    }

    /** Backpropagates layer {@code l} from the last step down to {@code warmSteps}, the first after the burn-in. */
    private void backwardLayer(Parameters p, Parameters.TransposedGates transposed, int l, int steps, int warmSteps,
                               Parameters gradient) {
        int h = hidden;
        int in = l == 0 ? inputSize : h;
        int first = p.firstChunk(l);
        double[] dh = hiddenGradient;
        double[] dc = cellGradient;
        double[] dGates = gateGradient;
        double[] dz = columnGradient;
        double[] gradientBias = gradient.bias(l);
        Arrays.fill(dh, 0);
        Arrays.fill(dc, 0);
        for (int t = steps - 1; t >= warmSteps; t--) {
            double[] a = gates[l][t];
            double[] tc = tanhCells[l][t];
            double[] previous = cells[l][t];
            double[] above = fromAbove[t];
            for (int k = 0; k < h; k++) {
                double i = a[k];
                double f = a[h + k];
                double g = a[2 * h + k];
                double o = a[3 * h + k];
                double dHidden = above[k] + dh[k];
                double dCell = dHidden * o * (1 - tc[k] * tc[k]) + dc[k];
                dGates[k] = dCell * g * i * (1 - i);
                dGates[h + k] = dCell * previous[k] * f * (1 - f);
                dGates[2 * h + k] = dCell * i * (1 - g * g);
                dGates[3 * h + k] = dHidden * tc[k] * o * (1 - o);
                dc[k] = dCell * f;
            }
            addOuter(gradient.chunks, first, dGates, layerInput(l, t), in);
            addOuter(gradient.chunks, first + in, dGates, hiddens[l][t], h);
            for (int r = 0; r < 4 * h; r++) {
                gradientBias[r] += dGates[r];
            }
            if (l > 0 || boundaryGradients) {
                Arrays.fill(dz, 0, in, 0);
                accumulateRows(transposed.inputRows(), dGates, dz, in);
                if (l == 0) {
                    System.arraycopy(dz, 0, inputGradient, t * inputSize, inputSize);
                } else {
                    System.arraycopy(dz, 0, toBelow[t], 0, h);
                }
            }
            if (t > warmSteps || boundaryGradients && warmSteps == 0) {
                // dh of this step is spent: it becomes the gradient with respect to the previous step's output
                Arrays.fill(dh, 0);
                accumulateRows(transposed.recurrentRows(), dGates, dh, h);
            }
        }
        if (!boundaryGradients) {
            return;
        }
        if (warmSteps == 0) {
            System.arraycopy(dh, 0, initialStateGradient, 2 * l * h, h);
            System.arraycopy(dc, 0, initialStateGradient, 2 * l * h + h, h);
            return;
        }
        // behind a burn-in neither the initial state nor the burn-in's inputs get a gradient
        Arrays.fill(initialStateGradient, 2 * l * h, 2 * l * h + 2 * h, 0);
        if (l == 0) {
            Arrays.fill(inputGradient, 0, warmSteps * inputSize, 0);
        }
    }

    /** {@code target += sum_j chunks[first + j] * x[j]}, four columns at a time. */
    private static void accumulateColumns(double[][] chunks, int first, double[] x, int count, double[] target) {
        int rows = target.length;
        int j = 0;
        for (; j + 3 < count; j += 4) {
            double s0 = x[j];
            double s1 = x[j + 1];
            double s2 = x[j + 2];
            double s3 = x[j + 3];
            double[] c0 = chunks[first + j];
            double[] c1 = chunks[first + j + 1];
            double[] c2 = chunks[first + j + 2];
            double[] c3 = chunks[first + j + 3];
            for (int r = 0; r < rows; r++) {
                target[r] += c0[r] * s0 + c1[r] * s1 + c2[r] * s2 + c3[r] * s3;
            }
        }
        for (; j < count; j++) {
            double s = x[j];
            double[] c = chunks[first + j];
            for (int r = 0; r < rows; r++) {
                target[r] += c[r] * s;
            }
        }
    }

    /** {@code chunks[first + j] += d * x[j]} for {@code j < count}. */
    private static void addOuter(double[][] chunks, int first, double[] d, double[] x, int count) {
        for (int j = 0; j < count; j++) {
            double s = x[j];
            double[] column = chunks[first + j];
            for (int r = 0; r < column.length; r++) {
                column[r] += d[r] * s;
            }
        }
    }

    /** {@code target[j] += sum_r rows[r][j] * d[r]} for {@code j < count}, four rows at a time. */
    private static void accumulateRows(double[][] rows, double[] d, double[] target, int count) {
        int r = 0;
        for (; r + 3 < rows.length; r += 4) {
            double s0 = d[r];
            double s1 = d[r + 1];
            double s2 = d[r + 2];
            double s3 = d[r + 3];
            double[] r0 = rows[r];
            double[] r1 = rows[r + 1];
            double[] r2 = rows[r + 2];
            double[] r3 = rows[r + 3];
            for (int j = 0; j < count; j++) {
                target[j] += r0[j] * s0 + r1[j] * s1 + r2[j] * s2 + r3[j] * s3;
            }
        }
        for (; r < rows.length; r++) {
            double s = d[r];
            double[] row = rows[r];
            for (int j = 0; j < count; j++) {
                target[j] += row[j] * s;
            }
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double tanh(double x) {
        return 2 / (1 + Math.exp(-2 * x)) - 1;
    }
}

package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Central-difference checks of {@link BackpropThroughTime}, the backward pass the trainer runs, in double
 * precision: every weight, input and initial-state value of small networks, with masked targets and burn-in.
 * With a burn-in, the reference loss is that of the steps after it run from the state it reaches, held fixed: the
 * gradient the pass defines (truncated at the burn-in); the burn-in's inputs and the initial state must then get
 * none.
 */
class GradientCheckTest {

    private static final double EPSILON = 1e-6;
    private static final double TOLERANCE = 1e-3;
    private static final double NEGLIGIBLE = 1e-8;

    @ParameterizedTest(name = "input {0}, hidden {1}, layers {2}, output {3}, steps {4}, burn-in {5}, Huber {6}")
    @CsvSource({
            "3, 4, 1, 2, 6, 1, 0",
            "2, 3, 2, 2, 5, 2, 0",
            "1, 5, 1, 1, 1, 0, 0",
            "2, 3, 2, 3, 1, 0, 0",
            "1, 2, 3, 1, 4, 0, 0",
            "3, 4, 1, 2, 6, 1, 0.3",
            "2, 3, 2, 2, 5, 0, 0.5"})
    void shouldMatchCentralDifferencesForWeightsInputsAndInitialState(int input, int hidden, int layers, int output,
                                                                        int steps, int burnIn, double huberDelta) {
        SplittableRandom random = new SplittableRandom(31L * input + 7L * hidden + layers + steps);
        Parameters parameters = randomParameters(random, input, hidden, layers, output);
        double[] x = randoms(random, steps * input, 1.5);
        double[] state = randoms(random, 2 * layers * hidden, 0.8);
        float[] targets = new float[steps * output];
        for (int n = 0; n < targets.length; n++) {
            targets[n] = n % 3 == 1 ? Float.NaN : (float) random.nextDouble(-1, 1);
        }
        double scale = 1.0 / 7;
        BackpropThroughTime bptt = new BackpropThroughTime(input, hidden, layers, output, output, true, huberDelta);
        Parameters gradient = parameters.zerosLike();
        bptt.run(parameters, transposes(parameters), x, targets, steps, burnIn, state, scale, gradient);
        double[] inputGradient = bptt.inputGradient().clone();
        double[] stateGradient = bptt.initialStateGradient().clone();

        // The steps after the burn-in, from the state it reached: their loss is what the gradient is of.
        double[] warm = bptt.stateAfter(burnIn);
        double[] tail = Arrays.copyOfRange(x, burnIn * input, steps * input);
        float[] tailTargets = Arrays.copyOfRange(targets, burnIn * output, steps * output);
        DoubleSupplier loss = () -> bptt.run(parameters, transposes(parameters), tail, tailTargets, steps - burnIn,
                0, warm, scale, parameters.zerosLike());

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int n = 0; n < parameters.size(); n++) {
            int index = n;
            checked += check("weight " + n, gradient.get(n), numerical(loss,
                    () -> parameters.get(index), v -> parameters.set(index, v)), failures);
        }
        for (int n = 0; n < burnIn * input; n++) {
            assertThat(inputGradient[n]).as("burn-in input %d", n).isZero();
        }
        for (int n = 0; n < tail.length; n++) {
            int index = n;
            checked += check("input " + (burnIn * input + n), inputGradient[burnIn * input + n],
                    numerical(loss, () -> tail[index], v -> tail[index] = v), failures);
        }
        for (int n = 0; n < state.length; n++) {
            int index = n;
            if (burnIn > 0) {
                assertThat(stateGradient[n]).as("initial state %d behind a burn-in", n).isZero();
            } else {
                checked += check("initial state " + n, stateGradient[n],
                        numerical(loss, () -> warm[index], v -> warm[index] = v), failures);
            }
        }

        assertThat(failures).isEmpty();
        // The check must not pass vacuously: most gradients are far from negligible.
        int checkable = parameters.size() + tail.length + (burnIn > 0 ? 0 : state.length);
        assertThat(checked).isGreaterThan(checkable / 2);
    }

    /**
     * Truncation at the burn-in is the point of the pass: the full gradient through the burn-in must differ from it,
     * or the check above would pass whatever the backward pass did with the burn-in's steps.
     */
    @Test
    void shouldNotBackpropagateIntoTheBurnIn() {
        int input = 2;
        int hidden = 3;
        SplittableRandom random = new SplittableRandom(5);
        Parameters parameters = randomParameters(random, input, hidden, 1, 1);
        double[] x = randoms(random, 6 * input, 1.5);
        float[] targets = new float[6];
        for (int n = 0; n < targets.length; n++) {
            targets[n] = (float) random.nextDouble(-1, 1);
        }
        BackpropThroughTime bptt = new BackpropThroughTime(input, hidden, 1, 1, 1, true, 0);
        Parameters gradient = parameters.zerosLike();
        bptt.run(parameters, transposes(parameters), x, targets, 6, 2, null, 1, gradient);
        DoubleSupplier wholeLoss = () -> bptt.run(parameters, transposes(parameters), x, targets, 6, 2, null, 1,
                parameters.zerosLike());
        // The bottom layer's first input weight of the input gate also acts through the burn-in's steps.
        double throughBurnIn = numerical(wholeLoss, () -> parameters.get(0), v -> parameters.set(0, v));

        assertThat(gradient.get(0)).isFinite();
        assertThat(Math.abs(gradient.get(0) - throughBurnIn))
                .isGreaterThan(TOLERANCE * Math.max(Math.abs(gradient.get(0)), Math.abs(throughBurnIn)));
    }

    /**
     * With a spread head the loss adds the Gaussian likelihood of the forecast errors, which the gradient treats as
     * given: fixing them at the checked point makes that term an ordinary function of the parameters, so central
     * differences of the whole loss must match the training pass's gradient.
     */
    @ParameterizedTest(name = "input {0}, hidden {1}, layers {2}, targets {3}, steps {4}, burn-in {5}")
    @CsvSource({
            "3, 4, 1, 2, 6, 1",
            "2, 3, 2, 1, 5, 0",
            "1, 5, 1, 3, 1, 0"})
    void shouldMatchCentralDifferencesWithASpreadHead(int input, int hidden, int layers, int width, int steps,
                                                     int burnIn) {
        SplittableRandom random = new SplittableRandom(17L * input + 5L * hidden + layers + steps);
        int output = 2 * width;
        Parameters parameters = randomParameters(random, input, hidden, layers, output);
        double[] x = randoms(random, steps * input, 1.5);
        double[] state = randoms(random, 2 * layers * hidden, 0.8);
        float[] targets = new float[steps * width];
        for (int n = 0; n < targets.length; n++) {
            targets[n] = n % 4 == 1 ? Float.NaN : (float) random.nextDouble(-1, 1);
        }
        double scale = 1.0 / 5;
        BackpropThroughTime bptt = new BackpropThroughTime(input, hidden, layers, output, width, true, 0);
        Parameters gradient = parameters.zerosLike();
        bptt.run(parameters, transposes(parameters), x, targets, steps, burnIn, state, scale, gradient);
        double[] errors = Arrays.copyOfRange(bptt.lastErrors(), burnIn * width, steps * width);
        double spreadTerm = bptt.lastSpreadLoss();
        double[] warm = bptt.stateAfter(burnIn);
        double[] tail = Arrays.copyOfRange(x, burnIn * input, steps * input);
        float[] tailTargets = Arrays.copyOfRange(targets, burnIn * width, steps * width);
        DoubleSupplier loss = () -> bptt.run(parameters, transposes(parameters), tail, tailTargets, steps - burnIn,
                0, warm, scale, parameters.zerosLike(), errors) + bptt.lastSpreadLoss();

        List<String> failures = new ArrayList<>();
        int checked = 0;
        int spreadWeights = 0;
        int headColumns = parameters.size() - (hidden + 1) * output;
        for (int n = 0; n < parameters.size(); n++) {
            int index = n;
            int counted = check("weight " + n, gradient.get(n), numerical(loss,
                    () -> parameters.get(index), v -> parameters.set(index, v)), failures);
            checked += counted;
            if (n >= headColumns && (n - headColumns) % output >= width) {
                spreadWeights += counted;
            }
        }

        assertThat(failures).isEmpty();
        assertThat(spreadTerm).isFinite().isGreaterThan(0);
        assertThat(checked).isGreaterThan(parameters.size() / 2);
        // The spread head's own weights are among those checked, so its gradient was tested, not skipped.
        assertThat(spreadWeights).isGreaterThan(hidden / 2);
    }

    /**
     * The pass the trainer runs skips what only the input and initial-state gradients need; the parameters' gradient
     * and the loss must be the same as the checked pass's, bit for bit, so that the check above covers training.
     */
    @ParameterizedTest(name = "input {0}, hidden {1}, layers {2}, targets {3}, spread {4}, burn-in {5}")
    @CsvSource({
            "3, 8, 1, 1, false, 3",
            "2, 5, 2, 2, true, 3",
            "1, 4, 3, 1, false, 3",
            "3, 8, 1, 1, false, 0",
            "2, 5, 2, 2, true, 0"})
    void shouldGiveTheSameParameterGradientWithoutBoundaryGradients(int input, int hidden, int layers, int width,
                                                                    boolean spread, int burnIn) {
        SplittableRandom random = new SplittableRandom(97L * input + hidden + layers);
        int output = spread ? 2 * width : width;
        Parameters parameters = randomParameters(random, input, hidden, layers, output);
        int steps = 9;
        double[] x = randoms(random, steps * input, 1.5);
        float[] targets = new float[steps * width];
        for (int n = 0; n < targets.length; n++) {
            targets[n] = n % 5 == 2 ? Float.NaN : (float) random.nextDouble(-1, 1);
        }
        Parameters checked = parameters.zerosLike();
        Parameters trained = parameters.zerosLike();
        double checkedLoss = new BackpropThroughTime(input, hidden, layers, output, width, true, 0)
                .run(parameters, transposes(parameters), x, targets, steps, burnIn, null, 0.25, checked);
        double trainedLoss = new BackpropThroughTime(input, hidden, layers, output, width, false, 0)
                .run(parameters, transposes(parameters), x, targets, steps, burnIn, null, 0.25, trained);

        assertThat(trainedLoss).isFinite().isEqualTo(checkedLoss).isGreaterThan(0);
        int nonZero = 0;
        for (int n = 0; n < parameters.size(); n++) {
            assertThat(Double.doubleToRawLongBits(trained.get(n))).as("weight %d", n)
                    .isEqualTo(Double.doubleToRawLongBits(checked.get(n)));
            nonZero += checked.get(n) != 0 ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(parameters.size() / 2);
    }

    private static int check(String what, double analytic, double numeric, List<String> failures) {
        // a NaN compares false with everything, so it would pass the tolerance below unless caught here
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            failures.add(what + ": analytic " + analytic + ", numeric " + numeric + ", not finite");
            return 1;
        }
        if (Math.abs(analytic) < NEGLIGIBLE && Math.abs(numeric) < NEGLIGIBLE) {
            return 0;
        }
        double relative = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
        if (relative >= TOLERANCE) {
            failures.add(what + ": analytic " + analytic + ", numeric " + numeric + ", relative error " + relative);
        }
        return 1;
    }

    private static double numerical(DoubleSupplier loss, DoubleSupplier get, java.util.function.DoubleConsumer set) {
        double original = get.getAsDouble();
        set.accept(original + EPSILON);
        double plus = loss.getAsDouble();
        set.accept(original - EPSILON);
        double minus = loss.getAsDouble();
        set.accept(original);
        return (plus - minus) / (2 * EPSILON);
    }

    private static Parameters.TransposedGates[] transposes(Parameters parameters) {
        Parameters.TransposedGates[] transposed = new Parameters.TransposedGates[parameters.layers];
        for (int l = 0; l < parameters.layers; l++) {
            transposed[l] = parameters.transposedGates(l);
        }
        return transposed;
    }

    private static Parameters randomParameters(SplittableRandom random, int input, int hidden, int layers,
                                               int output) {
        Parameters parameters = Parameters.zeros(input, hidden, layers, output);
        for (int n = 0; n < parameters.size(); n++) {
            parameters.set(n, random.nextDouble(-0.9, 0.9));
        }
        return parameters;
    }

    private static double[] randoms(SplittableRandom random, int n, double bound) {
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = random.nextDouble(-bound, bound);
        }
        return values;
    }
}

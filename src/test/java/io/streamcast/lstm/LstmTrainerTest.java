package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {

    private static final int PERIOD = 10;
    private static final double NOISE = 0.1;
    private static final int STEPS = 40;
    private static final int BURN_IN = 5;

    @Test
    void shouldForecastNoisyPeriodicSequencesWithLessThanATenthOfPersistenceError() throws Exception {
        List<Window> train = periodicWindows(300, 1);
        List<Window> validation = periodicWindows(60, 2);
        List<Window> test = periodicWindows(100, 3);
        TrainingSettings settings = new TrainingSettings(0.01, 16, 40, 5, 1.0, BURN_IN, 7, 2);

        TrainingResult result = new LstmTrainer(settings).train(LstmModel.initialise(1, 16, 1, 1, 5), train,
                validation);

        double model = LstmTrainer.loss(result.model(), test, BURN_IN);
        double persistence = persistenceLoss(test);
        assertThat(result.diverged()).isFalse();
        assertThat(model).as("model MSE %s vs persistence MSE %s", model, persistence)
                .isLessThan(0.1 * persistence);
        assertThat(result.validationLoss()).isEqualTo(LstmTrainer.loss(result.model(), validation, BURN_IN));
        assertThat(result.trainLoss()).isFinite().isPositive();
    }

    @Test
    void shouldProduceTheSameModelBitForBitForTheSameSeedWhateverTheThreadCount() throws Exception {
        List<Window> train = periodicWindows(50, 4);
        List<Window> validation = periodicWindows(10, 5);
        TrainingSettings settings = new TrainingSettings(0.01, 12, 3, 3, 0.5, BURN_IN, 11, 1);
        LstmModel start = LstmModel.initialise(1, 8, 2, 1, 6);

        TrainingResult oneThread = new LstmTrainer(settings).train(start, train, validation);
        TrainingResult again = new LstmTrainer(settings).train(start, train, validation);
        TrainingResult twoThreads = new LstmTrainer(settings.withThreads(2)).train(start, train, validation);
        TrainingResult threeThreads = new LstmTrainer(settings.withThreads(3)).train(start, train, validation);
        TrainingResult otherSeed = new LstmTrainer(settings.withSeed(12)).train(start, train, validation);

        assertThat(oneThread.model().weights()).isNotEqualTo(start.weights());
        assertThat(again.model().weights()).containsExactly(oneThread.model().weights());
        assertThat(twoThreads.model().weights()).containsExactly(oneThread.model().weights());
        assertThat(threeThreads.model().weights()).containsExactly(oneThread.model().weights());
        assertThat(twoThreads.validationLoss()).isEqualTo(oneThread.validationLoss());
        assertThat(otherSeed.model().weights()).isNotEqualTo(oneThread.model().weights());
    }

    @Test
    void shouldReportDivergenceAndKeepTheStartModelWhenWeightsBlowUp() throws Exception {
        List<Window> train = periodicWindows(20, 6);
        LstmModel start = LstmModel.initialise(1, 4, 1, 1, 1);
        TrainingSettings settings = new TrainingSettings(1e38, 4, 5, 5, 0, BURN_IN, 1, 1);

        TrainingResult result = new LstmTrainer(settings).train(start, train, List.of());

        assertThat(result.diverged()).isTrue();
        assertThat(result.model()).isSameAs(start);
        assertThat(result.epochs()).as("abandoned before the last epoch").isLessThan(5);
    }

    @Test
    void shouldTrainOnWhenNoValidationWindowHasATargetAfterTheBurnIn() throws Exception {
        List<Window> train = periodicWindows(20, 6);
        float[] inputs = new float[STEPS];
        float[] noTargets = new float[STEPS];
        java.util.Arrays.fill(noTargets, Float.NaN);
        TrainingSettings settings = new TrainingSettings(0.02, 4, 3, 3, 1.0, BURN_IN, 1, 1);

        TrainingResult result = new LstmTrainer(settings).train(LstmModel.initialise(1, 4, 1, 1, 1), train,
                List.of(new Window(inputs, noTargets, STEPS)));

        assertThat(result.diverged()).isFalse();
        assertThat(result.validationLoss()).isFinite();
        assertThat(result.epochs()).isEqualTo(3);
    }

    @Test
    void shouldStopEarlyWhenTheValidationLossStopsImproving() throws Exception {
        List<Window> train = periodicWindows(40, 7);
        List<Window> unrelated = noiseWindows(10, 8, SplittableRandom::nextGaussian);
        TrainingSettings settings = new TrainingSettings(0.02, 8, 200, 2, 1.0, BURN_IN, 3, 1);

        TrainingResult result = new LstmTrainer(settings).train(LstmModel.initialise(1, 8, 1, 1, 2), train,
                unrelated);

        assertThat(result.epochs()).isLessThan(200);
        assertThat(result.validationLoss()).isEqualTo(LstmTrainer.loss(result.model(), unrelated, BURN_IN));
    }

    @Test
    void shouldNeverReturnAModelWorseOnValidationThanTheStartModel() throws Exception {
        List<Window> train = periodicWindows(40, 9);
        List<Window> validation = periodicWindows(10, 10);
        LstmModel start = new LstmTrainer(new TrainingSettings(0.01, 8, 10, 10, 1.0, BURN_IN, 1, 1))
                .train(LstmModel.initialise(1, 8, 1, 1, 3), train, validation).model();

        TrainingResult result = new LstmTrainer(new TrainingSettings(0.5, 8, 2, 2, 0, BURN_IN, 2, 1))
                .train(start, train, validation);

        assertThat(result.validationLoss()).isLessThanOrEqualTo(LstmTrainer.loss(start, validation, BURN_IN));
    }

    @Test
    void shouldStopWithInterruptedExceptionWhenTheThreadIsInterrupted() {
        List<Window> train = periodicWindows(20, 11);
        LstmTrainer trainer = new LstmTrainer(TrainingSettings.defaults().withThreads(2));

        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> trainer.train(LstmModel.initialise(1, 4, 1, 1, 1), train, List.of()))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void lossShouldBeTheMeanSquaredErrorOverUnmaskedTargetsAfterBurnIn() {
        int params = (int) LstmModel.parameterCount(1, 2, 1, 1);
        float[] w = new float[params];
        w[params - 1] = 0.5f;
        LstmModel constant = LstmModel.of(1, 2, 1, 1, w);
        Window window = new Window(new float[] {3, 1, 4, 1}, new float[] {1, Float.NaN, 0, 2}, 4);

        assertThat(LstmTrainer.loss(constant, List.of(window), 1)).isEqualTo((0.25 + 2.25) / 2);
        assertThat(LstmTrainer.loss(constant, List.of(window), 0)).isEqualTo((0.25 + 0.25 + 2.25) / 3);
        assertThat(LstmTrainer.loss(constant, List.of(window), 4)).isNaN();
        // Huber at 1: the error of 1.5 counts 1 * (2 * 1.5 - 1) = 2 instead of its square, 2.25
        assertThat(LstmTrainer.loss(constant, List.of(window), 1, 1.0)).isEqualTo((0.25 + 2.0) / 2);
        assertThat(LstmTrainer.loss(constant, List.of(window), 1, 2.0)).isEqualTo((0.25 + 2.25) / 2);
    }

    /**
     * Targets that are 0 but for rare spikes of 20 (one in twenty, at random), after inputs that say nothing of them:
     * the best constant forecast under squared errors is their mean, 1; under the Huber loss at 1 it is c with
     * 0.95 * 2c = 0.05 * 2 * 1, about 0.053, for a spike then pulls on the forecast with a force of 1, not of 20.
     */
    @Test
    void shouldLetRareSpikesPullTheForecastsFarLessWithTheHuberLoss() throws Exception {
        List<Window> train = spikyWindows(200, 21);
        List<Window> test = spikyWindows(100, 23);
        TrainingSettings squared = new TrainingSettings(0.01, 16, 30, 5, 1.0, BURN_IN, 5, 1);
        LstmModel start = LstmModel.initialise(1, 4, 1, 1, 9);

        // no validation windows: each training stops on its own loss, so only the loss decides where it ends
        double squaredMean = meanForecast(new LstmTrainer(squared).train(start, train, List.of()).model(), test);
        double huberMean = meanForecast(new LstmTrainer(squared.withHuberDelta(1.0)).train(start, train, List.of())
                .model(), test);

        assertThat(squaredMean).as("mean forecast with squared errors").isBetween(0.6, 1.4);
        assertThat(huberMean).as("mean forecast with the Huber loss").isBetween(-0.2, 0.3);
    }

    @Test
    void shouldRefuseWindowsOfAnotherShape() {
        Window twoInputs = new Window(new float[] {1, 2, 3, 4}, new float[] {1, 2}, 2);
        assertThatThrownBy(() -> new LstmTrainer(TrainingSettings.defaults())
                .train(LstmModel.initialise(1, 4, 1, 1, 1), List.of(twoInputs), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window 0");
    }

    /** Noisy sines of period {@value #PERIOD} at random phases; the target at each step is the next value. */
    static List<Window> periodicWindows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Window> windows = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            double phase = random.nextDouble(2 * Math.PI);
            float[] series = new float[STEPS + 1];
            for (int t = 0; t <= STEPS; t++) {
                series[t] = (float) (Math.sin(2 * Math.PI * t / PERIOD + phase) + NOISE * random.nextGaussian());
            }
            windows.add(new Window(java.util.Arrays.copyOf(series, STEPS),
                    java.util.Arrays.copyOfRange(series, 1, STEPS + 1), STEPS));
        }
        return windows;
    }

    /** Gaussian noise as inputs; targets 0, or 20 with probability 0.05. */
    private static List<Window> spikyWindows(int count, long seed) {
        return noiseWindows(count, seed, random -> random.nextDouble() < 0.05 ? 20 : 0);
    }

    /** Gaussian noise as inputs, which say nothing of the targets; each step's target drawn after its input. */
    private static List<Window> noiseWindows(int count, long seed, ToDoubleFunction<SplittableRandom> target) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Window> windows = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] x = new float[STEPS];
            float[] y = new float[STEPS];
            for (int t = 0; t < STEPS; t++) {
                x[t] = (float) random.nextGaussian();
                y[t] = (float) target.applyAsDouble(random);
            }
            windows.add(new Window(x, y, STEPS));
        }
        return windows;
    }

    /** The model's mean forecast over the windows' steps after the burn-in, each window run from the zero state. */
    private static double meanForecast(LstmModel model, List<Window> windows) {
        LstmModel.Workspace workspace = model.newWorkspace();
        double sum = 0;
        int count = 0;
        for (Window window : windows) {
            float[] outputs = new float[window.steps()];
            model.forward(new float[model.stateSize()], window.inputs(), window.steps(), outputs, workspace);
            for (int t = BURN_IN; t < window.steps(); t++) {
                sum += outputs[t];
                count++;
            }
        }
        return sum / count;
    }

    private static double persistenceLoss(List<Window> windows) {
        double squares = 0;
        int count = 0;
        for (Window window : windows) {
            for (int t = BURN_IN; t < window.steps(); t++) {
                double error = window.targets()[t] - window.inputs()[t];
                squares += error * error;
                count++;
            }
        }
        return squares / count;
    }
}

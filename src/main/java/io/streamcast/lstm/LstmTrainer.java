package io.streamcast.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains an {@link LstmModel} on windows: backpropagation through time from each window's end back to its burn-in
 * steps, which only warm the state up, the mean {@link HuberLoss} of the errors over the targets after them (squared
 * up to {@link TrainingSettings#huberDelta}; plus, for a model with a spread head, the likelihood of the errors under
 * the forecast spread, see {@link BackpropThroughTime}), Adam on mini-batches with a learning rate halved on
 * plateaus ({@link LearningRateSchedule}), gradient-norm clipping, and early stopping on the validation loss (the same
 * loss) of the float model's forecasts.
 *
 * <h2>Determinism</h2>
 * The same start model, windows and settings give the same model, bit for bit, whatever the number of threads:
 * every mini-batch is cut into {@value #SHARDS} fixed shards of consecutive windows, each shard's gradient is
 * summed window after window into its own buffer, and the shard gradients are added in shard order. Threads only
 * decide who computes which shard.
 *
 * <h2>Divergence</h2>
 * A NaN or infinite loss or gradient, or weights that no longer fit a float, abandon the run: the result says
 * {@code diverged} and carries the start model.
 *
 * <h2>CPU</h2>
 * The training rests after each mini-batch and after each pass over the validation windows, so that all its work
 * stays within its {@link CpuShare}.
 */
public final class LstmTrainer {

    /** Shards per mini-batch; the most threads a batch can use. */
    static final int SHARDS = 8;

    private final TrainingSettings settings;
    private final CpuShare cpu;

    public LstmTrainer(TrainingSettings settings) {
        this(settings, CpuShare.UNLIMITED);
    }

    /** @param cpu the most CPU the training may take; it rests after each mini-batch to stay within it */
    public LstmTrainer(TrainingSettings settings, CpuShare cpu) {
        this.settings = settings;
        this.cpu = cpu;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Trains a copy of {@code start} on {@code train} and keeps the version with the lowest loss on
     * {@code validation} (on {@code train} when {@code validation} is empty).
     *
     * @throws InterruptedException when the calling thread is interrupted; checked between mini-batches
     */
    public TrainingResult train(LstmModel start, List<Window> train, List<Window> validation)
            throws InterruptedException {
        long began = System.nanoTime();
        checkShapes(start, train);
        checkShapes(start, validation);
        if (train.stream().mapToLong(w -> w.targetCount(settings.burnInSteps())).sum() == 0) {
            throw new IllegalArgumentException("no training target after " + settings.burnInSteps()
                    + " burn-in steps in " + train.size() + " windows");
        }
        // Validation windows whose targets all fall in the burn-in judge nothing: every epoch's loss would be NaN and
        // the run reported diverged. Without them the run stops early on the training loss, as without validation.
        boolean judges = validation.stream().mapToLong(w -> w.targetCount(settings.burnInSteps())).sum() > 0;
        try (Run run = new Run(start, train)) {
            return run.execute(judges ? validation : List.of(), began);
        }
    }

    /** The mean squared error: {@link #loss(LstmModel, List, int, double)} with every error squared. */
    public static double loss(LstmModel model, List<Window> windows, int burnInSteps) {
        return loss(model, windows, burnInSteps, 0);
    }

    /**
     * The mean {@link HuberLoss} of {@code model}'s forecast errors on the windows' targets after {@code burnInSteps}
     * steps, each window run from the zero state with the float inference path, i.e. exactly what is served; NaN
     * when no target counts. A spread head's outputs do not count.
     *
     * @param huberDelta the error beyond which an error's loss grows linearly; 0 squares every error
     */
    public static double loss(LstmModel model, List<Window> windows, int burnInSteps, double huberDelta) {
        checkShapes(model, windows);
        LstmModel.Workspace workspace = model.newWorkspace();
        float[] state = new float[model.stateSize()];
        int out = model.outputSize();
        float[] outputs = new float[0];
        double sum = 0;
        long count = 0;
        for (Window window : windows) {
            if (outputs.length < window.steps() * out) {
                outputs = new float[window.steps() * out];
            }
            java.util.Arrays.fill(state, 0f);
            model.forward(state, window.inputs(), window.steps(), outputs, workspace);
            float[] targets = window.targets();
            int width = window.outputSize();
            for (int t = Math.min(burnInSteps, window.steps()); t < window.steps(); t++) {
                for (int r = 0; r < width; r++) {
                    float target = targets[t * width + r];
                    if (!Float.isNaN(target)) {
                        sum += HuberLoss.of((double) outputs[t * out + r] - target, huberDelta);
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static void checkShapes(LstmModel model, List<Window> windows) {
        for (int n = 0; n < windows.size(); n++) {
            Window window = windows.get(n);
            boolean outputsFit = window.outputSize() == model.outputSize()
                    || 2 * window.outputSize() == model.outputSize();
            if (window.inputSize() != model.inputSize() || !outputsFit) {
                throw new IllegalArgumentException("window " + n + " has " + window.inputSize() + " inputs and "
                        + window.outputSize() + " targets per step; the model has " + model.inputSize()
                        + " inputs and " + model.outputSize() + " outputs");
            }
        }
    }

    /** The state of one training run: parameters, optimiser, shard buffers and workers. */
    private final class Run implements AutoCloseable {

        private final LstmModel start;
        private final List<Window> train;
        private final Parameters parameters;
        private final Adam adam;
        private final Parameters[] shardGradients = new Parameters[SHARDS];
        private final double[] shardLosses = new double[SHARDS];
        private final BackpropThroughTime[] workers;
        private final ExecutorService pool;
        private final SplittableRandom random;
        private final LearningRateSchedule learningRate = new LearningRateSchedule(settings.learningRate());
        private Parameters.TransposedGates[] transposed;

        Run(LstmModel start, List<Window> train) {
            this.start = start;
            this.train = train;
            this.parameters = Parameters.of(start);
            this.adam = new Adam(parameters);
            for (int s = 0; s < SHARDS; s++) {
                shardGradients[s] = parameters.zerosLike();
            }
            int threads = settings.workers();
            this.workers = new BackpropThroughTime[threads];
            for (int w = 0; w < threads; w++) {
                workers[w] = new BackpropThroughTime(start.inputSize(), start.hiddenSize(), start.layers(),
                        start.outputSize(), train.get(0).outputSize(), false, settings.huberDelta());
            }
            this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, new WorkerThreads());
            this.random = new SplittableRandom(settings.seed());
        }

        TrainingResult execute(List<Window> validation, long began) throws InterruptedException {
            LstmModel best = start;
            double bestValidation = validation.isEmpty() ? Double.POSITIVE_INFINITY : pacedLoss(start, validation);
            double bestTrain = Double.NaN;
            int sinceBest = 0;
            int epochs = 0;
            int[] order = new int[train.size()];
            for (int n = 0; n < order.length; n++) {
                order[n] = n;
            }
            while (epochs < settings.maxEpochs() && sinceBest < settings.patience()) {
                epochs++;
                shuffle(order);
                double trainLoss = epoch(order);
                LstmModel candidate = finiteModel(trainLoss);
                double validationLoss = candidate == null ? Double.NaN
                        : validation.isEmpty() ? trainLoss
                        : pacedLoss(candidate, validation);
                if (candidate == null || !Double.isFinite(validationLoss)) {
                    return new TrainingResult(start, trainLoss, validationLoss, epochs, true, millisSince(began));
                }
                if (validationLoss < bestValidation) {
                    best = candidate;
                    bestValidation = validationLoss;
                    bestTrain = trainLoss;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                learningRate.afterEpoch(sinceBest);
            }
            if (best == start) {
                bestTrain = pacedLoss(start, train);
            }
            return new TrainingResult(best, bestTrain, bestValidation, epochs, false, millisSince(began));
        }

        /**
         * The loss of {@code model} on {@code windows}, resting afterwards as after a mini-batch: the forward passes
         * over the validation windows after every epoch are as much the training's work as its mini-batches, and with
         * a large validation share they are most of it, so unpaced they took the training well past its CPU share.
         */
        private double pacedLoss(LstmModel model, List<Window> windows) throws InterruptedException {
            long passStart = System.nanoTime();
            double loss = loss(model, windows, settings.burnInSteps(), settings.huberDelta());
            cpu.afterBatch(System.nanoTime() - passStart, 1);
            return loss;
        }

        /**
         * The parameters as a float model, or null when the loss or a weight is not finite or beyond
         * {@link LstmModel#MAX_WEIGHT}.
         */
        private LstmModel finiteModel(double trainLoss) {
            if (!Double.isFinite(trainLoss)) {
                return null;
            }
            try {
                return parameters.toModel();
            } catch (IllegalArgumentException notFinite) {
                return null;
            }
        }

        /** One pass over the training windows; the mean loss over the epoch's targets, or NaN. */
        private double epoch(int[] order) throws InterruptedException {
            double sum = 0;
            long count = 0;
            for (int first = 0; first < order.length; first += settings.batchSize()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("training interrupted");
                }
                int size = Math.min(settings.batchSize(), order.length - first);
                int targets = 0;
                for (int n = first; n < first + size; n++) {
                    targets += train.get(order[n]).targetCount(settings.burnInSteps());
                }
                if (targets == 0) {
                    continue;
                }
                long batchStart = System.nanoTime();
                double batchLoss = batch(order, first, size, 1.0 / targets);
                if (!Double.isFinite(batchLoss)) {
                    return Double.NaN;
                }
                cpu.afterBatch(System.nanoTime() - batchStart, workers.length);
                sum += batchLoss * targets;
                count += targets;
            }
            return count == 0 ? Double.NaN : sum / count;
        }

        /** Gradient of one mini-batch, clipped, then one Adam step; the batch's mean loss, or NaN. */
        private double batch(int[] order, int first, int size, double scale) throws InterruptedException {
            transposed = new Parameters.TransposedGates[parameters.layers];
            for (int l = 0; l < parameters.layers; l++) {
                transposed[l] = parameters.transposedGates(l);
            }
            runShards(order, first, size, scale);
            Parameters gradient = shardGradients[0];
            double loss = shardLosses[0];
            for (int s = 1; s < SHARDS; s++) {
                gradient.add(shardGradients[s]);
                loss += shardLosses[s];
            }
            double norm = Math.sqrt(gradient.squaredNorm());
            if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                return Double.NaN;
            }
            if (settings.clipNorm() > 0 && norm > settings.clipNorm()) {
                gradient.scale(settings.clipNorm() / norm);
            }
            adam.step(parameters, gradient, learningRate.rate());
            return loss;
        }

        private void runShards(int[] order, int first, int size, double scale) throws InterruptedException {
            if (pool == null) {
                for (int s = 0; s < SHARDS; s++) {
                    shard(workers[0], s, order, first, size, scale);
                }
                return;
            }
            List<Future<?>> futures = new ArrayList<>(workers.length - 1);
            for (int w = 1; w < workers.length; w++) {
                int worker = w;
                futures.add(pool.submit(() -> shards(worker, order, first, size, scale)));
            }
            try {
                shards(0, order, first, size, scale);
                for (Future<?> future : futures) {
                    future.get();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("gradient computation failed", e.getCause());
            } finally {
                for (Future<?> future : futures) {
                    future.cancel(true);
                }
            }
        }

        private void shards(int worker, int[] order, int first, int size, double scale) {
            for (int s = worker; s < SHARDS; s += workers.length) {
                shard(workers[worker], s, order, first, size, scale);
            }
        }

        private void shard(BackpropThroughTime bptt, int s, int[] order, int first, int size, double scale) {
            Parameters gradient = shardGradients[s];
            gradient.fill(0);
            double loss = 0;
            for (int n = first + s * size / SHARDS; n < first + (s + 1) * size / SHARDS; n++) {
                Window window = train.get(order[n]);
                loss += bptt.run(parameters, transposed, bptt.inputsOf(window), window.targets(), window.steps(),
                        settings.burnInSteps(), null, scale, gradient);
            }
            shardLosses[s] = loss;
        }

        private void shuffle(int[] order) {
            for (int n = order.length - 1; n > 0; n--) {
                int k = random.nextInt(n + 1);
                int swap = order[n];
                order[n] = order[k];
                order[k] = swap;
            }
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Daemon threads, so that a training left running never keeps the JVM alive. */
    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "lstm-trainer-" + COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

package io.streamcast.lstm;

/**
 * How {@link LstmTrainer} trains.
 *
 * @param learningRate Adam's step size at the start; {@link LearningRateSchedule} halves it on plateaus
 * @param batchSize    windows per mini-batch
 * @param maxEpochs    passes over the training windows at most
 * @param patience     epochs without a better validation loss before stopping early
 * @param clipNorm     the gradient's L2 norm is scaled down to this when above it; 0 turns clipping off
 * @param burnInSteps  the first steps of every window only warm the state up and count in no loss
 * @param seed         seeds the shuffling of windows; the same seed and data give the same model
 * @param threads      threads computing gradients; the model does not depend on it
 * @param huberDelta   the forecast error (in the targets' units) beyond which an error's loss grows linearly rather
 *                     than as its square ({@link HuberLoss}); 0 squares every error
 */
public record TrainingSettings(double learningRate, int batchSize, int maxEpochs, int patience, double clipNorm,
                               int burnInSteps, long seed, int threads, double huberDelta) {

    public TrainingSettings {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (batchSize < 1 || maxEpochs < 1 || patience < 1 || threads < 1) {
            throw new IllegalArgumentException("batch size, epochs, patience and threads must be positive, got "
                    + batchSize + ", " + maxEpochs + ", " + patience + ", " + threads);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be 0 (off) or positive, got " + clipNorm);
        }
        if (burnInSteps < 0) {
            throw new IllegalArgumentException("burn-in steps must not be negative, got " + burnInSteps);
        }
        if (!(huberDelta >= 0) || !Double.isFinite(huberDelta)) {
            throw new IllegalArgumentException("Huber delta must be 0 (off) or positive and finite, got " + huberDelta);
        }
    }

    /**
     * The threads a training actually runs: {@code threads}, up to the shards a mini-batch is cut into. Each holds a
     * backpropagation workspace of its own, of a window's rows times the layers times several hidden-sized vectors,
     * so the count matters to a round's memory (though not to its model) once the model is large.
     */
    public int workers() {
        return Math.min(threads, LstmTrainer.SHARDS);
    }

    /** Settings that square every forecast error (the loss of a plain mean squared error). */
    public TrainingSettings(double learningRate, int batchSize, int maxEpochs, int patience, double clipNorm,
                            int burnInSteps, long seed, int threads) {
        this(learningRate, batchSize, maxEpochs, patience, clipNorm, burnInSteps, seed, threads, 0);
    }

    /**
     * Learning rate 0.005, batches of 32, at most 100 epochs with patience 8, clipping at norm 1, 4 burn-in
     * steps, seed 1, as many threads as there are processors, up to 8, and every error squared.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(0.005, 32, 100, 8, 1.0, 4, 1L,
                Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    public TrainingSettings withLearningRate(double value) {
        return new TrainingSettings(value, batchSize, maxEpochs, patience, clipNorm, burnInSteps, seed, threads,
                huberDelta);
    }

    public TrainingSettings withBatchSize(int value) {
        return new TrainingSettings(learningRate, value, maxEpochs, patience, clipNorm, burnInSteps, seed, threads,
                huberDelta);
    }

    public TrainingSettings withEpochs(int maxEpochs, int patience) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, clipNorm, burnInSteps, seed,
                threads, huberDelta);
    }

    public TrainingSettings withClipNorm(double value) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, value, burnInSteps, seed, threads,
                huberDelta);
    }

    public TrainingSettings withBurnInSteps(int value) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, clipNorm, value, seed, threads,
                huberDelta);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, clipNorm, burnInSteps, value,
                threads, huberDelta);
    }

    public TrainingSettings withThreads(int value) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, clipNorm, burnInSteps, seed, value,
                huberDelta);
    }

    public TrainingSettings withHuberDelta(double value) {
        return new TrainingSettings(learningRate, batchSize, maxEpochs, patience, clipNorm, burnInSteps, seed, threads,
                value);
    }
}

package io.streamcast.training;

import io.streamcast.lstm.TrainingSettings;

/**
 * How the trainer builds, trains and judges candidate models.
 *
 * @param hiddenSize         hidden units per layer of fresh models
 * @param layers             LSTM layers of fresh models
 * @param intervalMillis     least wall-clock time between the starts of two rounds (the stream's schedule)
 * @param minNewSamples      windows that must arrive after a round before the next
 * @param minSamples         windows needed before the first round
 * @param capacity           most windows kept
 * @param perKeyCapacity     most windows kept from one key
 * @param validationFraction share of the most recent windows held out
 * @param improvementMargin  relative held-out improvement a candidate needs over the model in use
 * @param training           the optimiser's settings
 * @param choices            the calendar inputs and value transforms candidates may use
 * @param gapEvents          least number of events between a key's training, early-stopping and judging windows;
 *                           the history length, so that no two of those sets share an event
 */
public record TrainerSettings(int hiddenSize, int layers, long intervalMillis, int minNewSamples, int minSamples,
                              int capacity, int perKeyCapacity, double validationFraction,
                              double improvementMargin, TrainingSettings training, ModelChoices choices,
                              int gapEvents) {

    /** Settings whose candidates read the data as the configured spec says, with no gap between window sets. */
    public TrainerSettings(int hiddenSize, int layers, long intervalMillis, int minNewSamples, int minSamples,
                           int capacity, int perKeyCapacity, double validationFraction, double improvementMargin,
                           TrainingSettings training) {
        this(hiddenSize, layers, intervalMillis, minNewSamples, minSamples, capacity, perKeyCapacity,
                validationFraction, improvementMargin, training, ModelChoices.AS_CONFIGURED, 0);
    }

    /** The same settings with the trainings' threads set to {@code threads}; the trained models do not change. */
    public TrainerSettings withTrainingThreads(int threads) {
        return new TrainerSettings(hiddenSize, layers, intervalMillis, minNewSamples, minSamples, capacity,
                perKeyCapacity, validationFraction, improvementMargin, training.withThreads(threads), choices,
                gapEvents);
    }

    /** The most rows a training window has: the predictor's {@code history.length}, which is also the gap. */
    public int windowRows() {
        return gapEvents;
    }

    /** Hyper-parameters as a snapshot records them. */
    public java.util.Map<String, String> describe() {
        java.util.Map<String, String> d = new java.util.TreeMap<>();
        d.put("hidden.size", Integer.toString(hiddenSize));
        d.put("layers", Integer.toString(layers));
        d.put("learning.rate", Double.toString(training.learningRate()));
        d.put("batch.size", Integer.toString(training.batchSize()));
        d.put("max.epochs", Integer.toString(training.maxEpochs()));
        d.put("patience", Integer.toString(training.patience()));
        d.put("clip.norm", Double.toString(training.clipNorm()));
        d.put("burn.in", Integer.toString(training.burnInSteps()));
        d.put("huber.delta", Double.toString(training.huberDelta()));
        d.put("seed", Long.toString(training.seed()));
        d.put("validation.fraction", Double.toString(validationFraction));
        d.put("improvement.margin", Double.toString(improvementMargin));
        d.put("gap.events", Integer.toString(gapEvents));
        return d;
    }
}

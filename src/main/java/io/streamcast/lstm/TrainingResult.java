package io.streamcast.lstm;

/**
 * What a training run produced.
 *
 * @param model          the model with the lowest validation loss seen (the start model when no epoch beat it,
 *                       or when training diverged)
 * @param trainLoss      mean squared error on the training windows: the mean over the mini-batches of the epoch
 *                       that produced {@code model} (of the start model over all windows when it was kept)
 * @param validationLoss {@code model}'s mean squared error on the validation windows with the float inference
 *                       path ({@link LstmTrainer#loss}); its training loss when there are no validation windows
 * @param epochs         epochs run
 * @param diverged       a loss or gradient became NaN or infinite: the run was abandoned and the candidate must
 *                       be discarded
 * @param durationMillis wall-clock time of the run
 */
public record TrainingResult(LstmModel model, double trainLoss, double validationLoss, int epochs, boolean diverged,
                             long durationMillis) {
}

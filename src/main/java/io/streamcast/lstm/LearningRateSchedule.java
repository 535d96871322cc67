package io.streamcast.lstm;

/**
 * The learning rate of one training run: halved after every {@value #PLATEAU_EPOCHS} epochs in a row without a
 * better validation loss (reduce on plateau). Once the validation loss stops falling, Adam's steps at the first rate
 * circle the minimum they approach; smaller steps settle nearer it, and early stopping still keeps whichever epoch
 * validates best. The count starts again after each halving and at each better epoch. "Better" is measured
 * against the start model's own validation loss too, so a run warm-started from the model in use that does not beat
 * it within 4 epochs goes on at half the rate; with a patience of 4 or less the rate never halves.
 */
final class LearningRateSchedule {

    /** Epochs in a row without a better validation loss after which the rate halves. */
    static final int PLATEAU_EPOCHS = 4;

    private double rate;
    private int sinceBetter;

    LearningRateSchedule(double initialRate) {
        this.rate = initialRate;
    }

    double rate() {
        return rate;
    }

    /** Records an epoch's verdict: whether its validation loss was the best so far. */
    void afterEpoch(boolean better) {
        if (better) {
            sinceBetter = 0;
            return;
        }
        sinceBetter++;
        if (sinceBetter >= PLATEAU_EPOCHS) {
            rate *= 0.5;
            sinceBetter = 0;
        }
    }
}

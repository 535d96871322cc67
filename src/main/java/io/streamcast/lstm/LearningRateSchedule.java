package io.streamcast.lstm;

/**
 * The learning rate of one training run: halved after every {@value #PLATEAU_EPOCHS} epochs in a row without a
 * better validation loss (reduce on plateau). Once the validation loss stops falling, Adam's steps at the first rate
 * circle the minimum they approach; smaller steps settle nearer it, and early stopping still keeps whichever epoch
 * validates best. It counts the epochs as early stopping does, from the best one, and halves at every fourth, so
 * it needs no count of its own. "Better" is measured against the start model's own validation loss too, so a run
 * warm-started from the model in use that does not beat it within 4 epochs goes on at half the rate; with a
 * patience of 4 or less the rate never halves.
 */
final class LearningRateSchedule {

    /** Epochs in a row without a better validation loss after which the rate halves. */
    static final int PLATEAU_EPOCHS = 4;

    private double rate;

    LearningRateSchedule(double initialRate) {
        this.rate = initialRate;
    }

    double rate() {
        return rate;
    }

    /**
     * Records an epoch's verdict: how many epochs in a row, this one included, have not bettered the best validation
     * loss (0 for a better epoch), the count early stopping keeps.
     */
    void afterEpoch(int epochsWithoutBetter) {
        if (epochsWithoutBetter > 0 && epochsWithoutBetter % PLATEAU_EPOCHS == 0) {
            rate *= 0.5;
        }
    }
}

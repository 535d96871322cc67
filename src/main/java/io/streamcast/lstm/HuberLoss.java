package io.streamcast.lstm;

/**
 * The training loss of one forecast error: its square up to {@code delta}, and beyond it the straight line that
 * continues the square with the same slope (Huber's loss, doubled so that it is the square where the two meet).
 *
 * <p>Why: the spikes and jumps of real keys, which no forecaster sees coming, are errors of many standard deviations.
 * Squared, a handful of them outweigh thousands of ordinary events, and the model learns to hedge every forecast
 * towards them; counted linearly beyond {@code delta}, they weigh as large errors, not as their squares. A delta of
 * 0 squares every error.
 */
final class HuberLoss {

    private HuberLoss() {
    }

    static double of(double error, double delta) {
        double magnitude = Math.abs(error);
        return delta > 0 && magnitude > delta ? delta * (2 * magnitude - delta) : error * error;
    }

    /** The derivative of {@link #of} with respect to the error. */
    static double slope(double error, double delta) {
        return delta > 0 && Math.abs(error) > delta ? 2 * Math.copySign(delta, error) : 2 * error;
    }
}

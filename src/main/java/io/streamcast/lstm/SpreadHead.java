package io.streamcast.lstm;

/**
 * The meaning of a spread head's outputs (see {@link BackpropThroughTime}): each is the log standard deviation
 * {@code s} of a forecast's error, and the spread it stands for is {@code sqrt(exp(2s) + FLOOR²)}, never below
 * {@link #FLOOR}, so that a series forecast exactly cannot drive a spread to zero.
 */
public final class SpreadHead {

    /** Smallest spread, in the units of the targets. */
    public static final double FLOOR = 1e-3;

    private SpreadHead() {
    }

    /** The error variance an output {@code s} stands for. */
    static double variance(double s) {
        return Math.exp(2 * s) + FLOOR * FLOOR;
    }

    /** The standard deviation of the error an output {@code s} stands for. */
    public static double standardDeviation(double s) {
        return Math.sqrt(variance(s));
    }
}

package io.streamcast.eval.nab;

/**
 * The numeric rules of NAB's scoring (numenta/NAB {@code nab/sweeper.py}), in one place so that the per-file
 * scorer and the threshold sweep cannot disagree.
 */
final class NabRules {

    /** The share of each file that is never scored while a detector learns the data. */
    static final double PROBATION_PERCENT = 0.15;

    /** The threshold NAB's sweep starts from: above any anomaly score, so nothing is detected. */
    static final double START_THRESHOLD = 1.1;

    /** The best reward a detection can earn: the scaled sigmoid at the left edge of its window. */
    static final double MAX_TP = scaledSigmoid(-1.0);

    private NabRules() {
    }

    /**
     * Rows not scored at the start of a file: {@code min(floor(0.15 n), 0.15 * 5000)}. NAB caps the probation
     * at 750 records so long files are not mostly unscored.
     */
    static int probationLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    /**
     * NAB's scaled sigmoid of a position relative to a window: -1 is the window's left edge (0.98661), 0 its
     * right edge (0), positive values lie after the window and reach -1 beyond 3 window lengths.
     */
    static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2 * sigmoid(-5 * relativePosition) - 1.0;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * A detection's contribution under a profile, from its unweighted sweep value: inside a window it is the
     * sigmoid rescaled so that the left edge earns exactly {@code tpWeight}; outside it is a penalty weighted
     * by {@code fpWeight}. The order of the operations follows NAB's so the sums agree to the last bits.
     */
    static double weighted(double unweighted, boolean inWindow, CostProfile profile) {
        return inWindow ? unweighted * profile.tpWeight() / MAX_TP : unweighted * profile.fpWeight();
    }
}

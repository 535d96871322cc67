package io.streamcast.stats;

/**
 * Whether a run of stored numbers is finite: a state read back checks its numbers so, since one NaN or infinity
 * among them spreads to every value computed from them.
 */
public final class Finite {

    private Finite() {
    }

    /** Whether {@code values[from..to)} are all finite. */
    public static boolean all(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code values[from..to)} are all finite. */
    public static boolean all(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }
}

package io.streamcast.eval.nab;

/**
 * One file's raw NAB score at a threshold, with its row counts, as a row of NAB's
 * {@code <detector>_<profile>_scores.csv}.
 *
 * @param file NAB's key of the file, {@code category/name}
 */
public record FileScore(String file, double threshold, double score, int tp, int tn, int fp, int fn) {

    /** Scored rows: every row after the probation period. */
    public int total() {
        return tp + tn + fp + fn;
    }
}

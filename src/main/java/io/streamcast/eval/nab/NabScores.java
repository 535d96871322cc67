package io.streamcast.eval.nab;

import java.util.Map;

/** Checks on a detector's per-row anomaly scores before they are written or scored. */
final class NabScores {

    private NabScores() {
    }

    /** The scores for one file from a map keyed by NAB's relative path, checked. */
    static double[] of(NabDataFile file, Map<String, double[]> anomalyScores) {
        double[] scores = anomalyScores.get(file.relativePath());
        if (scores == null) {
            throw new IllegalArgumentException("no anomaly scores for " + file.relativePath());
        }
        check(file, scores);
        return scores;
    }

    /** One finite score per row: NAB sorts and compares scores, which a NaN would silently break. */
    static void check(NabDataFile file, double[] scores) {
        if (scores.length != file.length()) {
            throw new IllegalArgumentException(file.relativePath() + " has " + file.length() + " rows but "
                    + scores.length + " anomaly scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                // rows counted from 1, as the results reader and the data file's lines after the header count them
                throw new IllegalArgumentException(file.relativePath() + ": anomaly score of row " + (i + 1) + " ("
                        + NabTimestamps.format(file.timestamp(i)) + ") is " + scores[i]);
            }
        }
    }
}

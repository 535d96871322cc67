package io.streamcast.eval.nab;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rows of one or more files that take part in the score (those after each file's probation period),
 * flattened, with what the sweep needs: the anomaly score, the unweighted sweep value, and the window the
 * row lies in as an id unique over all the files. Windows with no row after probation get no id: NAB never
 * counts them, neither as detected nor as missed.
 */
final class ScorableRows {

    static final int OUTSIDE = -1;

    final double[] anomalyScore;
    final double[] unweighted;
    final int[] window;
    final int windowCount;
    private int[] descending;

    private ScorableRows(double[] anomalyScore, double[] unweighted, int[] window, int windowCount) {
        this.anomalyScore = anomalyScore;
        this.unweighted = unweighted;
        this.window = window;
        this.windowCount = windowCount;
    }

    /** The scorable rows of {@code files} with the detector's scores, keyed by NAB's relative path. */
    static ScorableRows of(List<NabDataFile> files, Map<String, double[]> scores) {
        return build(files, file -> NabScores.of(file, scores));
    }

    /** The scorable rows of {@code files} for a detector that gives every row the same score. */
    static ScorableRows constant(List<NabDataFile> files, double score) {
        return build(files, file -> {
            double[] constant = new double[file.length()];
            Arrays.fill(constant, score);
            return constant;
        });
    }

    private interface ScoreSource {
        double[] scoresOf(NabDataFile file);
    }

    private static ScorableRows build(List<NabDataFile> files, ScoreSource source) {
        int total = 0;
        for (NabDataFile file : files) {
            total += file.length() - Math.min(file.probationLength(), file.length());
        }
        double[] anomalyScore = new double[total];
        double[] unweighted = new double[total];
        int[] window = new int[total];
        int next = 0;
        int windowIds = 0;
        for (NabDataFile file : files) {
            double[] scores = source.scoresOf(file);
            int[] localToGlobal = new int[file.windows().size()];
            for (int w = 0; w < localToGlobal.length; w++) {
                localToGlobal[w] = file.isScored(w) ? windowIds++ : OUTSIDE;
            }
            for (int i = file.probationLength(); i < file.length(); i++) {
                // -0.0 and 0.0 are one threshold to NAB (Python's ==); keep them one group when sorted.
                anomalyScore[next] = scores[i] + 0.0;
                unweighted[next] = file.unweightedSweep(i);
                int local = file.windowOfRow(i);
                window[next] = local == OUTSIDE ? OUTSIDE : localToGlobal[local];
                next++;
            }
        }
        return new ScorableRows(anomalyScore, unweighted, window, windowIds);
    }

    int size() {
        return anomalyScore.length;
    }

    /**
     * Row indices by anomaly score, highest first. Sorting the primitive scores and bucketing the rows by
     * rank avoids boxing hundreds of thousands of indices; the order within equal scores does not matter,
     * since the sweep records a score only between distinct thresholds.
     */
    int[] descendingOrder() {
        if (descending == null) {
            descending = sortDescending(anomalyScore);
        }
        return descending;
    }

    private static int[] sortDescending(double[] scores) {
        double[] distinct = scores.clone();
        Arrays.sort(distinct);
        int unique = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (unique == 0 || distinct[i] != distinct[unique - 1]) {
                distinct[unique++] = distinct[i];
            }
        }
        int[] rank = new int[scores.length];
        int[] start = new int[unique + 1];
        for (int i = 0; i < scores.length; i++) {
            // Highest score gets rank 0.
            rank[i] = unique - 1 - Arrays.binarySearch(distinct, 0, unique, scores[i]);
            start[rank[i] + 1]++;
        }
        for (int r = 0; r < unique; r++) {
            start[r + 1] += start[r];
        }
        int[] order = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            order[start[rank[i]]++] = i;
        }
        return order;
    }
}

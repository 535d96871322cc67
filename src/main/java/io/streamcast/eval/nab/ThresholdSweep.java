package io.streamcast.eval.nab;

import java.util.Arrays;

/**
 * NAB's threshold sweep ({@code Sweeper.calcScoreByThreshold}): walk the scorable rows from the highest
 * anomaly score down, each row becoming a detection in turn, and record the score whenever the next row has a
 * new score. A detection outside windows adds its weighted penalty; inside a window only the best (earliest)
 * detection counts, replacing the window's miss cost {@code -fnWeight}. One sort serves every threshold, so
 * the whole curve costs a sort and a linear pass.
 */
final class ThresholdSweep {

    private ThresholdSweep() {
    }

    static ThresholdCurve sweep(ScorableRows rows, CostProfile profile) {
        int n = rows.size();
        ThresholdCurve.Builder curve = new ThresholdCurve.Builder(n + 1);

        double[] windowBest = new double[rows.windowCount];
        Arrays.fill(windowBest, -profile.fnWeight());
        double windowSum = 0;
        for (double missed : windowBest) {
            windowSum += missed;
        }
        double fpSum = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int w : rows.window) {
            if (w != ScorableRows.OUTSIDE) {
                fn++;
            }
        }
        int tn = n - fn;

        double current = NabRules.START_THRESHOLD;
        for (int row : rows.descendingOrder()) {
            double anomalyScore = rows.anomalyScore[row];
            if (anomalyScore != current) {
                curve.add(current, fpSum + windowSum, tp, tn, fp, fn);
                current = anomalyScore;
            }
            int w = rows.window[row];
            if (w == ScorableRows.OUTSIDE) {
                fp++;
                tn--;
                fpSum += NabRules.weighted(rows.unweighted[row], false, profile);
            } else {
                tp++;
                fn--;
                double value = NabRules.weighted(rows.unweighted[row], true, profile);
                if (value > windowBest[w]) {
                    windowSum += value - windowBest[w];
                    windowBest[w] = value;
                }
            }
        }
        curve.add(current, fpSum + windowSum, tp, tn, fp, fn);
        return curve.build();
    }
}

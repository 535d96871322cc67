package io.streamcast.eval.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * One method's scores over several keys: scale-free accuracy (MAPE, NRMSE, MASE against persistence) averaged
 * over the keys where it is defined, each key counting once whatever its length; coverage over all the keys' points
 * with an interval. Widths and pinball losses are in each key's units, so they are not pooled. A key where a score is
 * undefined (MAPE on a key that was always 0, NRMSE on a constant key, MASE where persistence was exact) is left out
 * of that score's mean, and counted: one such key made every pooled figure NaN.
 */
public record PooledScores(String method, int keys, double meanMape, int mapeKeys, double meanNrmse, int nrmseKeys,
                           double meanMase, int maseKeys, double coverage, int intervalPoints) {

    /** The pooled scores of every method, in the order of the keys' methods. */
    public static List<PooledScores> of(List<WalkForwardEvaluation.Result> results) {
        List<PooledScores> pooled = new ArrayList<>();
        int methods = results.get(0).methods().size();
        for (int m = 0; m < methods; m++) {
            Mean mape = new Mean();
            Mean nrmse = new Mean();
            Mean mase = new Mean();
            double covered = 0;
            int points = 0;
            for (WalkForwardEvaluation.Result result : results) {
                WalkForwardEvaluation.Scores scores = result.methods().get(m);
                mape.add(scores.accuracy().mape());
                nrmse.add(scores.accuracy().nrmse());
                mase.add(scores.accuracy().maseAgainst(result.persistence().accuracy()));
                if (scores.interval().points() > 0) {
                    covered += scores.interval().coverage() * scores.interval().points();
                    points += scores.interval().points();
                }
            }
            pooled.add(new PooledScores(results.get(0).methods().get(m).method(), results.size(), mape.value(),
                    mape.count, nrmse.value(), nrmse.count, mase.value(), mase.count,
                    points == 0 ? Double.NaN : covered / points, points));
        }
        return pooled;
    }

    /** Whether every key had every scale-free score defined. */
    public boolean everyKeyScored() {
        return mapeKeys == keys && nrmseKeys == keys && maseKeys == keys;
    }

    /** A mean of the finite values added; NaN of none. */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double value) {
            if (Double.isFinite(value)) {
                sum += value;
                count++;
            }
        }

        double value() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }
}

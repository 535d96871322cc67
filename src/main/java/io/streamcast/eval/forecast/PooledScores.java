package io.streamcast.eval.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * One method's scores over several keys: MAPE and NRMSE as arithmetic means over the keys where they are defined,
 * MASE as the geometric mean of the keys' MASE, each key counting once whatever its length; coverage over all the
 * keys' points where every method has an interval. Widths and pinball losses are in each key's units, so they are not
 * pooled. A key where a score is undefined (MAPE on a key that was always 0, NRMSE on a constant key, MASE where
 * persistence was exact, or where the method was and persistence not, a MASE of 0 that has no logarithm) is left out
 * of that score's mean, and counted: one such key made every pooled figure NaN.
 *
 * <p>Why the MASE is pooled geometrically: each key's MASE is a ratio, the method's MAE over persistence's on that
 * key's rows. An arithmetic mean of ratios is not symmetric: a key twice as bad as persistence (2) and one twice as
 * good (0.5) average 1.25, worse than persistence, and swapping numerator and denominator does not invert the result.
 * The geometric mean gives 1, and is the mean of relative errors that Fleming and Wallace (1986) and Davydenko and
 * Fildes (2013) argue for. The other choice, the ratio of the keys' pooled MAEs, would sum errors in each key's own
 * units, so the key of the largest values would decide it alone.
 */
public record PooledScores(String method, int keys, double meanMape, int mapeKeys, double meanNrmse, int nrmseKeys,
                           double geoMeanMase, int maseKeys, double coverage, int intervalPoints) {

    /** The pooled scores of every method, in the order of the keys' methods. */
    public static List<PooledScores> of(List<WalkForwardEvaluation.Result> results) {
        List<PooledScores> pooled = new ArrayList<>();
        int methods = results.get(0).methods().size();
        for (int m = 0; m < methods; m++) {
            Mean mape = new Mean();
            Mean nrmse = new Mean();
            GeometricMean mase = new GeometricMean();
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

    /** A geometric mean of the finite positive values added (the others have no finite logarithm); NaN of none. */
    private static final class GeometricMean {
        private double sumOfLogs;
        private int count;

        void add(double value) {
            if (Double.isFinite(value) && value > 0) {
                sumOfLogs += Math.log(value);
                count++;
            }
        }

        double value() {
            return count == 0 ? Double.NaN : Math.exp(sumOfLogs / count);
        }
    }
}

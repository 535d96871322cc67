package io.streamcast.eval.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * One method's scores over several keys: scale-free accuracy (MAPE, NRMSE, MASE against persistence) averaged
 * over the keys, each key counting once whatever its length; coverage over all the keys' points with an interval.
 * Widths and pinball losses are in each key's units, so they are not pooled.
 */
public record PooledScores(String method, int keys, double meanMape, double meanNrmse, double meanMase,
                           double coverage, int intervalPoints) {

    /** The pooled scores of every method, in the order of the keys' methods. */
    public static List<PooledScores> of(List<WalkForwardEvaluation.Result> results) {
        List<PooledScores> pooled = new ArrayList<>();
        int methods = results.get(0).methods().size();
        for (int m = 0; m < methods; m++) {
            double mape = 0;
            double nrmse = 0;
            double mase = 0;
            double covered = 0;
            int points = 0;
            for (WalkForwardEvaluation.Result result : results) {
                WalkForwardEvaluation.Scores scores = result.methods().get(m);
                mape += scores.accuracy().mape();
                nrmse += scores.accuracy().nrmse();
                mase += scores.accuracy().maseAgainst(result.persistence().accuracy());
                if (scores.interval().points() > 0) {
                    covered += scores.interval().coverage() * scores.interval().points();
                    points += scores.interval().points();
                }
            }
            int n = results.size();
            pooled.add(new PooledScores(results.get(0).methods().get(m).method(), n, mape / n, nrmse / n, mase / n,
                    points == 0 ? Double.NaN : covered / points, points));
        }
        return pooled;
    }
}

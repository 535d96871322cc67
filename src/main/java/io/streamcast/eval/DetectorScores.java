package io.streamcast.eval;

import io.streamcast.anomaly.AlarmRule;
import java.util.Map;
import java.util.TreeMap;

/**
 * What NAB sees of a detector's scores at a threshold: the stream's anomalies. An event raises one when its score
 * reaches the threshold outside the key's refractory period ({@link AlarmRule}), so which events alarm depends on
 * the threshold; this replays the rule for any threshold. Rows without a score (refused by the stream) are no
 * events: they score 0 and do not count towards a refractory period.
 */
public final class DetectorScores {

    private DetectorScores() {
    }

    /**
     * The score NAB should see for every row so that its detections at the rule's threshold are the stream's
     * anomalies: the event's score on an anomaly, else the score held just below the threshold.
     */
    public static double[] alarmScores(double[] scores, AlarmRule rule) {
        double[] out = new double[scores.length];
        long event = -1;
        long quietUntil = AlarmRule.NEVER;
        double quietScore = AlarmRule.NO_ANOMALY;
        for (int i = 0; i < scores.length; i++) {
            double score = scores[i];
            if (Double.isNaN(score)) {
                continue;
            }
            event++;
            if (rule.fires(score, event, quietUntil, quietScore)) {
                quietUntil = rule.quietUntil(event);
                quietScore = score;
                out[i] = score;
            } else {
                out[i] = Math.min(score, Math.nextDown(rule.threshold()));
            }
        }
        return out;
    }

    /** {@link #alarmScores} of every file. */
    public static Map<String, double[]> alarmScores(Map<String, double[]> scores, AlarmRule rule) {
        Map<String, double[]> out = new TreeMap<>();
        scores.forEach((file, s) -> out.put(file, alarmScores(s, rule)));
        return out;
    }
}

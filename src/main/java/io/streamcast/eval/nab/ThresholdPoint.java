package io.streamcast.eval.nab;

/**
 * The raw NAB score at one threshold and the row counts behind it: rows with an anomaly score at or above the
 * threshold are detections (true positives inside windows, false positives outside), the rest are negatives;
 * probation rows are not counted.
 */
public record ThresholdPoint(double threshold, double score, int tp, int tn, int fp, int fn) {

    public int total() {
        return tp + tn + fp + fn;
    }
}

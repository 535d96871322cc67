package io.streamcast.eval.nab;

import java.util.Arrays;

/**
 * NAB's score at every threshold that changes the detections: first above every anomaly score (1.1, nothing
 * detected), then at each distinct anomaly score from the highest down. Built by {@link ThresholdSweep}.
 */
public final class ThresholdCurve {

    private final double[] threshold;
    private final double[] score;
    private final int[] tp;
    private final int[] tn;
    private final int[] fp;
    private final int[] fn;
    private final int size;

    ThresholdCurve(double[] threshold, double[] score, int[] tp, int[] tn, int[] fp, int[] fn, int size) {
        this.threshold = Arrays.copyOf(threshold, size);
        this.score = Arrays.copyOf(score, size);
        this.tp = Arrays.copyOf(tp, size);
        this.tn = Arrays.copyOf(tn, size);
        this.fp = Arrays.copyOf(fp, size);
        this.fn = Arrays.copyOf(fn, size);
        this.size = size;
    }

    /** Collects the curve's points in sweep order. */
    static final class Builder {
        private final double[] threshold;
        private final double[] score;
        private final int[] tp;
        private final int[] tn;
        private final int[] fp;
        private final int[] fn;
        private int size;

        Builder(int capacity) {
            threshold = new double[capacity];
            score = new double[capacity];
            tp = new int[capacity];
            tn = new int[capacity];
            fp = new int[capacity];
            fn = new int[capacity];
        }

        void add(double atThreshold, double atScore, int truePositives, int trueNegatives, int falsePositives,
                 int falseNegatives) {
            threshold[size] = atThreshold;
            score[size] = atScore;
            tp[size] = truePositives;
            tn[size] = trueNegatives;
            fp[size] = falsePositives;
            fn[size] = falseNegatives;
            size++;
        }

        ThresholdCurve build() {
            return new ThresholdCurve(threshold, score, tp, tn, fp, fn, size);
        }
    }

    public int size() {
        return size;
    }

    public ThresholdPoint point(int index) {
        return new ThresholdPoint(threshold[index], score[index], tp[index], tn[index], fp[index], fn[index]);
    }

    /**
     * The highest score; on a tie the highest threshold, since NAB keeps the first of equal scores in sweep
     * order.
     */
    public ThresholdPoint best() {
        int best = 0;
        for (int i = 1; i < size; i++) {
            if (score[i] > score[best]) {
                best = i;
            }
        }
        return point(best);
    }
}

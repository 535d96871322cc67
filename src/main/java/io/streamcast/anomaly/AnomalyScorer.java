package io.streamcast.anomaly;

/**
 * Turns forecast residuals into anomaly scores for one key: a raw score for the latest event, and an anomaly
 * likelihood that compares the recent raw scores with the key's own score history.
 *
 * <h2>Raw score</h2>
 * The residuals are z-scores: forecast errors divided by the key's running standard deviation of each value.
 * Their root mean square {@code e} maps to {@code erf(e / sqrt 2)}, the probability that a standard normal
 * error is smaller in magnitude, so well-forecast events score near 0 and badly forecast ones near 1.
 *
 * <h2>Likelihood</h2>
 * As in Numenta's anomaly likelihood: the mean of the last {@code shortWindow} raw scores is compared with a
 * normal distribution fitted to the history of such means, and the likelihood is one minus its upper tail
 * probability: only forecasts worse than usual are unusual. The history is an exponentially weighted mean and variance with weight
 * {@code max(1/n, historyDecay)}, so the per-key state is bounded: {@link #stateSize()} doubles, laid out
 * {@code [count, mean, variance, next ring slot, ring of shortWindow raw scores]}. While fewer than
 * {@code learningPeriod} scores have been seen the likelihood is 0.5.
 */
public final class AnomalyScorer {

    private static final int COUNT = 0;
    private static final int MEAN = 1;
    private static final int VARIANCE = 2;
    private static final int SLOT = 3;
    private static final int RING = 4;
    /** Keeps the fitted distribution from collapsing on a perfectly forecast series. */
    private static final double MIN_VARIANCE = 1e-4;
    private static final double LOG_SCALE = Math.log(1.0 - 0.9999999999);

    private final int shortWindow;
    private final int learningPeriod;
    private final double historyDecay;

    public AnomalyScorer(int shortWindow, int learningPeriod, double historyDecay) {
        if (shortWindow < 1 || learningPeriod < 0 || !(historyDecay > 0 && historyDecay <= 1)) {
            throw new IllegalArgumentException("need shortWindow >= 1, learningPeriod >= 0, 0 < historyDecay <= 1");
        }
        this.shortWindow = shortWindow;
        this.learningPeriod = learningPeriod;
        this.historyDecay = historyDecay;
    }

    /** Doubles of per-key state. */
    public int stateSize() {
        return RING + shortWindow;
    }

    /** Raw score of residuals {@code r[0..n)}, in [0, 1]. */
    public static double rawScore(double[] residuals, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += residuals[i] * residuals[i];
        }
        double e = Math.sqrt(sum / n);
        return 1.0 - Gaussian.erfc(e / Math.sqrt(2.0));
    }

    /** Folds {@code rawScore} into {@code state} and returns the anomaly likelihood, in [0, 1]. */
    public double update(double[] state, double rawScore) {
        long count = (long) state[COUNT] + 1;
        state[COUNT] = count;
        int slot = (int) state[SLOT];
        state[RING + slot] = rawScore;
        state[SLOT] = (slot + 1) % shortWindow;
        int filled = (int) Math.min(count, shortWindow);
        double recent = 0;
        for (int i = 0; i < filled; i++) {
            recent += state[RING + i];
        }
        recent /= filled;

        double mean = state[MEAN];
        double variance = Math.max(state[VARIANCE], MIN_VARIANCE);
        double likelihood = count <= learningPeriod
                ? 0.5
                : 1.0 - Gaussian.upperTail((recent - mean) / Math.sqrt(variance));

        double weight = Math.max(1.0 / count, historyDecay);
        double delta = recent - mean;
        state[MEAN] = mean + weight * delta;
        state[VARIANCE] = (1 - weight) * (state[VARIANCE] + weight * delta * delta);
        return Math.max(0.0, Math.min(1.0, likelihood));
    }

    /** The likelihood on a log scale that spreads out values near 1, in [0, 1]. */
    public static double logLikelihood(double likelihood) {
        return Math.log(1.0000000001 - likelihood) / LOG_SCALE;
    }
}

package io.streamcast.anomaly;

import static io.streamcast.anomaly.ScorerLayout.EVENTS;
import static io.streamcast.anomaly.ScorerLayout.LEVEL;
import static io.streamcast.anomaly.ScorerLayout.MAX;
import static io.streamcast.anomaly.ScorerLayout.MIN;
import static io.streamcast.anomaly.ScorerLayout.QUIET_UNTIL;
import static io.streamcast.anomaly.ScorerLayout.RECORD_LEVEL;
import static io.streamcast.anomaly.ScorerLayout.RECORD_RESIDUAL;
import static io.streamcast.anomaly.ScorerLayout.RECORD_SEASON;
import static io.streamcast.anomaly.ScorerLayout.RECORD_SUSTAINED_LEVEL;
import static io.streamcast.anomaly.ScorerLayout.RECORD_SUSTAINED_SEASON;
import static io.streamcast.anomaly.ScorerLayout.RECORD_VOLATILITY;
import static io.streamcast.anomaly.ScorerLayout.RESIDUAL_EVENTS;
import static io.streamcast.anomaly.ScorerLayout.RESIDUAL_RING;
import static io.streamcast.anomaly.ScorerLayout.SEASON_RUN;
import static io.streamcast.anomaly.ScorerLayout.SPREAD;
import static io.streamcast.anomaly.ScorerLayout.TAG;

import java.util.Arrays;

/**
 * Scores one key's events: a raw score for how badly the latest event was forecast, and an anomaly likelihood
 * that compares the event with the key's own history.
 *
 * <h2>Raw score</h2>
 * The residuals are z-scores: forecast errors divided by the key's running standard deviation of each value.
 * Their root mean square {@code e} maps to {@code erf(e / sqrt 2)}, the probability that a standard normal
 * error is smaller in magnitude, so well-forecast events score near 0 and badly forecast ones near 1.
 *
 * <h2>Likelihood</h2>
 * Per scored value, seven statistics of the event are each compared with the largest value that statistic has
 * reached before for this key (the remembered maximum decays by {@code recordDecay} per event, so it summarises
 * about {@code 1/recordDecay} events and old extremes fade). The statistics are the size of the forecast residual
 * and its moving average over {@code window} events (how surprising the forecaster finds the key), the distance
 * of the value's moving average from the key's long-run level, the smallest same-signed distance of the last
 * {@code sustain} values from that level (a shift that persists, where one spike does not), the distance from the
 * value's time-of-day profile (the mean per slot of {@code seasonBuckets} slots of the UTC day, once a slot has
 * 8 values) and its sustained form (a daily pattern that breaks), and how far the value lies outside the whole
 * range the key has taken, in widths of that range times {@code rangeWeight}. An event whose largest ratio to its
 * remembered maximum is {@code R} has the tail probability
 * <pre>p = min(1, recordDecay * R^-tailIndex)</pre>
 * that of a Pareto tail anchored at the maximum of about {@code 1/recordDecay} past events, and the likelihood
 * {@code 1 - p}. The key is judged from its {@code learningPeriod}-th event on (before that the likelihood is
 * 0.5), and each statistic once its maximum has seen {@code learningPeriod} values. The residual statistics carry
 * on across model versions: restarting them at every new model made the maxima relearn and alarm more often than
 * a change of error size did. Comparing with the key's own
 * extremes instead of a fitted normal distribution keeps keys with heavy-tailed, spiky or discrete values from
 * alarming on every large value, and needs no distributional assumption. One value moves the level and its
 * time-of-day slot by at most 5 mean absolute deviations, so a spike leaves no echo.
 *
 * <h2>Anomalies</h2>
 * An event is an anomaly when its log-likelihood reaches the threshold and the key has not raised an anomaly in
 * the last {@code refractoryEvents} events: the first alarm of an episode says everything the following ones
 * would, and every further alarm outside the episode is a false one.
 *
 * <h2>State</h2>
 * Bounded and fixed per key: {@link #stateSize()} doubles, laid out as {@link ScorerLayout} documents:
 * {@code 4 + v * (17 + 2 window + 2 sustain + 2 seasonBuckets)} for {@code v} scored values. With the defaults and
 * one scored value that is 99 doubles, 792 bytes. It is folded in place; nothing is allocated per event.
 */
public final class AnomalyScorer {

    /** The likelihood of an event that cannot be judged yet. */
    public static final double UNJUDGED = 0.5;
    private static final double LOG_SCALE = Math.log(1.0 - 0.9999999999);
    private static final double MILLIS_PER_DAY = 86_400_000.0;
    /** A time-of-day slot needs a few values before deviations from it mean anything. */
    private static final int SEASON_MIN_COUNT = 8;
    /**
     * One value moves the level or its time-of-day slot by at most this many mean absolute deviations from the
     * level, so that a spike leaves no echo making the next ordinary values (or the same hour tomorrow) look shifted.
     */
    private static final double CLIP = 5;
    /** Events before the mean absolute deviation from the level is trusted for clipping. */
    private static final int SPREAD_MIN_EVENTS = 8;

    private final AnomalySettings settings;
    private final ScorerLayout layout;
    private final double log10Decay;

    /**
     * @param valueCount values scored per event (the forecast values); each gets its own block of state
     */
    public AnomalyScorer(AnomalySettings settings, int valueCount) {
        this.settings = settings;
        this.layout = new ScorerLayout(settings, valueCount);
        this.log10Decay = Math.log10(settings.recordDecay());
    }

    public AnomalySettings settings() {
        return settings;
    }

    /** Doubles of per-key state. */
    public int stateSize() {
        return layout.size;
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

    /**
     * Folds one event into {@code state} and returns its anomaly likelihood, in [0, 1].
     *
     * @param values    the event's scored values, one per value block
     * @param residuals their normalised forecast residuals, or ignored when {@code residualCount} is 0 (no forecast
     *                  was made for this event)
     */
    public double update(double[] state, long eventTime, double[] values, double[] residuals, int residualCount) {
        prepare(state);
        long events = (long) state[EVENTS];
        boolean judged = events >= settings.learningPeriod();
        boolean hasResiduals = residualCount > 0;
        long residualEvents = (long) state[RESIDUAL_EVENTS];
        int bucket = bucketOf(eventTime);

        double ratio = 0;
        for (int j = 0; j < layout.valueCount; j++) {
            int b = layout.block(j);
            double x = values[j];
            ratio = Math.max(ratio, rangeRatio(state, b, x, events));
            ratio = Math.max(ratio, levelRatios(state, b, x, events));
            ratio = Math.max(ratio, seasonRatios(state, b, x, events, bucket));
            if (hasResiduals) {
                ratio = Math.max(ratio, residualRatios(state, b, Math.abs(residuals[j]), residualEvents));
            }
            fold(state, b, x, events, bucket);
        }
        state[EVENTS] = events + 1;
        if (hasResiduals) {
            state[RESIDUAL_EVENTS] = residualEvents + 1;
        }
        return judged ? likelihoodOfRatio(ratio) : UNJUDGED;
    }

    /**
     * Whether an event of this log-likelihood is an anomaly, and if so starts the key's refractory period. Call
     * once per event, after {@link #update}.
     */
    public boolean alarm(double[] state, double logLikelihood) {
        double event = state[EVENTS];
        if (logLikelihood < settings.threshold() || event <= state[QUIET_UNTIL]) {
            return false;
        }
        state[QUIET_UNTIL] = event + settings.refractoryEvents();
        return true;
    }

    /**
     * The score a threshold sweep should see for an event: its log-likelihood, except that an event held back by
     * the refractory period is kept just below the threshold, so that thresholding the score reproduces
     * {@link #alarm} at the configured threshold.
     */
    public double alarmScore(double logLikelihood, boolean anomaly) {
        return anomaly ? logLikelihood : Math.min(logLikelihood, Math.nextDown(settings.threshold()));
    }

    /** The likelihood on a log scale that spreads out values near 1, in [0, 1]. */
    public static double logLikelihood(double likelihood) {
        return Math.log(1.0000000001 - likelihood) / LOG_SCALE;
    }

    /** {@code 1 - min(1, recordDecay * R^-tailIndex)}, computed in logs so large ratios do not overflow. */
    double likelihoodOfRatio(double ratio) {
        if (!(ratio > 0)) {
            return 0;
        }
        double log10Tail = log10Decay - settings.tailIndex() * Math.log10(ratio);
        return log10Tail >= 0 ? 0 : 1.0 - Math.pow(10, log10Tail);
    }

    /** A fresh state, or one written for another layout, starts from zero with this layout's tag. */
    private void prepare(double[] state) {
        if (state[TAG] != layout.tag) {
            Arrays.fill(state, 0);
            state[TAG] = layout.tag;
        }
    }

    private int bucketOf(long eventTime) {
        double millisOfDay = Math.floorMod(eventTime, (long) MILLIS_PER_DAY);
        return Math.min(layout.buckets - 1, (int) (millisOfDay / MILLIS_PER_DAY * layout.buckets));
    }

    /** How far {@code x} lies outside the key's range, as a ratio that exceeds 1 only outside it. */
    private double rangeRatio(double[] state, int b, double x, long events) {
        double min = state[b + MIN];
        double max = state[b + MAX];
        if (events < 2 || !(max > min)) {
            return 0;
        }
        double outside = Math.max(x - max, min - x) / (max - min);
        return Math.max(0, 1 + settings.rangeWeight() * outside);
    }

    private double levelRatios(double[] state, int b, double x, long events) {
        int window = layout.window;
        int sustain = layout.sustain;
        double level = state[b + LEVEL];
        state[b + layout.valueRing + (int) (events % window)] = x;
        state[b + layout.deviationRing + (int) (events % sustain)] = x - level;
        double ratio = 0;
        if (events + 1 >= window) {
            double moving = mean(state, b + layout.valueRing, window);
            ratio = record(state, b + RECORD_LEVEL, Math.abs(moving - level));
        }
        if (events + 1 >= sustain) {
            double sustained = sustainedDeviation(state, b + layout.deviationRing, sustain);
            ratio = Math.max(ratio, record(state, b + RECORD_SUSTAINED_LEVEL, sustained));
        }
        return ratio;
    }

    private double seasonRatios(double[] state, int b, double x, long events, int bucket) {
        int sustain = layout.sustain;
        double count = state[b + layout.seasonCounts + bucket];
        boolean known = count >= SEASON_MIN_COUNT;
        double deviation = known ? x - state[b + layout.seasonMeans + bucket] : 0;
        state[b + layout.seasonRing + (int) (events % sustain)] = deviation;
        double run = known ? state[b + SEASON_RUN] + 1 : 0;
        state[b + SEASON_RUN] = run;
        double ratio = 0;
        if (known) {
            ratio = record(state, b + RECORD_SEASON, Math.abs(deviation));
        }
        if (run >= sustain) {
            double sustained = sustainedDeviation(state, b + layout.seasonRing, sustain);
            ratio = Math.max(ratio, record(state, b + RECORD_SUSTAINED_SEASON, sustained));
        }
        return ratio;
    }

    private double residualRatios(double[] state, int b, double magnitude, long residualEvents) {
        int window = layout.window;
        state[b + RESIDUAL_RING + (int) (residualEvents % window)] = magnitude;
        double ratio = record(state, b + RECORD_RESIDUAL, magnitude);
        if (residualEvents + 1 >= window) {
            double volatility = mean(state, b + RESIDUAL_RING, window);
            ratio = Math.max(ratio, record(state, b + RECORD_VOLATILITY, volatility));
        }
        return ratio;
    }

    /** Updates the level, range and time-of-day profile with {@code x}, after it has been judged. */
    private void fold(double[] state, int b, double x, long events, int bucket) {
        long n = events + 1;
        double levelWeight = Math.max(1.0 / n, settings.levelDecay());
        double levelDelta = x - state[b + LEVEL];
        state[b + SPREAD] += levelWeight * (Math.abs(levelDelta) - state[b + SPREAD]);
        double limit = events >= SPREAD_MIN_EVENTS ? CLIP * state[b + SPREAD] : Double.POSITIVE_INFINITY;
        state[b + LEVEL] += levelWeight * clip(levelDelta, limit);
        state[b + MIN] = events == 0 ? x : Math.min(state[b + MIN], x);
        state[b + MAX] = events == 0 ? x : Math.max(state[b + MAX], x);
        int countSlot = b + layout.seasonCounts + bucket;
        double count = state[countSlot] + 1;
        state[countSlot] = count;
        int meanSlot = b + layout.seasonMeans + bucket;
        state[meanSlot] += Math.max(1.0 / count, settings.seasonDecay()) * clip(x - state[meanSlot], limit);
    }

    /**
     * The ratio of {@code y} to the statistic's remembered maximum, then folds {@code y} in. A maximum that has seen
     * fewer than {@code learningPeriod} values (or none) says nothing yet (ratio 0); one that has only ever been zero
     * makes any positive value infinitely unusual.
     */
    private double record(double[] state, int slot, double y) {
        double max = state[slot];
        double seen = state[slot + 1];
        double ratio = seen < Math.max(1, settings.learningPeriod()) ? 0
                : max > 0 ? y / max : (y > 0 ? Double.POSITIVE_INFINITY : 0);
        state[slot] = Math.max(max * (1 - settings.recordDecay()), y);
        state[slot + 1] = seen + 1;
        return ratio;
    }

    private static double clip(double delta, double limit) {
        return Math.max(-limit, Math.min(limit, delta));
    }

    private static double mean(double[] state, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += state[i];
        }
        return sum / length;
    }

    /** The smallest magnitude among deviations that all share one sign; 0 when the signs differ. */
    private static double sustainedDeviation(double[] state, int from, int length) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            lowest = Math.min(lowest, state[i]);
            highest = Math.max(highest, state[i]);
        }
        return lowest > 0 ? lowest : highest < 0 ? -highest : 0;
    }
}

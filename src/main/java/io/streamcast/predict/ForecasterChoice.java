package io.streamcast.predict;

import java.util.Arrays;

/**
 * Which of a key's forecasters each of its forecasts comes from. A key has five: the {@link #MODEL} in use, the
 * {@link #PERSISTENCE} of its last value, its {@link #DAILY} rhythm ({@link DailyForecast}), its {@link #WEEKLY} rhythm
 * ({@link WeeklyForecast}) and {@link #YESTERDAY} ({@link YesterdayForecast}). Every event scores all five against the
 * forecasts each made of it. Per horizon step and forecast value, each forecaster keeps the mean absolute error of its
 * recent forecasts, and each pair of forecasters the mean of the difference of their absolute errors on the same events
 * and the mean absolute deviation of that difference from its running mean (equally weighted up to {@value #MEMORY}
 * events, then forgetting exponentially). A forecast comes from the model, or from persistence while there is none,
 * unless another forecaster has lately been <em>clearly</em> more accurate at that step: its mean improvement on the
 * same events exceeds {@value NormalDistribution#CLEAR_STANDARD_ERRORS} standard errors (the standard deviation taken
 * as the mean absolute deviation over sqrt(2 / pi), as for a normal distribution), as in the trainer's test of a
 * candidate model (which also asks for a relative margin). Of several such, the one with the largest improvement is
 * taken. A new model version starts without a record, and is trusted until it has one, because it came into use by
 * beating its predecessor on held-out windows. A record's first differences take in each error only up to a multiple of
 * persistence's ({@link #YOUNG_PAIR_ERROR_CAP}).
 *
 * <p>Why: one model serves every key, and the trainer publishes it when it forecasts the keys better on the whole.
 * A key it does not fit, or a key whose daily or weekly rhythm it has not learnt (or that has not sent enough windows
 * for a training round), is then forecast by whichever simple forecaster does that key clearly better. Where the
 * forecasters are about as good, the forecast stays with the model rather than following the noise of their
 * recent errors. The spread is a mean absolute deviation rather than a mean square so that one huge difference
 * (a spike one forecaster missed by far) leaves it as fast as it leaves the mean: in a mean square it would weigh
 * as its square and hide every clear gain of the pair for hundreds of events after the mean forgot it.
 */
final class ForecasterChoice {

    static final int MODEL = 0;
    static final int PERSISTENCE = 1;
    static final int DAILY = 2;
    static final int WEEKLY = 3;
    static final int YESTERDAY = 4;
    static final int FORECASTERS = 5;
    /** Their names, as queries show them. */
    static final String[] NAMES = {"model", "persistence", "daily", "weekly", "yesterday"};
    /**
     * Pairs of forecasters, {@code (a, b)} with {@code a < b}, in the order model-persistence, model-daily,
     * persistence-daily, model-weekly, persistence-weekly, daily-weekly, model-yesterday, persistence-yesterday,
     * daily-yesterday, weekly-yesterday (each forecaster's pairs with the earlier ones follow those of the forecasters
     * before it, so adding a forecaster keeps the earlier pairs' places).
     */
    static final int PAIRS = FORECASTERS * (FORECASTERS - 1) / 2;
    /** Events over which the forecasters' recent accuracy is averaged. */
    static final int MEMORY = 200;
    /** Events a comparison needs at a step before it counts. */
    static final int MIN_ERRORS = 10;
    /**
     * While a pair has fewer than {@link #MIN_ERRORS} differences at a step, each forecaster's absolute error counts in
     * them only up to this many times persistence's recent mean absolute error at that step. Why: a young record has
     * nothing yet to weigh a difference against, and its mean forgets a difference only at 1 / {@value #MEMORY} per
     * event, so one event a forecaster missed by far would decide the pair for hundreds of events (a new model's
     * record starting just after a spike a thousand times the key's level, which persistence forecast for the next
     * events and the model did not). Persistence's errors measure the key's own scale; their record starts with the
     * key and is never forgotten when a new model comes into use.
     */
    static final double YOUNG_PAIR_ERROR_CAP = 3;

    private ForecasterChoice() {
    }

    /**
     * Folds the errors the forecasters made of one event at {@code slot} ({@code [step][forecast value]}), indexed by
     * forecaster ({@link #MODEL} ...); NaN for a forecaster that made no forecast of it.
     */
    static void fold(KeyMemory state, int slot, double[] errors) {
        double cap = youngPairErrorCap(state, slot);
        for (int b = 0; b < FORECASTERS; b++) {
            double errorB = Math.abs(errors[b]);
            for (int a = 0; a < b; a++) {
                double errorA = Math.abs(errors[a]);
                int pair = pair(a, b);
                boolean young = state.pairCounts[pair * state.slots() + slot] < MIN_ERRORS;
                foldDifference(state, pair, slot,
                        young ? Math.min(errorA, cap) - Math.min(errorB, cap) : errorA - errorB);
            }
        }
        for (int f = 0; f < FORECASTERS; f++) {
            foldError(state, f, slot, Math.abs(errors[f]));
        }
    }

    /**
     * The largest absolute error a young pair's difference takes in at {@code slot}: {@value #YOUNG_PAIR_ERROR_CAP}
     * times persistence's recent mean absolute error there; unbounded while persistence has no record (or a record of
     * exact forecasts).
     */
    private static double youngPairErrorCap(KeyMemory state, int slot) {
        int i = PERSISTENCE * state.slots() + slot;
        double scale = state.forecasterErrors[i];
        return state.forecasterCounts[i] >= MIN_ERRORS && scale > 0 ? YOUNG_PAIR_ERROR_CAP * scale
                : Double.POSITIVE_INFINITY;
    }

    /** Folds one absolute error; NaN (no forecast) is left out. A record that is not finite starts again. */
    private static void foldError(KeyMemory state, int forecaster, int slot, double error) {
        if (Double.isFinite(error)) {
            int i = forecaster * state.slots() + slot;
            if (!Float.isFinite(state.forecasterErrors[i])) {
                // no step makes one now (the release before left the rhythms' forecasts unbounded, and a weekly
                // forecast of 6e44 passed the largest float here); kept, it stayed NaN at every later event
                state.forecasterErrors[i] = 0f;
                state.forecasterCounts[i] = 0;
            }
            long count = countOneMore(state.forecasterCounts, i);
            state.forecasterErrors[i] = average(state.forecasterErrors[i], error, count);
        }
    }

    /** Folds one difference of a pair's absolute errors; NaN (one of them made no forecast) is left out. */
    private static void foldDifference(KeyMemory state, int pair, int slot, double difference) {
        if (Double.isFinite(difference)) {
            int i = pair * state.slots() + slot;
            if (!Float.isFinite(state.pairMeans[i]) || !Float.isFinite(state.pairSpreads[i])) {
                // as a forecaster's record that is not finite (foldError): it starts again
                state.pairMeans[i] = 0f;
                state.pairSpreads[i] = 0f;
                state.pairCounts[i] = 0;
            }
            long count = countOneMore(state.pairCounts, i);
            // the deviation from the mean of the earlier differences; none for the first
            double deviation = count == 1 ? 0 : Math.abs(difference - state.pairMeans[i]);
            state.pairSpreads[i] = average(state.pairSpreads[i], deviation, count);
            state.pairMeans[i] = average(state.pairMeans[i], difference, count);
        }
    }

    /** Counts one more event at {@code i}, up to {@link #MEMORY}, and returns the count. */
    private static long countOneMore(long[] counts, int i) {
        counts[i] = Math.min(counts[i] + 1, MEMORY);
        return counts[i];
    }

    /** A running mean over {@code count} values, the newest {@code value}; exponentially weighted past MEMORY. */
    private static float average(float mean, double value, long count) {
        return mean + (float) ((value - mean) / count);
    }

    /**
     * The forecaster the key's next forecast at {@code slot} comes from.
     *
     * @param model whether a model is in use
     * @param daily whether the daily forecaster made a forecast at this slot
     * @param weekly whether the weekly forecaster made a forecast at this slot
     * @param yesterday whether the yesterday forecaster made a forecast at this slot
     */
    static int choose(KeyMemory state, int slot, boolean model, boolean daily, boolean weekly, boolean yesterday) {
        int fallback = model ? MODEL : PERSISTENCE;
        int best = fallback;
        double bestGain = 0;
        for (int f = 0; f < FORECASTERS; f++) {
            boolean available = f == PERSISTENCE || (f == MODEL && model) || (f == DAILY && daily)
                    || (f == WEEKLY && weekly) || (f == YESTERDAY && yesterday);
            if (f != fallback && available) {
                double gain = clearGain(state, slot, fallback, f);
                if (gain > bestGain) {
                    best = f;
                    bestGain = gain;
                }
            }
        }
        return best;
    }

    /**
     * How much less {@code challenger}'s absolute errors at {@code slot} have lately been than {@code reference}'s
     * on the same events, when that is more than chance; 0 otherwise.
     */
    static double clearGain(KeyMemory state, int slot, int reference, int challenger) {
        int i = pair(Math.min(reference, challenger), Math.max(reference, challenger)) * state.slots() + slot;
        long count = state.pairCounts[i];
        if (count < MIN_ERRORS) {
            return 0;
        }
        // the pair's difference is (lower-numbered forecaster's error) - (higher-numbered's)
        double gain = reference < challenger ? state.pairMeans[i] : -state.pairMeans[i];
        double standardDeviation = state.pairSpreads[i] / NormalDistribution.MEAN_ABSOLUTE_DEVIATION_PER_SIGMA;
        return gain > NormalDistribution.CLEAR_STANDARD_ERRORS * standardDeviation / Math.sqrt(count) ? gain : 0;
    }

    /** Forgets the model's record: a new model version is judged on its own forecasts. */
    static void forgetModel(KeyMemory state) {
        int slots = state.slots();
        Arrays.fill(state.forecasterCounts, MODEL * slots, (MODEL + 1) * slots, 0);
        Arrays.fill(state.forecasterErrors, MODEL * slots, (MODEL + 1) * slots, 0f);
        for (int other = MODEL + 1; other < FORECASTERS; other++) {
            int from = pair(MODEL, other) * slots;
            Arrays.fill(state.pairCounts, from, from + slots, 0);
            Arrays.fill(state.pairMeans, from, from + slots, 0f);
            Arrays.fill(state.pairSpreads, from, from + slots, 0f);
        }
    }

    /** The index of the pair {@code (a, b)}, {@code a < b}. */
    static int pair(int a, int b) {
        return b * (b - 1) / 2 + a;
    }
}

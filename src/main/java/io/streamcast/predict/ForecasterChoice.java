package io.streamcast.predict;

import java.util.Arrays;

/**
 * Which of a key's forecasters each of its forecasts comes from. A key has three: the {@link #MODEL} in use, the
 * {@link #PERSISTENCE} of its last value, and its {@link #DAILY} rhythm ({@link DailyForecast}). Every event scores
 * all three against the forecasts each made of it, and each keeps, per horizon step and forecast value, the mean
 * absolute error of its recent forecasts (equally weighted up to {@value #MEMORY} of them, then forgetting
 * exponentially). A forecast comes from the model, or from persistence while there is none, unless another
 * forecaster has been more accurate at that step lately; a new model is trusted until it has made
 * {@value #MIN_ERRORS} forecasts at a step, because it came into use by beating its predecessor on held-out windows.
 *
 * <p>Why: one model serves every key, and the trainer publishes it when it forecasts the keys better on the whole.
 * A key it does not fit, or a key whose daily rhythm it has not learnt (or that has not sent enough windows for a
 * training round), is then forecast by whichever simple forecaster does that key better, and a key never stays with
 * a forecast that its own recent errors show to be the worse one.
 */
final class ForecasterChoice {

    static final int MODEL = 0;
    static final int PERSISTENCE = 1;
    static final int DAILY = 2;
    static final int FORECASTERS = 3;
    /** Their names, as queries show them. */
    static final String[] NAMES = {"model", "persistence", "daily"};
    /** Errors over which a forecaster's recent accuracy is averaged. */
    static final int MEMORY = 200;
    /** Errors a forecaster needs at a step before its accuracy there is compared. */
    static final int MIN_ERRORS = 10;

    private ForecasterChoice() {
    }

    /** Folds a forecast error of {@code forecaster} at {@code slot} ({@code [step][forecast value]}). */
    static void fold(KeyMemory state, int forecaster, int slot, double error) {
        int i = forecaster * state.slots() + slot;
        long count = Math.min(state.forecasterCounts[i] + 1, MEMORY);
        state.forecasterCounts[i] = count;
        state.forecasterErrors[i] += (float) ((Math.abs(error) - state.forecasterErrors[i]) / count);
    }

    /**
     * The forecaster the key's next forecast at {@code slot} comes from.
     *
     * @param model whether a model is in use
     * @param daily whether the daily forecaster made a forecast at this slot
     */
    static int choose(KeyMemory state, int slot, boolean model, boolean daily) {
        int slots = state.slots();
        int best = model ? MODEL : PERSISTENCE;
        if (state.forecasterCounts[best * slots + slot] < MIN_ERRORS) {
            return best;
        }
        for (int f = 0; f < FORECASTERS; f++) {
            boolean available = f == PERSISTENCE || (f == MODEL && model) || (f == DAILY && daily);
            int i = f * slots + slot;
            if (available && state.forecasterCounts[i] >= MIN_ERRORS
                    && state.forecasterErrors[i] < state.forecasterErrors[best * slots + slot]) {
                best = f;
            }
        }
        return best;
    }

    /** Forgets the model's record: a new model version is judged on its own forecasts. */
    static void forgetModel(KeyMemory state) {
        int slots = state.slots();
        Arrays.fill(state.forecasterCounts, MODEL * slots, (MODEL + 1) * slots, 0);
        Arrays.fill(state.forecasterErrors, MODEL * slots, (MODEL + 1) * slots, 0f);
    }
}

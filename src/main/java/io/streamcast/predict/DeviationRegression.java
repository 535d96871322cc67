package io.streamcast.predict;

import io.streamcast.stats.Finite;
import java.util.Arrays;

/**
 * How much of a key's deviation from a rhythm's profile (its week's or its day's) is still there {@code k} events
 * later, learnt per horizon step from the key's own deviations: a least-squares regression, weighted over about
 * {@value #MEMORY} events, of the deviation {@code k} events ahead on three things known when it is forecast: the
 * present deviation {@code d}, a smoothed one {@code s} (their exponentially weighted mean, {@value #SMOOTHING} of each
 * new one) and yesterday's deviation {@code y} at the forecast's half hour (the weekly rhythm keeps the last day's;
 * the daily rhythm gives 0). Its forecast of the deviation is {@code a_k d + b_k s + c_k y}.
 *
 * <p>Why: the rhythms fade the present deviation by its lag-one autocorrelation to the power {@code k} (the weekly
 * one towards yesterday's), which is right when the deviations are a first-order autoregression. Many keys'
 * deviations are a lasting offset (a hot week, a busier season) under event-to-event noise: their lag-one
 * autocorrelation is then low, and the fading drops within a few steps an offset that lasts for days. On half-hourly
 * electricity demand ({@code taylor}) the weekly rhythm's forecasts five steps ahead are 12 % closer with it, and the
 * forecasts issued on NAB's series with a daily rhythm 1.8 % in geometric mean (docs/evaluation.md). Where the
 * deviations are such an autoregression (the invented {@code city}), the fading is right and the regression only adds
 * its estimation noise; so each step keeps both forecasts' mean absolute error on the key's deviations as they come,
 * and the regression forecasts only while its error is the lower ({@link #forecast}).
 *
 * <p>Each value entering the sums is clipped to {@value #CLIP} times the deviations' root mean square, so that a
 * holiday or an outage does not set the coefficients for the weeks after it; a step forecasts once the key has given
 * it {@value #MIN_UPDATES} deviations; and a forecast never lies beyond the largest of its three regressors, so a
 * near-singular fit (two regressors that move together, kept in single precision) cannot throw it far off.
 *
 * <p>State per forecast value {@code j}, {@link #stride} floats from {@code j * stride} of an array the caller keeps:
 * the smoothed deviation (NaN before the first), the deviations' mean square, the number of deviations learnt from;
 * per step the weighted sums of the regressors' products (6) and of their products with the deviation (3); a ring of
 * the last {@code horizon} events' present and smoothed deviations (the regressors of the forecasts they made); per
 * step the mean absolute errors of the regression's and the fading's forecasts. Single precision bounds what it can
 * learn from: deviations on the daily rhythm's raw scale beyond about 10^18 (a key's values may reach that each way,
 * {@link KeyStep#MAX_MAGNITUDE}) overflow its sums, and an infinite sum stays infinite, leaving no finite fit ever
 * again; so a forecast value whose sums overflow forgets what it learnt and learns afresh, fading its deviations as the
 * rhythm did before the regression meanwhile (the weekly rhythm's deviations are signed logs, far from that).
 */
final class DeviationRegression {

    /** Events over which the regression, the deviations' mean square and the forecasts' errors are weighted. */
    static final int MEMORY = 300;
    private static final double DECAY = 1 - 1.0 / MEMORY;
    /** The weight of each new deviation in the smoothed one. */
    static final double SMOOTHING = 0.25;
    /** Values entering the sums are clipped to this many root mean squares of the deviations. */
    static final double CLIP = 3;
    /** Deviations a key gives a step before the regression forecasts it. */
    static final int MIN_UPDATES = 200;
    private static final int HEAD = 3;
    private static final int SUMS = 9;
    /** Largest count of deviations learnt from kept (a float counts exactly up to 2^24). */
    private static final float MAX_UPDATES = 1e6f;

    private DeviationRegression() {
    }

    /** Floats per forecast value at {@code horizon} steps. */
    static int stride(int horizon) {
        return HEAD + SUMS * horizon + 2 * horizon + 2 * horizon;
    }

    private static int sums(int base, int k) {
        return base + HEAD + SUMS * (k - 1);
    }

    private static int ring(int base, int horizon) {
        return base + HEAD + SUMS * horizon;
    }

    /** Where step {@code k}'s two mean absolute errors lie: the regression's, then the fading's. */
    private static int errors(int base, int horizon, int k) {
        return ring(base, horizon) + 2 * horizon + 2 * (k - 1);
    }

    /** Forgets every forecast value's record: nothing learnt, no deviation yet. */
    static void forget(float[] state, int horizon) {
        int stride = stride(horizon);
        for (int base = 0; base < state.length; base += stride) {
            forget(state, base, horizon);
        }
    }

    /** Forgets the record of the forecast value whose floats start at {@code base}. */
    private static void forget(float[] state, int base, int horizon) {
        Arrays.fill(state, base, base + stride(horizon), 0f);
        state[base] = Float.NaN;
        Arrays.fill(state, ring(base, horizon), ring(base, horizon) + 2 * horizon, Float.NaN);
    }

    /**
     * Folds forecast value {@code j}'s deviation {@code d} at the key's {@code event}-th event: each step {@code k}
     * first scores the regression's and the fading's forecasts of it made {@code k} events ago, then learns from it
     * with the regressors of then and {@code dayEarlier}, the deviation a day before this event's half hour (0 when
     * unknown), for the steps up to {@code dayEarlierSteps} only: a forecast made further back, before that half hour,
     * had 0 for it, and a step that learnt from it would learn, and be judged, on a value it never has (a daily key's
     * second step, a half-hourly key's steps beyond a day). With {@code learn} false (a day forecast from another day's
     * profile) nothing is learnt or scored, and the event leaves no regressors for later steps.
     *
     * @param carryOver   the fading's share of the present deviation carried one step ({@link DeviationCarryOver})
     * @param dayLagShare the fading's share of yesterday's deviation ({@link DayLagDeviation#share})
     */
    static void fold(float[] state, int j, int horizon, long event, double d, double dayEarlier, int dayEarlierSteps,
                     boolean learn, double carryOver, double dayLagShare) {
        int base = j * stride(horizon);
        int ring = ring(base, horizon);
        boolean usable = learn && Double.isFinite(d);
        if (usable) {
            double meanSquare = state[base + 1];
            double limit = meanSquare > 0 ? CLIP * Math.sqrt(meanSquare) : Double.POSITIVE_INFINITY;
            boolean learnt = false;
            for (int k = 1; k <= horizon; k++) {
                int slot = ring + 2 * (int) Math.floorMod(event - k, (long) horizon);
                double then = state[slot];
                double smoothedThen = state[slot + 1];
                if (Double.isFinite(then) && Double.isFinite(smoothedThen)) {
                    double known = k <= dayEarlierSteps ? dayEarlier : 0;
                    score(state, base, horizon, k, d, then, smoothedThen, known, carryOver, dayLagShare);
                    learn(state, sums(base, k), clip(then, limit), clip(smoothedThen, limit), clip(known, limit),
                            clip(d, limit));
                    learnt = true;
                }
            }
            if (learnt) {
                state[base + 2] = Math.min(state[base + 2] + 1, MAX_UPDATES);
            }
            state[base + 1] = (float) (meanSquare == 0 ? d * d : DECAY * meanSquare + (1 - DECAY) * d * d);
            double smoothed = state[base];
            state[base] = (float) (Double.isFinite(smoothed) ? SMOOTHING * d + (1 - SMOOTHING) * smoothed : d);
            if (learnt && !Finite.all(state, sums(base, 1), sums(base, horizon + 1))) {
                forget(state, base, horizon);
            }
        }
        int slot = ring + 2 * (int) Math.floorMod(event, (long) horizon);
        state[slot] = usable ? (float) d : Float.NaN;
        state[slot + 1] = usable ? state[base] : Float.NaN;
    }

    /** Folds the absolute errors of step {@code k}'s two forecasts of {@code d} into their means. */
    private static void score(float[] state, int base, int horizon, int k, double d, double then, double smoothedThen,
                              double dayEarlier, double carryOver, double dayLagShare) {
        double learnt = solve(state, sums(base, k), then, smoothedThen, dayEarlier);
        double carried = Math.pow(carryOver, k);
        double faded = carried * then + (1 - carried) * dayLagShare * dayEarlier;
        if (!Double.isFinite(learnt) || !Double.isFinite(faded)) {
            return;
        }
        int e = errors(base, horizon, k);
        if (!Float.isFinite(state[e]) || !Float.isFinite(state[e + 1])) {
            // a mean error that is not a number (a carry-over of NaN, which the daily rhythm's was for good once its
            // sums overflowed, made the fading's) stays so at every event, and the regression was never judged the
            // better again: both start again
            state[e] = 0f;
            state[e + 1] = 0f;
        }
        state[e] = (float) (DECAY * state[e] + (1 - DECAY) * Math.abs(d - learnt));
        state[e + 1] = (float) (DECAY * state[e + 1] + (1 - DECAY) * Math.abs(d - faded));
    }

    private static void learn(float[] state, int sums, double x0, double x1, double x2, double target) {
        add(state, sums, 0, x0 * x0);
        add(state, sums, 1, x0 * x1);
        add(state, sums, 2, x0 * x2);
        add(state, sums, 3, x1 * x1);
        add(state, sums, 4, x1 * x2);
        add(state, sums, 5, x2 * x2);
        add(state, sums, 6, x0 * target);
        add(state, sums, 7, x1 * target);
        add(state, sums, 8, x2 * target);
    }

    private static void add(float[] state, int sums, int i, double product) {
        state[sums + i] = (float) (DECAY * state[sums + i] + product);
    }

    private static double clip(double x, double limit) {
        return Math.max(-limit, Math.min(limit, x));
    }

    /**
     * The regression's forecast of forecast value {@code j}'s deviation {@code k} events ahead, from the present
     * deviation {@code d} and yesterday's at the forecast's half hour ({@code dayEarlier}); NaN while the key has given
     * fewer than {@value #MIN_UPDATES} deviations, while the fading has forecast the step's deviations at least as
     * well, or when the fit is singular: the caller then fades the deviation.
     */
    static double forecast(float[] state, int j, int horizon, int k, double d, double dayEarlier) {
        int base = j * stride(horizon);
        int e = errors(base, horizon, k);
        if (state[base + 2] < MIN_UPDATES || !(state[e] < state[e + 1])) {
            return Double.NaN;
        }
        return solve(state, sums(base, k), d, state[base], dayEarlier);
    }

    /** The fit at {@code sums} applied to {@code (d, s, y)}, bounded by the largest of them; NaN if singular. */
    private static double solve(float[] state, int sums, double d, double s, double y) {
        if (!Double.isFinite(d) || !Double.isFinite(s)) {
            return Double.NaN;
        }
        double a00 = state[sums];
        double a01 = state[sums + 1];
        double a02 = state[sums + 2];
        double a11 = state[sums + 3];
        double a12 = state[sums + 4];
        double a22 = state[sums + 5];
        // a ridge of a ten-thousandth of the mean diagonal keeps a regressor that never varied (no yesterday yet), or
        // two that move together, solvable in single-precision sums
        double ridge = 1e-4 * (a00 + a11 + a22) / 3 + 1e-12;
        a00 += ridge;
        a11 += ridge;
        a22 += ridge;
        double c00 = a11 * a22 - a12 * a12;
        double c01 = a02 * a12 - a01 * a22;
        double c02 = a01 * a12 - a02 * a11;
        double det = a00 * c00 + a01 * c01 + a02 * c02;
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            return Double.NaN;
        }
        double c11 = a00 * a22 - a02 * a02;
        double c12 = a01 * a02 - a00 * a12;
        double c22 = a00 * a11 - a01 * a01;
        double b0 = state[sums + 6];
        double b1 = state[sums + 7];
        double b2 = state[sums + 8];
        double w0 = (c00 * b0 + c01 * b1 + c02 * b2) / det;
        double w1 = (c01 * b0 + c11 * b1 + c12 * b2) / det;
        double w2 = (c02 * b0 + c12 * b1 + c22 * b2) / det;
        double forecast = w0 * d + w1 * s + w2 * y;
        double bound = Math.max(Math.abs(d), Math.max(Math.abs(s), Math.abs(y)));
        return Double.isFinite(forecast) ? Math.max(-bound, Math.min(bound, forecast)) : Double.NaN;
    }
}

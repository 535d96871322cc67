package io.streamcast.predict;

/**
 * Per-key prediction intervals at a nominal coverage {@code c}: a forecast with spread {@code σ} gets the
 * interval {@code forecast ± z σ exp(q)}, where {@code z} is the standard normal quantile of {@code (1 + c) / 2}
 * and {@code q} is the key's own calibration for that horizon step and value. After each event, {@code q} moves
 * by {@code RATE} times (miss - (1 - c)), where miss is 1 when the event fell outside the interval issued for it:
 * widths grow while a key's intervals miss more often than they should and shrink while they miss less. This is
 * adaptive conformal inference (Gibbs and Candès, 2021) applied to the width: however wrong the spreads are, the
 * share of misses over a key's events tends to {@code 1 - c}, and after a change in a key's errors the
 * calibration catches up within a few times {@code 1 / RATE} events.
 */
final class IntervalCalibration {

    /** Step of the calibration per event; its inverse is the memory of the coverage estimate, in events. */
    static final double RATE = 0.02;
    /** The calibration never widens or narrows an interval by more than this factor (as a log). */
    static final double LIMIT = 5;
    /**
     * Relative precision of a forecast computed in double precision (persistence's, the daily rhythm's; the model's,
     * whose own errors are far above its single-precision network's roundings):
     * 1e-12, ten thousand times the spacing of doubles (2.2e-16 of a value), as the detector's error-scale floor
     * ({@code AnomalyScorer.SCALE_FLOOR}). A millionth, as every forecast once had, held a key near 1e9 whose errors
     * are about 1 at intervals of 1000 either side (20,700 where drawn on the signed-log scale: a millionth of the log,
     * 20.7, is 2.1e-5 of the value).
     */
    static final double DOUBLE_RESOLUTION = 1e-12;
    /**
     * Relative precision of a forecast made from values kept in single precision (the weekly rhythm's means of signed
     * logs, yesterday's values from the history): about eight roundings of a float (whose epsilon is 1.2e-7).
     */
    static final double SINGLE_RESOLUTION = 1e-6;
    /** Errors a key needs at a horizon step before their mean magnitude serves as a spread. */
    static final int MIN_ERRORS = 10;

    /** How an interval's width was set ({@link #widthSetBy}): the spread times the calibration factor. */
    static final byte SCALED = 0;
    /**
     * The forecast's precision ({@link #halfWidth}'s floor), above the spread times the factor: a narrower factor
     * would have issued the same interval, a wider one could have passed the floor.
     */
    static final byte FLOORED = 1;
    /** The forecast's precision whatever the factor: the spread was 0. */
    static final byte FIXED = 2;

    private final double coverage;
    private final double quantile;

    IntervalCalibration(double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("interval coverage must be in (0, 1), got " + coverage);
        }
        this.coverage = coverage;
        this.quantile = NormalDistribution.quantile((1 + coverage) / 2);
    }

    double coverage() {
        return coverage;
    }

    /**
     * Half-width of the interval around a forecast of spread {@code spread} at {@code center} (both on the scale the
     * interval is drawn on); NaN when the spread is unknown. Never below {@code resolution} times the centre, the
     * relative precision of the forecaster that made it ({@link #DOUBLE_RESOLUTION}, {@link #SINGLE_RESOLUTION}): a
     * key forecast exactly (a constant, an exact ramp, a daily shape repeated), whose spread is 0 or a rounding, would
     * otherwise get intervals that its forecasts' last roundings alone fall outside (on NAB's {@code
     * art_daily_no_noise} 29 % of them, which the calibration could not widen away, since the errors there are
     * exactly 0 for hours and then a rounding for hours).
     */
    double halfWidth(double spread, double logScale, double center, double resolution) {
        return Double.isFinite(spread)
                ? Math.max(quantile * spread * Math.exp(logScale), resolution * Math.abs(center)) : Double.NaN;
    }

    /**
     * What set the width {@link #halfWidth} gives the same arguments: {@link #SCALED}, {@link #FLOORED} or {@link
     * #FIXED} (also for an unknown spread, whose interval is none). Kept with each forecast until its event comes,
     * for {@link #update}: by then the key's spread at that step has moved with the events in between.
     */
    byte widthSetBy(double spread, double logScale, double center, double resolution) {
        if (!(spread > 0)) {
            return FIXED;
        }
        return quantile * spread * Math.exp(logScale) > resolution * Math.abs(center) ? SCALED : FLOORED;
    }

    /**
     * Updates {@code scales[slot]} with whether an error fell outside the half-width issued for it, where the factor
     * could have changed that: not where the width was {@link #FIXED}, its interval then its forecast's precision
     * wide whatever the factor, nor where it was {@link #FLOORED} and the error fell inside, which a narrower factor
     * would not have changed. Why: a key forecast exactly (a constant, a counter at 0 until it starts) had its factor
     * narrowed at every event down to exp(-{@value #LIMIT}), and once its values began to vary its intervals held
     * almost none of them for hundreds of events; so did a key whose errors were roundings, far inside the floor. A
     * floored interval that the error fell outside still widens the factor: a wider one could have held it. Nor
     * where the key's {@code spread} at the step is 0 or unknown when the event comes, as the release before the
     * widths were kept judged every interval: a width it stored is taken as {@link #SCALED}, and a constant key it
     * stored was otherwise narrowed at each of its pending forecasts. A width set by the factor or floored had a
     * spread above 0, which the step's running mean of error magnitudes keeps.
     *
     * <p>An error inside an interval the factor had no say in still narrows a factor above 0 by the step an error
     * inside would, but not below 0: held there, a factor pushed wide stayed wide through a key's constant spell,
     * whose intervals are floored once its spread has decayed (a key at 1e9 whose errors were about 1, its factor at
     * exp(5), kept exp(1.47) after any number of exact forecasts) and widened every interval once values varied
     * again, until as many errors inside had narrowed it. Nothing the interval held says the spreads are too wide,
     * so a factor at or below 0 stays.
     *
     * @param setBy  what set the width when the interval was issued ({@link #widthSetBy})
     * @param spread the key's spread at the step when the event comes
     */
    void update(double[] scales, int slot, double error, double halfWidth, byte setBy, double spread) {
        if (!Double.isFinite(halfWidth)) {
            return;
        }
        double miss = Math.abs(error) > halfWidth ? 1 : 0;
        boolean factorHadNoSay = setBy == FIXED || !(spread > 0) || (miss == 0 && setBy == FLOORED);
        if (factorHadNoSay) {
            if (miss == 0) {
                scales[slot] = Math.min(scales[slot], Math.max(0, scales[slot] - RATE * (1 - coverage)));
            }
            return;
        }
        scales[slot] = Math.max(-LIMIT, Math.min(LIMIT, scales[slot] + RATE * (miss - (1 - coverage))));
    }
}

package io.streamcast.anomaly;

/**
 * Scores one key's events by how far they break the key's own records.
 *
 * <h2>Statistics</h2>
 * Per scored value, five statistics of each event are compared with the largest value each has reached for this
 * key lately ({@link StatisticRecord}: in the last one to two {@code bucket}s of the key's forecast errors):
 * <ul>
 *   <li><b>range</b>: how far the value lies from the middle of every value the key has taken, in half-widths of
 *       that range; it exceeds 1 only outside the range, and its record is 1, never forgotten. Beyond the range the
 *       excess counts only as far as the key's forecasters failed to expect it (the error of the one that came
 *       closest, when the caller gives it): a key that trends (a warming spring) passes its range by a little, day
 *       after day, much of it expected; a jump no forecaster expected counts whole. A value held for
 *       {@link #WARM_ERRORS} events has a range one float step wide, so leaving it counts too;</li>
 *   <li><b>drift</b>: the magnitude of the mean of the key's last {@code window} normalised forecast errors, how
 *       far the forecaster has been off in one direction lately (a shift it did not expect). With drift
 *       confirmation (the default) its ratio counts only up to that of the same statistic of the value's own
 *       changes from event to event (persistence's errors, which no model version changes): a model off one way
 *       while the value did nothing new has a bias, the key no anomaly. Cross-validation on NAB showed the model's
 *       drift raising most of its false alarms without it;</li>
 *   <li><b>volatility</b>: the mean magnitude of those errors, how badly it has forecast lately. With volatility
 *       confirmation (the default) its ratio counts only up to how far it lies in the tail of a normal distribution
 *       fitted to the key's long run of it ({@link NormalFit}; Numenta's anomaly likelihood asks the same of HTM's
 *       errors), 4.48 standard deviations above the mean counting as its record: a record that only the key's
 *       ordinary ups and downs have set (a young record, or a steady key's) is broken by the next ordinary one,
 *       while the long run asks for a volatility far outside them. Cross-validation on NAB showed fewer false
 *       alarms from it, and a higher score one stream per category;</li>
 *   <li><b>surprise</b>: the share of those errors whose magnitude exceeds {@link #SURPRISING_ERROR} (three times
 *       the key's mean error), however large each was, counted only as far as its long run confirms it, as the
 *       volatility's is. Numenta's HTM judges its prediction errors this way: each is bounded (a share of
 *       unpredicted columns), so one huge error, which holds the volatility's record for two buckets, does not hide a
 *       later stretch of errors that are only large, such as a new oscillation below an earlier swing. On by
 *       default ({@code anomaly.surprise});</li>
 *   <li><b>daily deviation</b>: the mean magnitude of the key's last {@code window} deviations from what the
 *       value usually is at that hour of the day ({@link DailyProfile}), normalised the same way, judged once the
 *       key has two days of them ({@link #DAILY_MATURITY_MILLIS}): a day that breaks the key's daily rhythm (a
 *       missing peak, a flat stretch, a new level) even where each step of it is easy to forecast from the step
 *       before. For a key whose week describes it clearly better than its day
 *       (weekdays and weekends of different shapes), the <b>weekly deviation</b> takes its place: the same
 *       statistic of the deviations from what the value usually is at that half hour of the week, given by the
 *       caller from the key's weekly profile (see {@code weekOutranksDay}). Against the day, a weekday that looks
 *       like a Sunday strays no further than every Sunday; against the week it stands out. With rhythm
 *       confirmation (off by default) either counts only as far as its long run confirms it, as the volatility
 *       does; cross-validation on NAB, one stream per file, found fewer false alarms with it and about the same
 *       score.</li>
 * </ul>
 * A forecast error is normalised by the key's mean error magnitude so far (an average over its last
 * {@code bucket} errors once it has that many), so the statistics of every key share one unit, its own. The
 * error statistics are the forecaster's share: a forecaster that knows a key's rhythm makes small errors where
 * persistence makes large ones, and large ones where the rhythm breaks. The daily deviation was added because
 * cross-validation showed it catching what the one-step errors miss; with it, a persistence forecaster detects
 * about as well as the LSTM on the NAB corpus (the README gives both).
 *
 * <h2>Score</h2>
 * An event whose largest ratio of a statistic to its record is {@code R > 1} scores {@code 1 - 1/R}: 0.5 means
 * twice the key's record; an event that breaks no record scores 0, as does every event of the key's first
 * {@code learningPeriod}. That statistic is the event's cause ({@link DetectorState#cause()}), which says why a key
 * alarmed. Comparing with the key's own extremes rather than with a fitted distribution needs no
 * assumption about the errors' distribution, so spiky, heavy-tailed and discrete keys calibrate themselves, and
 * one threshold means the same on every key.
 *
 * <h2>Anomalies</h2>
 * An event is an anomaly when its score reaches the threshold and the key has not raised an anomaly in the last
 * {@code refractoryEvents} events ({@link AlarmRule}): the first alarm of an episode says everything the
 * following ones would. Unless it breaks its record more than {@code refractoryEscalation} times as far as that
 * anomaly did: then it is an anomaly too, and starts a new period.
 *
 * <h2>Defaults</h2>
 * Chosen by leave-one-category-out cross-validation on the NAB corpus ({@code eval nab --cv}): the window is
 * that of Numenta's anomaly likelihood (10), the bucket (2,000 errors, a week of five-minute data) and the
 * learning period (200 events) sit where the cross-validated score is flat; the refractory period (100 events)
 * and the threshold are the tuned values, and so is the relearning period (600 errors), though chosen inside each
 * fold it gained nothing on the standard profile. The daily deviation ({@code anomaly.daily.profile}) and the drift
 * confirmation are on because they raised the cross-validated score; a key without a daily rhythm can turn the
 * daily deviation off. The volatility confirmation is on because, one stream per category as deployments run their
 * keys and chosen inside each fold, it raised the score by 1.46 on average over five training seeds (70.99 against
 * 69.52); one stream per file its own figure is about the same (73.71 against 73.57 over ten seeds) with fewer false
 * alarms, and chosen inside each fold there it lost 0.27, within the margin set before those runs. The rhythm
 * confirmation is off: one stream per file it scored 73.87 against 73.71 over ten training seeds, short of the +0.3
 * set before those runs, though with fewer false alarms, and one stream per category, chosen inside each fold,
 * 72.26 against 72.37 over five seeds, short of the +1.0 set before those runs. The share of surprises is on:
 * one stream per file it scored 74.43 against 73.71 over ten training seeds on NAB, higher with nine, and on
 * anomalies injected into the half-hourly departures of 24 flight origins never looked at before, 49.44 against
 * 41.86 over three seeds (it finds outages of a few hours the volatility misses). Its threshold of a surprise (three
 * mean errors) was set before any run. The escalation (2)
 * every fold chose, on NAB and on copies of it with rows missing; it cost the regular NAB files a fold's threshold,
 * and gained on three of the four copies.
 *
 * <p>State: a {@link DetectorState}, folded in place; nothing is allocated per event.
 */
public final class AnomalyScorer {

    /** Errors a key needs before its mean error magnitude normalises its errors. */
    static final int WARM_ERRORS = 10;
    /**
     * Relative floor of the error scale, so that a series forecast exactly still has a finite scale, and rounding noise
     * is no anomaly: 1e-12 of the value, ten thousand times the spacing of doubles (2.2e-16 of the value), so the last
     * bits of a value or a forecast computed in double precision stay far below it (a key near 1e9 whose last bit
     * flickers raised a daily-deviation anomaly without it). Its earlier 1e-6, the spacing of the float32 copies the
     * detector once judged, held a key near 1e9 whose errors are about 1 at a scale of 1000: an error 100 times its
     * usual counted as a tenth of one, neither a surprise nor a volatility its long run confirmed.
     */
    static final double SCALE_FLOOR = 1e-12;
    /**
     * A residual within this many units in the last place of its value is rounding (of the value as sent, of a
     * difference, of a running mean) and counts as 0: a key near 1e9 whose last bit moved both ways raised anomalies.
     * Far below the scale's floor (8,400 units of the last place near 1e9), so that a key whose errors are genuinely
     * that small (a counter near 1e15, where doubles are 0.125 apart, missed by 1) is still judged on them, against
     * the floor.
     */
    static final double ROUNDING_ULPS = 4;
    /** How much smaller than the daily deviations a key's weekly ones must be on average to judge it instead. */
    static final double WEEKLY_MARGIN = 0.7;
    /** How long a key's weekly deviations must have been followed before they can judge it: two weeks. */
    static final long WEEKLY_MATURITY_MILLIS = 14 * 86_400_000L;
    /**
     * How long a key's daily deviations must have been followed before they judge it: two days, as the week's two
     * weeks. On its first day an hour's deviations are taken from that hour's own earlier events, from the second on
     * from the days before, which for a key that moves from day to day (a counter, a random walk) are far larger: the
     * first day's records were broken at the second day's start, an anomaly on every such new key.
     */
    static final long DAILY_MATURITY_MILLIS = 2 * 86_400_000L;
    /**
     * A normalised forecast error larger than this is a surprise: three times the key's mean error magnitude, about
     * 2.4 standard deviations of a normal error, which a normal error passes 1.6 % of the time. Set before the
     * statistic was first measured, not tuned.
     */
    static final double SURPRISING_ERROR = 3;

    private final AnomalySettings settings;
    private final AlarmRule alarmRule;
    private final int valueCount;

    /** @param valueCount values scored per event (the forecast values); each gets its own statistics */
    public AnomalyScorer(AnomalySettings settings, int valueCount) {
        if (valueCount < 1) {
            throw new IllegalArgumentException("at least one value must be scored, got " + valueCount);
        }
        this.settings = settings;
        this.alarmRule = AlarmRule.of(settings);
        this.valueCount = valueCount;
    }

    public AnomalySettings settings() {
        return settings;
    }

    /** A fresh state for one key. */
    public DetectorState newState() {
        return new DetectorState(valueCount, settings.window(), settings.dailyProfile());
    }

    /** Raw score of normalised residuals {@code r[0..n)}, in [0, 1]: how badly the event was forecast. */
    public static double rawScore(double[] residuals, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += residuals[i] * residuals[i];
        }
        double e = Math.sqrt(sum / n);
        // the approximation of erfc is 3e-8 above 1 at 0, which would put a perfect forecast's score below 0
        return Math.max(0, 1.0 - Gaussian.erfc(e / Math.sqrt(2.0)));
    }

    /**
     * Folds one event into {@code state} and returns its score, in [0, 1).
     *
     * @param timeMillis    the event's time, which places it in the key's day
     * @param spacingMillis the key's mean event spacing before this event, which turns the daily profile's memory
     *                      into events ({@link DailyProfile#memory}); NaN while it has fewer than two events
     * @param values        the event's scored values
     * @param errors        each value minus the forecast made of it after the previous event; ignored when
     *                      {@code hasErrors} is false (no forecast was made for this event)
     */
    public double update(DetectorState state, long timeMillis, double spacingMillis, double[] values,
                         double[] errors, boolean hasErrors) {
        return update(state, timeMillis, spacingMillis, values, errors, hasErrors, null, null);
    }

    /**
     * As {@link #update(DetectorState, long, double, double[], double[], boolean)}, with what each value usually is at
     * the event's half hour of the week and how closely the key's forecasters expected it.
     *
     * @param weeklyUsual   per scored value its usual value at the event's half hour of the week, NaN where the key's
     *                      weekly profile does not know it yet; null for a key without a weekly profile
     * @param closestErrors per scored value the error of the forecast that came closest to it among the key's
     *                      forecasters (model, persistence, rhythms), NaN where none forecast it; null when not known.
     *                      A value beyond the key's range counts as beyond it only by as much as that error
     */
    public double update(DetectorState state, long timeMillis, double spacingMillis, double[] values,
                         double[] errors, boolean hasErrors, double[] weeklyUsual, double[] closestErrors) {
        state.startEvent();
        int dailyMemory = DailyProfile.memory(spacingMillis);
        for (int j = 0; j < valueCount; j++) {
            ValueStatistics v = state.values[j];
            double x = values[j];
            if (v.high > v.low || heldOneValue(v, state)) {
                state.consider(rangePosition(v, x, closestErrors == null ? Double.NaN : closestErrors[j]),
                        Statistic.RANGE);
            }
            double changeDriftRatio = foldChange(v, x);
            if (hasErrors) {
                foldError(state, v, x, errors[j], changeDriftRatio);
            }
            if (v.daily != null) {
                double usual = weeklyUsual == null ? Double.NaN : weeklyUsual[j];
                foldRhythm(state, v, x, timeMillis, dailyMemory, spacingMillis, usual);
            }
            v.previous = x;
            v.low = Math.min(v.low, floatAtMost(x));
            v.high = Math.max(v.high, floatAtLeast(x));
        }
        boolean judged = state.events >= settings.learningPeriod();
        state.events++;
        double ratio = state.strongestRatio;
        if (!judged || ratio <= 1) {
            state.cause = Statistic.NONE;
            return 0;
        }
        return 1 - 1 / ratio;
    }

    /**
     * Whether the value has been one and the same (as single precision holds it) for at least {@link #WARM_ERRORS}
     * events, so that leaving it breaks its range. Without this a key that sat at 5 for a week and then jumped to
     * 500,000 scored nothing without a model: its range had no width, and its residual statistics start again at the
     * first change after all-zero ones. A key at 0.1, which single precision cannot hold, was judged.
     */
    private static boolean heldOneValue(ValueStatistics v, DetectorState state) {
        return v.high == v.low && Float.isFinite(v.high) && state.events >= WARM_ERRORS;
    }

    /**
     * The largest float not above {@code x}. The range is kept in single precision, so rounding its bounds to the
     * nearest float could put a value the key has taken outside them (16777217 is stored as 16777216) and score it as
     * a break each time it recurs; rounded outwards, the range always holds every value taken.
     */
    static float floatAtMost(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }

    /** The smallest float not below {@code x}; see {@link #floatAtMost}. */
    static float floatAtLeast(double x) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
    }

    /**
     * How far {@code x} lies from the middle of the key's range, in half-widths of it. Beyond the range, the excess
     * counts only as far as {@code closestError} (the error of the forecast that came closest; NaN for none) left the
     * value unexpected: none when a forecast reached as far or overshot. Why: a key whose values climb for months (the
     * afternoons of a warming spring) leaves its range by a little again and again, and much of it is expected;
     * without this cap the range raised 21 of the 35 anomalies on three unlabelled public series (hourly
     * temperatures, electricity demand), with it 10. On NAB no range anomaly changed: the jumps it catches were
     * expected by no forecaster.
     */
    private static double rangePosition(ValueStatistics v, double x, double closestError) {
        // A range of one value is as wide as the float step it lies on, the width a value single precision cannot
        // hold exactly gets from its bounds rounded outwards: a key at 0.1 and one at 5 judge a departure alike. In
        // double: the two floats' sum rounded to a float moved a narrow range's middle by up to half its width (a key
        // that sat at 0.1, between two floats, lay 1.6 half-widths out at every event).
        double half = v.high > v.low ? 0.5 * ((double) v.high - v.low) : 0.5 * Math.ulp(v.high);
        double position = Math.abs(x - 0.5 * ((double) v.high + v.low)) / half;
        if (position <= 1 || !Double.isFinite(closestError)) {
            return position;
        }
        double unexpected = x > v.high ? Math.min(x - v.high, closestError) : Math.min(v.low - x, -closestError);
        return 1 + Math.max(0, unexpected) / half;
    }

    /**
     * Folds the value's deviations from its daily profile and, where the key's week knows the event's half hour
     * ({@code weeklyUsual} finite), from its week, and lets {@code state} consider the ratio of the one that judges
     * the key: the weekly deviation once the week outranks the day ({@link #weekOutranksDay}), else the daily.
     */
    private void foldRhythm(DetectorState state, ValueStatistics v, double x, long timeMillis, int dailyMemory,
                            double spacingMillis, double weeklyUsual) {
        boolean confirmed = settings.rhythmConfirmation();
        double dailyRatio = v.daily.fold(x, timeMillis, dailyMemory, settings.bucket(), confirmed);
        double weeklyRatio = Double.isFinite(weeklyUsual)
                ? v.weekly.fold(x - weeklyUsual, x, settings.bucket(), confirmed) : 0;
        if (weekOutranksDay(v, spacingMillis)) {
            state.consider(weeklyRatio, Statistic.WEEKLY);
        } else if (v.daily.followedFor(spacingMillis) >= DAILY_MATURITY_MILLIS) {
            state.consider(dailyRatio, Statistic.DAILY);
        }
    }

    /**
     * Whether the key's week describes the value clearly better than its day, so that its weekly deviations judge it:
     * they have been followed for {@link #WEEKLY_MATURITY_MILLIS} at the key's mean spacing and for the learning
     * period, and their mean magnitude is below {@link #WEEKLY_MARGIN} times the daily deviations'. Why: a daily
     * profile blends weekdays and weekends, so for a key whose weekdays and weekends differ in shape (traffic, sales,
     * sign-ups) a weekday that looks like a Sunday (a public holiday, a weekday whose business stopped) strays from it
     * no further than every Sunday does; against the week it stands out. A key whose week holds nothing its day does
     * not keeps the daily deviation, each of whose means has more events. The maturity: scoring from the profile's
     * first week on, young records of the weekly deviations were broken within days and raised false alarms on NAB's
     * Twitter volumes. The margin asks for clearly better, not about as good: with 0.85 the week took over on a few
     * NAB keys (persistence's line moved), with 0.7 on none, and both scored the same on invented weekly series.
     */
    private boolean weekOutranksDay(ValueStatistics v, double spacingMillis) {
        long seen = v.weekly.seen();
        return seen >= settings.learningPeriod() && seen * spacingMillis >= WEEKLY_MATURITY_MILLIS
                && v.weekly.scale() < WEEKLY_MARGIN * v.daily.deviationScale();
    }

    /**
     * Folds the value's change since the key's previous event; returns the ratio of the changes' drift to its record,
     * 0 until the key has shown its changes for the learning period.
     */
    private double foldChange(ValueStatistics v, double x) {
        RecentResiduals changes = v.changes;
        if (Double.isNaN(v.previous) || !changes.fold(x - v.previous, x, settings.bucket())) {
            return 0;
        }
        double drift = changes.drift();
        double ratio = v.changeDrift.ratio(drift, changes.armed());
        v.changeDrift.fold(drift);
        if (changes.endsBucket(settings.bucket())) {
            v.changeDrift.roll();
        }
        return changes.seen() >= settings.learningPeriod() ? ratio : 0;
    }

    /**
     * Folds one forecast error and lets {@code state} consider the ratios of drift, volatility and (with surprise
     * on) the share of surprises to their records; with drift confirmation, the drift's ratio counts only up to
     * {@code changeDriftRatio}, that of the value's own changes; with volatility confirmation, the volatility's only
     * up to how far into the tail of its long run it lies ({@link NormalFit#confirm}); the surprises' always so.
     */
    private void foldError(DetectorState state, ValueStatistics v, double x, double error, double changeDriftRatio) {
        RecentResiduals errors = v.errors;
        if (!errors.fold(error, x, settings.bucket())) {
            return;
        }
        double drift = errors.drift();
        double volatility = errors.volatility();
        double driftRatio = v.drift.ratio(drift, errors.armed());
        double volatilityRatio = v.volatility.ratio(volatility, errors.armed());
        if (settings.volatilityConfirmation()) {
            // judged against the long run before this volatility joins it, as the records are
            volatilityRatio = v.volatilityLongRun.confirm(volatilityRatio, volatility);
        }
        double surprise = errors.surpriseShare(SURPRISING_ERROR);
        // judged against its record and its long run before it joins them, as the volatility is
        double surpriseRatio = v.surpriseLongRun.confirm(v.surprise.ratio(surprise, errors.armed()), surprise);
        v.drift.fold(drift);
        v.volatility.fold(volatility);
        v.volatilityLongRun.fold(volatility, settings.bucket());
        v.surprise.fold(surprise);
        v.surpriseLongRun.fold(surprise, settings.bucket());
        if (errors.endsBucket(settings.bucket())) {
            v.drift.roll();
            v.volatility.roll();
            v.surprise.roll();
        }
        if (settings.driftConfirmation()) {
            driftRatio = Math.min(driftRatio, changeDriftRatio);
        }
        if (errors.seen() >= learningOf(state, errors)) {
            state.consider(driftRatio, Statistic.DRIFT);
            state.consider(volatilityRatio, Statistic.VOLATILITY);
            if (settings.surprise()) {
                state.consider(surpriseRatio, Statistic.SURPRISE);
            }
        }
    }

    /**
     * Errors the key's error statistics learn from before they score: the learning period of a new key, or, for the
     * errors of a model version that came into use after the key had been judged (it has seen more events than that
     * learning period before these errors began), the relearning period. A new version's records then cover more of
     * its errors before they are broken: judged against records of its first few hundred errors, a new model's
     * ordinary errors raised many false alarms on NAB.
     */
    private int learningOf(DetectorState state, RecentResiduals errors) {
        return relearns(settings, state.events, errors) ? settings.relearningPeriod() : settings.learningPeriod();
    }

    /** Whether errors folded while the key had seen {@code events} events are those of a relearning. */
    private static boolean relearns(AnomalySettings settings, long events, RecentResiduals errors) {
        return events - errors.seen() > settings.learningPeriod();
    }

    /**
     * How the event just folded in ({@link #update}) was scored: not at all in the key's learning period, with its
     * error statistics left out while one of them relearns, in full otherwise. For the console's key chart.
     */
    public Scoring scoringOfLast(DetectorState state) {
        if (state.events <= settings.learningPeriod()) {
            return Scoring.LEARNING;
        }
        for (ValueStatistics v : state.values) {
            // as foldError saw it: the key's events before this one, its errors with this one's
            if (relearns(settings, state.events - 1, v.errors) && v.errors.seen() < settings.relearningPeriod()) {
                return Scoring.RELEARNING;
            }
        }
        return Scoring.SCORED;
    }

    /** How far the key of {@code state} is from being scored in full, as its next event will find it. */
    public static ScoringProgress progress(AnomalySettings settings, DetectorState state) {
        long relearning = 0;
        for (ValueStatistics v : state.values) {
            // the next event folds its error, one more seen, with the key's events so far, and scores it once it
            // is the relearning period's
            if (relearns(settings, state.events - 1, v.errors)) {
                relearning = Math.max(relearning, settings.relearningPeriod() - 1 - v.errors.seen());
            }
        }
        return new ScoringProgress(settings.learningPeriod(), Math.max(0, settings.learningPeriod() - state.events),
                settings.relearningPeriod(), Math.max(0, relearning));
    }

    /** Whether one of the key's last {@code events} events was an anomaly ({@link #alarm}). */
    public boolean anomalyAmongLast(DetectorState state, int events) {
        // every anomaly, escalated or not, starts the refractory period, so its end names the latest one
        long latest = alarmRule.anomalyBefore(state.quietUntil);
        return latest != AlarmRule.NEVER && latest >= state.events - events;
    }

    /**
     * Whether the event just folded in, with this score, is an anomaly; if so starts the key's refractory period.
     * Call once per event, after {@link #update}.
     */
    public boolean alarm(DetectorState state, double score) {
        long event = state.events - 1;
        if (!alarmRule.fires(score, event, state.quietUntil, state.quietScore)) {
            return false;
        }
        state.quietUntil = alarmRule.quietUntil(event);
        state.quietScore = score;
        return true;
    }

    /**
     * The score a threshold sweep should see for an event: its score, except that an event held back by the
     * refractory period is kept just below the threshold, so that thresholding reproduces {@link #alarm} at the
     * configured threshold.
     */
    public double alarmScore(double score, boolean anomaly) {
        return anomaly ? score : Math.min(score, Math.nextDown(settings.threshold()));
    }

    /**
     * The score on a log scale that spreads out values near 1: {@code log(1 - s) / log(1e-10)}, in [0, 1]. The 1e-10
     * added under the log, which keeps a score of 1 finite, puts a score of 0 at -4.3e-12: held at 0.
     */
    public static double logLikelihood(double score) {
        return Math.max(0, Math.log(1.0000000001 - score) / Math.log(1.0 - 0.9999999999));
    }
}

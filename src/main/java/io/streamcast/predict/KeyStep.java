package io.streamcast.predict;

import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.schema.TrainingReport;
import io.streamcast.schema.TrainingSample;
import io.streamcast.schema.ValueTransform;
import io.streamcast.stats.RunningMoments;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The per-key step: everything that happens to a key's state when one of its events arrives, free of Kafka so
 * that the stream processor and the offline evaluators give identical numbers for the same inputs.
 *
 * <p>An event is refused when it has the wrong number of values, a non-finite value, or an event time the
 * {@link EventTimePolicy} refuses; a late event it accepts is applied in arrival order, and the key keeps the largest
 * event time it has seen. For an accepted event, in order: re-warm the state if it was built by another model version
 * (replay the key's recent events through the new model from a zero state); score the event against every forecast made
 * of it, one per horizon step (calibrating the key's prediction intervals by whether the event fell inside them), in
 * units of the key's standard deviation <em>before</em> this event, so a spike cannot dampen its own score; update the
 * key's scaling statistics; advance the network one step and forecast the next {@code horizon} events as changes from
 * the last scaled value, with their spread ({@link NetworkStep}; with no model yet, flag the prediction as warming
 * up); forecast them from the key's daily and weekly rhythms too ({@link DailyForecast}, {@link WeeklyForecast}); and
 * issue each forecast from the model (persistence without one) unless persistence or a rhythm has lately forecast
 * that step of this key clearly better ({@link ForecasterChoice}), with its prediction interval (from the key's own
 * past errors when the forecast has no spread or a narrower one). The anomaly detector judges the model's one-step
 * errors (persistence's before there is a model), whichever forecast was issued.
 *
 * <p>A model reads the values through its own transform and calendar features ({@link ForecastModel#spec()}),
 * which the trainer chose from the data, so the key keeps its scaling statistics for every transform.
 *
 * <p>Not thread-safe: one instance per stream thread. Allocates nothing per event, except once when a model
 * with a bigger state arrives.
 */
public final class KeyStep {

    /** Scaled inputs are clipped to this many standard deviations so that one wild value cannot saturate the cells. */
    public static final float INPUT_CLIP = 10f;
    /**
     * The largest value magnitude a key takes. A key keeps its history, range and rhythms' statistics in single
     * precision and squares deviations of up to twice a value: beyond about 1.8e19 those overflow to infinity and
     * stay there, silencing the key's detection and forecasts for good; 1e18 leaves room, and no metric a user
     * forecasts comes near it.
     */
    public static final double MAX_MAGNITUDE = 1e18;
    /**
     * Bounds of the factor by which a refining version's judged error rescales a key's errors ({@link #refinement}): a
     * published refinement's judged error is below its predecessor's (in the NAB replays, 0.62 to 0.99 of it); the
     * bounds only keep a freak report from silencing or inflaming every key.
     */
    static final double LEAST_REFINEMENT = 0.25;
    static final double MOST_REFINEMENT = 4;

    private final PredictorSettings settings;
    private final InputSpec spec;
    private final AnomalyScorer scorer;
    private final IntervalCalibration intervals;
    private final double[] scoredValues;
    private final double[] errors;
    /** What each scored value usually is at the event's half hour of the week, for the detector. */
    private final double[] weeklyUsual;
    /** Per forecast value, the error of the forecast of this event that came closest (the detector's range). */
    private final double[] closestErrors;
    /** One event's errors at one slot, per forecaster, for {@link ForecasterChoice#fold}. */
    private final double[] forecasterErrors = new double[ForecasterChoice.FORECASTERS];
    private final NetworkStep network;

    public KeyStep(PredictorSettings settings) {
        this.settings = settings;
        this.spec = settings.spec();
        this.scorer = new AnomalyScorer(settings.anomaly(), spec.forecastCount());
        this.intervals = new IntervalCalibration(settings.intervalCoverage());
        this.scoredValues = new double[spec.forecastCount()];
        this.errors = new double[spec.forecastCount()];
        this.weeklyUsual = new double[spec.forecastCount()];
        this.closestErrors = new double[spec.forecastCount()];
        this.network = new NetworkStep(settings);
    }

    public PredictorSettings settings() {
        return settings;
    }

    /** A fresh, empty key state sized for these settings. */
    public KeyMemory newMemory() {
        KeyMemory memory = new KeyMemory(spec, settings.historyLength(), scorer.newState(), settings.weeklyRhythm());
        memory.reset();
        return memory;
    }

    public StepResult newResult() {
        return new StepResult(spec);
    }

    /**
     * Why this event must be refused, or null when it can be applied. Reads {@code state}, never changes it.
     *
     * @param referenceTime the wall clock, against which a far-future event time is judged
     */
    public Rejection check(KeyMemory state, long eventTime, long referenceTime, double[] values, int count) {
        Rejection refused = checkValues(values, count);
        return refused != null ? refused : checkTime(state, eventTime, referenceTime);
    }

    /** Why these values must be refused whatever the key's state, or null when they can be applied. */
    public Rejection checkValues(double[] values, int count) {
        if (count != spec.valueDimension()) {
            return Rejection.WRONG_DIMENSION;
        }
        for (int j = 0; j < count; j++) {
            if (!Double.isFinite(values[j])) {
                return Rejection.NON_FINITE_VALUE;
            }
            if (Math.abs(values[j]) > MAX_MAGNITUDE) {
                return Rejection.VALUE_OUT_OF_RANGE;
            }
        }
        return null;
    }

    /** Why an event at {@code eventTime} must be refused by the key whose state is {@code state}, or null. */
    public Rejection checkTime(KeyMemory state, long eventTime, long referenceTime) {
        return settings.eventTimes().judge(state.eventCount > 0, state.lastEventTime, eventTime, referenceTime);
    }

    /**
     * Applies an event that {@link #check} accepted.
     *
     * @param model the model to forecast with, or null when none is available
     */
    public void apply(KeyMemory state, long eventTime, double[] values, ForecastModel model, StepResult result) {
        result.rewarmed = false;
        // A state of another shape than the model's (the same version number given to another model, say after the
        // models topic was recreated) is rebuilt rather than fed to a network it does not fit.
        if (model != null && (state.modelVersion != model.version()
                || state.lstmStateSize != model.network().stateSize())) {
            // A key without history has nothing to replay: taking a model is no re-warm.
            result.rewarmed = state.historySize > 0;
            rewarm(state, model, result);
        } else if (model == null && state.modelVersion != 0) {
            dropModel(state);
        }
        ValueTransform transform = model == null ? ValueTransform.NONE : model.spec().transform();
        score(state, eventTime, values, transform, result);

        state.eventCount++;
        for (int j = 0; j < spec.valueDimension(); j++) {
            Scaler.update(state.mean, state.variance, j, values[j], state.eventCount, spec.scalerDecay());
            Scaler.update(state.logMean, state.logVariance, j,
                    ValueTransforms.apply(ValueTransform.SIGNED_LOG, values[j]), state.eventCount, spec.scalerDecay());
        }
        state.appendHistory(eventTime, values);
        state.lastEventTime = Math.max(state.lastEventTime, eventTime);

        double spacing = DailyForecast.spacing(state);
        int weeklyMemory = WeeklyForecast.memory(spacing);
        SimilarDay.startEvent(state, eventTime);
        WeeklyForecast.startEvent(state, eventTime);
        int dayEarlierSteps = WeeklyForecast.stepsKnowingDayEarlier(state, eventTime);
        for (int j = 0; j < spec.forecastCount(); j++) {
            DailyForecast.fold(state, j, scoredValues[j], eventTime);
            WeeklyForecast.fold(state, j, scoredValues[j], eventTime, weeklyMemory, dayEarlierSteps);
        }

        state.pushForecastRow();
        if (model != null) {
            network.step(state, model);
        } else {
            Arrays.fill(state.modelForecasts, 0, spec.forecastSize(), Double.NaN);
        }
        writeRhythmRows(state, eventTime, spacing);
        issueRow(state, values, model != null, transform, result);
        fillResult(state, values, model, transform, result);
    }

    /**
     * Scores the event against the forecasts made of it: the residual and surprise of the one made after the
     * previous event, and, for every horizon step, the key's error statistics and interval calibration. The
     * anomaly scorer sees the errors of the forecast made after the previous event and the scored values
     * themselves, so a key is judged on its values even before any forecast exists.
     */
    private void score(KeyMemory state, long eventTime, double[] values, ValueTransform transform,
                       StepResult result) {
        int f = spec.forecastCount();
        for (int j = 0; j < f; j++) {
            scoredValues[j] = values[spec.forecastIndex(j)];
        }
        result.residualCount = 0;
        result.rawScore = 0;
        Arrays.fill(closestErrors, Double.NaN);
        for (int row = 0; row < state.forecastRows; row++) {
            int step = row + 1;
            long count = ++state.errorCounts[row];
            for (int j = 0; j < f; j++) {
                int at = state.at(row, step, j);
                double error = ValueTransforms.apply(transform, scoredValues[j])
                        - ValueTransforms.apply(transform, state.forecasts[at]);
                int slot = (step - 1) * f + j;
                double modelForecast = state.modelForecasts[at];
                // persistence's forecast made row + 1 events ago is the value of that event, the newest then
                double persistence = state.recentValue(row, spec.forecastIndex(j));
                double daily = state.dailyForecasts[at];
                forecasterErrors[ForecasterChoice.MODEL] = scoredValues[j] - modelForecast;
                forecasterErrors[ForecasterChoice.PERSISTENCE] = scoredValues[j] - persistence;
                forecasterErrors[ForecasterChoice.DAILY] = scoredValues[j] - daily;
                forecasterErrors[ForecasterChoice.WEEKLY] = scoredValues[j] - state.weeklyForecasts[at];
                forecasterErrors[ForecasterChoice.YESTERDAY] = scoredValues[j] - state.yesterdayForecasts[at];
                ForecasterChoice.fold(state, slot, forecasterErrors);
                if (row == 0) {
                    // the detector judges the model's surprise (persistence's before there is a model), whichever
                    // forecaster's forecast was issued; without another forecaster's forecast the issued one is the
                    // model's (a row restored from before the forecasters were kept) or persistence's
                    boolean other = Double.isFinite(daily) || Double.isFinite(state.weeklyForecasts[at])
                            || Double.isFinite(state.yesterdayForecasts[at]);
                    double judged = Double.isFinite(modelForecast) ? modelForecast
                            : !other || !Double.isFinite(persistence) ? state.forecasts[at]
                            : persistence;
                    errors[j] = scoredValues[j] - judged;
                    closestErrors[j] = closest(scoredValues[j], modelForecast, persistence, daily,
                            state.weeklyForecasts[at], state.yesterdayForecasts[at]);
                    double std = transform == ValueTransform.NONE
                            ? Scaler.std(state.mean, state.variance, spec.forecastIndex(j))
                            : Scaler.std(state.logMean, state.logVariance, spec.forecastIndex(j));
                    result.residual[j] = error / std;
                    result.surprise[j] = error / spreadOf(state, at, slot);
                }
                // judged by how its width was set when issued: the spread at that step has moved since
                intervals.update(state.intervalScale, slot, error, state.halfWidths[at], state.widthSetBy[at],
                        spreadOf(state, at, slot));
                state.absoluteErrors[slot] = RunningMoments.nextMean(state.absoluteErrors[slot], Math.abs(error),
                        RunningMoments.weight(count, spec.scalerDecay()));
            }
        }
        if (state.forecastRows > 0) {
            result.residualCount = f;
            result.rawScore = AnomalyScorer.rawScore(result.residual, f);
        }
        for (int j = 0; j < f; j++) {
            weeklyUsual[j] = WeeklyForecast.usualValue(state, j, eventTime);
        }
        result.likelihood = scorer.update(state.anomaly, eventTime, DailyForecast.spacing(state), scoredValues, errors,
                state.forecastRows > 0, weeklyUsual, closestErrors);
        result.anomalyCause = state.anomaly.cause();
        result.scoring = scorer.scoringOfLast(state.anomaly);
        result.logLikelihood = AnomalyScorer.logLikelihood(result.likelihood);
        result.anomaly = scorer.alarm(state.anomaly, result.likelihood);
        result.alarmScore = scorer.alarmScore(result.likelihood, result.anomaly);
        state.lastRawScore = result.rawScore;
        state.lastLikelihood = result.likelihood;
        state.lastAnomaly = result.anomaly;
    }

    /** {@code x} minus the forecast nearest to it among those given (NaN ones left out); NaN when all are NaN. */
    private static double closest(double x, double model, double persistence, double daily, double weekly,
                                  double yesterday) {
        double closest = nearer(Double.NaN, x - model);
        closest = nearer(closest, x - persistence);
        closest = nearer(closest, x - daily);
        closest = nearer(closest, x - weekly);
        return nearer(closest, x - yesterday);
    }

    private static double nearer(double closest, double error) {
        return Double.isFinite(error) && !(Math.abs(error) >= Math.abs(closest)) ? error : closest;
    }

    /**
     * The spread of the forecast at {@code at}: the key's mean absolute error at that step over sqrt(2/pi), the
     * standard deviation of a normal error with that mean magnitude, or the model's spread where that is larger; the
     * model's alone while the key has too few errors at that step; NaN when neither is known yet. A root mean square
     * would be the same for normal errors, but a spiky key's few huge misses swell it, so its intervals would start
     * far wider than its usual errors ask and over-cover for the hundreds of events the calibration takes to narrow
     * them.
     *
     * <p>Why the key's errors bound the model's spread from below: the calibration corrects the spreads by one factor
     * per step ({@link IntervalCalibration}). Where the spread head, learnt on the training windows, gives a key far
     * narrower spreads than its errors have lately been (a key whose regime changed since the windows, say), that
     * factor grows to make up for them and then widens by as much the spreads the head gave as wide; on a log scale,
     * mapped back, the product is an exponent: 1.28 x a spread of 0.85 x a factor of 7.4 puts the upper bound at
     * 3000 times the forecast. With the key's own errors as the floor the head can only widen the intervals of
     * forecasts it expects to be harder than the key's usual, and the factor stays near 1.
     */
    private double spreadOf(KeyMemory state, int at, int slot) {
        int step = slot / spec.forecastCount() + 1;
        double recent = state.errorCounts[step - 1] >= IntervalCalibration.MIN_ERRORS
                ? state.absoluteErrors[slot] / NormalDistribution.MEAN_ABSOLUTE_DEVIATION_PER_SIGMA : Double.NaN;
        double model = state.spreads[at];
        return Double.isFinite(model) && !(recent > model) ? model : recent;
    }

    /**
     * Lets a key whose model is not available (an instance that has read no model yet, once the key's version has not
     * arrived within {@code model.catch.up.ms}) go on as a key without a model: its forecast rows and their
     * statistics were made in that model's units, which persistence's are not, so they are dropped, and its next
     * model, whichever version, is taken with a re-warm.
     */
    private void dropModel(KeyMemory state) {
        forgetForecastStatistics(state);
        state.forecastRows = 0;
        state.modelVersion = 0;
    }

    /** Forgets what the key learnt of its forecasts' errors, when the forecasts are to come from another model. */
    private static void forgetForecastStatistics(KeyMemory state) {
        // Errors measured against another model's forecasts, possibly in other units, say nothing of this one's.
        forgetForecasterRecords(state);
        state.anomaly.forgetErrors();
    }

    /**
     * Forgets the model's error records of the forecaster choice and the interval calibration, which corrected that
     * model's spreads, not the new one's.
     */
    private static void forgetForecasterRecords(KeyMemory state) {
        Arrays.fill(state.errorCounts, 0);
        Arrays.fill(state.absoluteErrors, 0);
        Arrays.fill(state.intervalScale, 0);
        ForecasterChoice.forgetModel(state);
    }

    /**
     * How much smaller the errors of {@code model} are expected to be than those of the model the key used, when it
     * refines that one and came soon after it: a later version of a network of the same shape, judged against the
     * very version the key used (the ratio of their judged errors, as the trainer judges candidates, bounded to
     * [{@value #LEAST_REFINEMENT}, {@value #MOST_REFINEMENT}]), taken fewer than twice the relearning period of the
     * key's events after the one before it. NaN otherwise: a first model (which replaces persistence), a network of
     * another shape, a version published without its predecessor's judged error, one judged against a version the
     * key never used (a key without events while a version came and went takes the next one), or one that came
     * later, for which the errors restart.
     *
     * <p>Why: with each new version the detector's error statistics restarted, and the key's drift and volatility did
     * not score for {@code anomaly.relearning.period} errors. Many keys share one trainer, which can then publish a
     * version every few hundred of a key's events (a stream of 20 keys at the defaults has a round every 160 of each
     * key's events), and such a key was judged by its forecaster's surprise less than half the time, or never. A
     * version that comes after twice the relearning period leaves the key scoring most of the time, and its errors
     * restart, as cross-validation on NAB preferred where versions come that rarely.
     */
    private double refinement(KeyMemory state, ForecastModel model) {
        TrainingReport report = model.training();
        if (state.modelVersion == 0 || state.modelVersion >= model.version() || report == null
                || report.getChampionVersion() != state.modelVersion
                || state.lstmStateSize != model.network().stateSize()
                || state.errorCounts[0] >= 2L * settings.anomaly().relearningPeriod()) {
            return Double.NaN;
        }
        Double before = report.getChampionValidationLoss();
        double after = report.getValidationLoss();
        if (before == null || !(before > 0) || !(after > 0) || !Double.isFinite(before) || !Double.isFinite(after)) {
            return Double.NaN;
        }
        return Math.max(LEAST_REFINEMENT, Math.min(MOST_REFINEMENT, after / before));
    }

    /**
     * Replays the key's recent events through {@code model} from a zero state ({@link NetworkStep#replay}) and remakes
     * its forecast rows, the state the model would have reached had it been in use over those events. {@code result}
     * takes the forecasters of each remade row, which the event's own row then replaces.
     */
    private void rewarm(KeyMemory state, ForecastModel model, StepResult result) {
        // asked before the replay, which gives the state the new network's shape
        double refinement = refinement(state, model);
        network.replay(state, model);
        if (Double.isNaN(refinement)) {
            forgetForecastStatistics(state);
        } else {
            forgetForecasterRecords(state);
            state.anomaly.rescaleErrors(refinement);
        }
        // the replayed rows are the model's alone: the rhythms' forecasts of those events are not remade
        Arrays.fill(state.dailyForecasts, Double.NaN);
        Arrays.fill(state.weeklyForecasts, Double.NaN);
        Arrays.fill(state.yesterdayForecasts, Double.NaN);
        state.forecastRows = 0;
        int rows = Math.min(spec.horizon(), state.historySize);
        for (int back = rows - 1; back >= 0; back--) {
            state.pushForecastRow();
            network.writeReplayedRow(state, model, back);
            issueRow(state, null, true, model.spec().transform(), result);
        }
        state.modelVersion = model.version();
    }

    /**
     * Writes the daily and weekly rhythms' and yesterday's newest forecast rows, their steps placed at {@code spacing},
     * the key's mean event spacing, after the key's latest event time: after a late event the next events still
     * follow the latest one.
     */
    private void writeRhythmRows(KeyMemory state, long eventTime, double spacing) {
        int f = spec.forecastCount();
        for (int j = 0; j < f; j++) {
            double dailyCarryOver = DailyForecast.carryOver(state, j);
            double weeklyCarryOver = WeeklyForecast.carryOver(state, j);
            double dayLagShare = WeeklyForecast.dayLagShare(state, j);
            double deviation = DailyForecast.deviation(state, j, scoredValues[j], eventTime);
            double yesterdayOffset = YesterdayForecast.offset(state, spec.forecastIndex(j), state.lastEventTime,
                    spacing);
            double dailyCarried = 1;
            double weeklyCarried = 1;
            for (int k = 1; k <= spec.horizon(); k++) {
                dailyCarried *= dailyCarryOver;
                weeklyCarried *= weeklyCarryOver;
                long at = state.lastEventTime + Math.round(k * spacing);
                boolean placed = spacing > 0;
                state.dailyForecasts[state.at(0, k, j)] = placed
                        ? withinMagnitude(DailyForecast.forecast(state, j, at, k, deviation, dailyCarried))
                        : Double.NaN;
                state.weeklyForecasts[state.at(0, k, j)] = placed
                        ? withinMagnitude(WeeklyForecast.forecast(state, j, at, k, weeklyCarried, dayLagShare))
                        : Double.NaN;
                state.yesterdayForecasts[state.at(0, k, j)] = placed ? withinMagnitude(YesterdayForecast.forecast(
                        state, spec.forecastIndex(j), at, spacing, yesterdayOffset)) : Double.NaN;
            }
        }
    }

    /**
     * A forecast within the magnitude of the largest value accepted (NaN stays NaN). Why: a forecaster can forecast far
     * beyond anything the key sent (a signed-log forecast of a wild model output overflows to infinity; the weekly
     * rhythm carries a deviation of e^83 between half hours at -1e18 and 1e18 into one at 1e18, 6e44), and its errors
     * would pass the largest float in the forecaster choice's records, NaN from then on, or an infinite forecast have
     * no error at all: the key could never again judge that forecaster, or turn from the model to one clearly better.
     * A forecast at the bound is judged, and soon passed over.
     */
    static double withinMagnitude(double forecast) {
        return Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, forecast));
    }

    /**
     * Issues the newest forecast row: each forecast from the forecaster {@link ForecasterChoice} picks, with the
     * model's spread when it is the model's, and the interval issued with it (from the key's past errors when the
     * forecast has no spread or a narrower one).
     *
     * @param values    the event's values, persistence's forecasts; null when the model is certain to be picked
     * @param transform the scale the intervals are drawn on (the model's value transform)
     * @param result    takes the forecaster each forecast came from
     */
    private void issueRow(KeyMemory state, double[] values, boolean model, ValueTransform transform,
                          StepResult result) {
        int f = spec.forecastCount();
        for (int k = 1; k <= spec.horizon(); k++) {
            for (int j = 0; j < f; j++) {
                int at = state.at(0, k, j);
                int slot = (k - 1) * f + j;
                double daily = state.dailyForecasts[at];
                double weekly = state.weeklyForecasts[at];
                double yesterday = state.yesterdayForecasts[at];
                int by = ForecasterChoice.choose(state, slot, model, Double.isFinite(daily), Double.isFinite(weekly),
                        Double.isFinite(yesterday));
                result.forecastBy[slot] = by;
                state.forecasts[at] = switch (by) {
                    case ForecasterChoice.YESTERDAY -> yesterday;
                    case ForecasterChoice.MODEL -> state.modelForecasts[at];
                    case ForecasterChoice.DAILY -> daily;
                    case ForecasterChoice.WEEKLY -> weekly;
                    default -> values[spec.forecastIndex(j)];
                };
                state.spreads[at] = by == ForecasterChoice.MODEL ? network.spread(slot) : Double.NaN;
                // the weekly rhythm's and yesterday's forecasts come from single-precision values, the others' not
                double resolution = by == ForecasterChoice.WEEKLY || by == ForecasterChoice.YESTERDAY
                        ? IntervalCalibration.SINGLE_RESOLUTION : IntervalCalibration.DOUBLE_RESOLUTION;
                double spread = spreadOf(state, at, slot);
                double center = ValueTransforms.apply(transform, state.forecasts[at]);
                state.halfWidths[at] = intervals.halfWidth(spread, state.intervalScale[slot], center, resolution);
                state.widthSetBy[at] = intervals.widthSetBy(spread, state.intervalScale[slot], center, resolution);
            }
        }
    }

    private void fillResult(KeyMemory state, double[] values, ForecastModel model, ValueTransform transform,
                            StepResult result) {
        System.arraycopy(values, 0, result.observed, 0, spec.valueDimension());
        boolean interval = true;
        int size = spec.forecastSize();
        for (int slot = 0; slot < size; slot++) {
            double forecast = state.forecasts[slot];
            double halfWidth = state.halfWidths[slot];
            result.forecast[slot] = forecast;
            result.modelForecast[slot] = state.modelForecasts[slot];
            interval &= Double.isFinite(halfWidth);
            double center = ValueTransforms.apply(transform, forecast);
            double lower = ValueTransforms.invert(transform, center - halfWidth);
            double upper = ValueTransforms.invert(transform, center + halfWidth);
            // Bounds never reach further beyond the key's range than its width: a log-scale interval, transformed
            // back, can otherwise put an upper bound at many times anything the key has ever done.
            int value = slot % spec.forecastCount();
            double low = state.anomaly.low(value);
            double high = state.anomaly.high(value);
            if (high > low) {
                double span = high - low;
                lower = Math.min(forecast, Math.max(lower, low - span));
                upper = Math.max(forecast, Math.min(upper, high + span));
            }
            // Nor beyond the largest magnitude a value may have, which no accepted event passes: a wide log-scale
            // interval (a model's spread of e^20) transformed back is infinite, and a key whose range has no width
            // (its first event, a constant key) has no range to bound it.
            if (lower < -MAX_MAGNITUDE) {
                lower = Math.min(forecast, -MAX_MAGNITUDE);
            }
            if (upper > MAX_MAGNITUDE) {
                upper = Math.max(forecast, MAX_MAGNITUDE);
            }
            result.lower[slot] = lower;
            result.upper[slot] = upper;
        }
        result.intervalCoverage = interval ? intervals.coverage() : 0;
        result.modelVersion = model == null ? 0 : model.version();
        result.warmingUp = model == null || state.eventCount <= settings.warmupEvents();
        result.trainingWindowDue = settings.trainingSampleEvery() > 0
                && state.historySize == settings.historyLength()
                && state.eventCount % settings.trainingSampleEvery() == 0
                // a model trained on its keys' faults comes to expect them, on every key it serves
                && (settings.sampleAnomalies() || !scorer.anomalyAmongLast(state.anomaly, state.historySize));
    }

    /**
     * The training window a key sends to the trainer: its history, oldest first, as received, with the key's
     * current scaling statistics, so that the trainer can scale the whole window alike for any transform.
     */
    public TrainingSample trainingSample(String key, KeyMemory state) {
        return TrainingSampleCodec.decode(encodeTrainingSample(key.getBytes(StandardCharsets.UTF_8), state,
                new BinaryWriter()));
    }

    /**
     * Writes {@link #trainingSample}'s window in its stored form ({@link TrainingSampleCodec}) into {@code out}
     * without allocating, and returns the bytes as a new array.
     */
    public byte[] encodeTrainingSample(byte[] key, KeyMemory state, BinaryWriter out) {
        TrainingSampleCodec.write(out, key, key.length, state.historyTimes, state.historySize, state.historyValues,
                spec.valueDimension(), state.mean, state.variance, state.logMean, state.logVariance);
        return out.toByteArray();
    }
}

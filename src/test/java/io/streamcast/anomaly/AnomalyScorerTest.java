package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The detector on events small enough to follow by hand. A key whose forecast errors all have magnitude 1 keeps
 * an error scale of exactly 1 (a running mean of ones), so its normalised errors are its errors. Unless a test is
 * about the daily profile, its events are an hour apart, so that no hour of the day has the events the profile
 * needs before it judges (under 48 events).
 */
class AnomalyScorerTest {

    private static final double[] NO_ERRORS = {0};
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;

    /** Settings without the share of surprises, which the tests of the other statistics keep out of their way. */
    private static AnomalySettings settings(int learningPeriod, int window, int bucket, int refractory) {
        return AnomalySettings.builder().threshold(0.5).learningPeriod(learningPeriod)
                .relearningPeriod(learningPeriod).window(window).bucket(bucket).refractoryEvents(refractory)
                .surprise(false).build();
    }

    private static double update(AnomalyScorer scorer, DetectorState state, double value, double error) {
        return scorer.update(state, state.events() * HOUR, HOUR, new double[] {value}, new double[] {error}, true);
    }

    /** {@code events} events whose values alternate between -1 and 1 and whose errors are all +1. */
    private static void steadily(AnomalyScorer scorer, DetectorState state, int events) {
        for (int i = 0; i < events; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, 1);
        }
    }

    private static double withoutErrors(AnomalyScorer scorer, DetectorState state, double value) {
        return scorer.update(state, state.events() * HOUR, HOUR, new double[] {value}, NO_ERRORS, false);
    }

    @Test
    void shouldGiveTheRawScoreAsTheNormalProbabilityWithinTheResidualsRootMeanSquare() {
        // erf(e / sqrt 2): a residual of one standard deviation 0.6827; of 3 and 4, root mean square 3.536, erf(2.5)
        assertThat(AnomalyScorer.rawScore(new double[] {1}, 1)).isCloseTo(0.682689, within(1e-6));
        assertThat(AnomalyScorer.rawScore(new double[] {3, 4, 99}, 2)).isCloseTo(0.999593, within(1e-6));
        assertThat(AnomalyScorer.rawScore(new double[] {0}, 1)).isZero();
    }

    @Test
    void shouldSpreadScoresNearOneOnALogScale() {
        // log(1 - s) / log(1e-10), with 1e-10 added under the log so that a score of 1 stays finite
        assertThat(AnomalyScorer.logLikelihood(0)).isCloseTo(0, within(1e-9));
        assertThat(AnomalyScorer.logLikelihood(0.99)).isCloseTo(0.2, within(1e-8));
        assertThat(AnomalyScorer.logLikelihood(0.9999999999)).isCloseTo(0.969897, within(1e-6));
        assertThat(AnomalyScorer.logLikelihood(1)).isCloseTo(1, within(1e-9));
    }

    /**
     * A prediction's log-likelihood is promised in [0, 1]. An event that breaks no record scores 0, and the 1e-10 added
     * under the log put it at log(1 + 1e-10) / log(1e-10) = 1e-10 / -23.03 = -4.3e-12, below 0, on most events of
     * every key.
     */
    @Test
    void shouldKeepTheLogScaleOfAScoreOf0At0() {
        assertThat(AnomalyScorer.logLikelihood(0)).isEqualTo(0.0);
    }

    @Test
    void shouldScoreAValueOutsideTheKeysRangeByItsDistanceFromTheMiddleInHalfWidths() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 0), 1);
        DetectorState state = scorer.newState();
        assertThat(withoutErrors(scorer, state, 0)).isZero();
        assertThat(withoutErrors(scorer, state, 10)).as("no range before").isZero();

        // Middle 5, half-width 5: 15 lies 2 half-widths from the middle, so R = 2 and the score 1 - 1/2.
        assertThat(withoutErrors(scorer, state, 15)).isEqualTo(0.5);
        // The range is now [0, 15]: 7.5 is its middle, and 12 lies inside it.
        assertThat(withoutErrors(scorer, state, 12)).isZero();
        // -7.5 lies 15 / 7.5 = 2 half-widths from the middle.
        assertThat(withoutErrors(scorer, state, -7.5)).isEqualTo(0.5);
    }

    /**
     * A key that sits at 0.1 keeps it inside its range: single precision holds 0.1 only between two neighbours, its
     * range's bounds, and the middle of those lies 2.2e-9 from 0.1, 0.6 of the half-width 3.7e-9. Taken as the sum of
     * the two floats rounded to a float, the middle lay 6e-9 away and every event scored 1 - 1/1.6 past the learning
     * period, an anomaly at each end of a refractory period.
     */
    @Test
    void shouldScoreNothingOnAKeyThatSitsAtOneValue() {
        for (double held : new double[] {0.1, 5, 1e9 + 0.3, -7.77}) {
            AnomalyScorer scorer = new AnomalyScorer(settings(200, 10, 1000, 0), 1);
            DetectorState state = scorer.newState();
            for (int i = 0; i < 400; i++) {
                assertThat(update(scorer, state, held, 0)).as("at %s, event %d", held, i).isZero();
            }
        }
    }

    /**
     * A key that sat at one value and leaves it breaks its range, as far as it goes in float steps of that value:
     * a key at 5 for 300 events (5 is a float, so its range had no width) that jumps to 500,000, where the residual
     * statistics of a key whose forecasts were exact start again and judge nothing, scored 0 at the jump. Half a
     * float step at 5 is 2^-22, so 499,995 away is about 2.1e12 half-widths and the score about 1 - 4.8e-13; a key at
     * 0.1, which floats hold between two neighbours 2^-27 apart, is judged alike. Staying put is no break, nor is
     * leaving a value held for fewer than the warm-up's events.
     */
    @Test
    void shouldScoreADepartureFromAValueTheKeyHeld() {
        for (double held : new double[] {5, 0.1}) {
            AnomalyScorer scorer = new AnomalyScorer(settings(200, 10, 1000, 0), 1);
            DetectorState state = scorer.newState();
            for (int i = 0; i < 300; i++) {
                assertThat(update(scorer, state, held, 0)).as("at %s", held).isZero();
            }
            double jump = update(scorer, state, 500_000, 500_000 - held);
            assertThat(jump).as("leaving %s", held).isGreaterThan(0.999_999);
            assertThat(state.cause()).isEqualTo(Statistic.RANGE);
        }

        AnomalyScorer scorer = new AnomalyScorer(settings(0, 10, 1000, 0), 1);
        DetectorState young = scorer.newState();
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS - 1; i++) {
            assertThat(update(scorer, young, 5, 0)).isZero();
        }
        assertThat(update(scorer, young, 6, 1)).as("a value held for nine events").isZero();
    }

    /**
     * The range is kept in single precision, rounded outwards: a key alternating between 16777210 and 16777217
     * (single precision holds every even number there, not 16777217) breaks its range once, not each time 16777217
     * recurs (rounded to nearest, the stored top was 16777216, and every 16777217 lay 4/3 half-widths out).
     */
    @Test
    void shouldKeepEveryValueTakenInsideTheRange() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 0), 1);
        DetectorState state = scorer.newState();
        withoutErrors(scorer, state, 16777210);
        withoutErrors(scorer, state, 16777217);
        for (int i = 0; i < 3; i++) {
            assertThat(withoutErrors(scorer, state, 16777210)).isZero();
            assertThat(withoutErrors(scorer, state, 16777217)).isZero();
        }
        assertThat(AnomalyScorer.floatAtMost(0.1)).isLessThanOrEqualTo(0.1f).isEqualTo(Math.nextDown(0.1f));
        assertThat(AnomalyScorer.floatAtLeast(0.1)).isEqualTo(0.1f);
        assertThat(AnomalyScorer.floatAtMost(-2.5)).isEqualTo(-2.5f);
    }

    /**
     * A value's changes are taken from the value as the key sent it, however large. A counter at a billion rising by
     * 1 an hour changes by exactly 1 at each event, so the mean magnitude of its changes is exactly 1 (a running mean
     * of ones). Kept in single precision, whose neighbours are 64 apart there, its previous value was 1e9 itself
     * until the counter passed 1e9 + 32, and the changes judged were 1, 2, ..., 30: a mean magnitude of 15.5.
     */
    @Test
    void shouldTakeTheChangesOfAValueNearABillionExactly() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 2, 1000, 0).toBuilder().dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i <= 30; i++) {
            withoutErrors(scorer, state, 1e9 + i);
        }

        assertThat(state.values[0].changes.seen()).isEqualTo(30);
        assertThat(state.values[0].changes.scale()).isEqualTo(1.0);
    }

    /**
     * The daily profile's means are kept as the key's values average, however large. A key at a billion alternating
     * between 1e9 + 19 and 1e9 + 21, an event every five minutes for two days: each hour's mean lies between the two
     * (20 after an even count of events, nearer the last value after an odd one), so every deviation from it is 1, or
     * 1 + 1/n after the n-th event, and their mean magnitude lies between 1 and 4/3, the largest (after the third).
     * Kept in single precision, whose neighbours are 64 apart there, each hour's mean was 1e9 and never moved (each
     * event moved it by less than 32), and the deviations judged were 19 and 21.
     */
    @Test
    void shouldKeepTheDailyMeansOfAValueNearABillionExact() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 10, 1000, 0), 1);
        DetectorState state = scorer.newState();
        long spacing = 5 * MINUTE;
        for (int i = 0; i < 2 * 24 * 12; i++) {
            scorer.update(state, i * spacing, spacing, new double[] {1e9 + (i % 2 == 0 ? 19 : 21)}, NO_ERRORS,
                    false);
        }

        assertThat(state.usual(0, 10 * HOUR)).isBetween(1e9 + 19, 1e9 + 21);
        assertThat(state.values[0].daily.deviationScale()).isBetween(1.0, 4.0 / 3);
    }

    /**
     * An error a hundred times a large key's usual ones breaks its records. A counter at a billion rising by 1 an event
     * whose forecasts miss it by +1 and -1 in turn: the mean magnitude of its errors is exactly 1, so its volatility
     * (the mean magnitude of the last 10 normalised errors) is exactly 1 at every event, as is the record and the long
     * run of it, whose variance is 0 (taken as its floor, 1.5e-5). Then a forecast misses by 100: the volatility is
     * (9 + 100) / 10 = 10.9, 10.9 times its record and 2,556 standard deviations above its long run (570 times the 4.48
     * that count as the record), so the event scores 1 - 1 / 10.9. (Its drift breaks its record of 0 but counts only
     * up to the counter's own changes', which are all 1: a ratio of 1; its share of surprises, 1 in 10, lies 5.8 times
     * the 4.48 standard deviations above its long run of 0.) With the scale's floor at a millionth of the value, the
     * errors were normalised by 1000, not 1: the volatility went from 0.001 to 0.0109, 2.6 standard deviations of the
     * floor above its long run, confirming a ratio of 0.57, and the error of 100 was no surprise (0.1, not above 3):
     * the event scored 0.
     */
    @Test
    void shouldFlagAnErrorAHundredTimesTheUsualOfACounterNearABillion() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.builder().dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i < 300; i++) {
            double score = missedBy(scorer, state, 1e9 + i, i % 2 == 0 ? 1 : -1);
            assertThat(scorer.alarm(state, score)).as("event %d (%s)", i, state.cause()).isFalse();
        }
        assertThat(state.errorScale(0)).isEqualTo(1.0);

        double score = missedBy(scorer, state, 1e9 + 300, 100);

        assertThat(scorer.alarm(state, score)).isTrue();
        assertThat(state.cause()).isEqualTo(Statistic.VOLATILITY);
        assertThat(score).isCloseTo(1 - 1 / 10.9, within(1e-6));
    }

    /**
     * Errors a few units in the last place of a large value are still judged: only those within 4 units count as
     * rounding. A counter at 1e15 (where doubles are 0.125 apart) rising by 1 an event, its forecasts missing by +1
     * and -1 in turn (8 units in the last place): the errors' mean magnitude is 1, below the scale's floor (1e-12 of
     * the value, 1000), so each is 0.001 in the floor's units, the volatility 0.001 throughout. A miss of 10,000 makes
     * the volatility (9 x 0.001 + 10) / 10 = 1.0009, 1000.9 times its record and (1.0009 - 0.001) / sqrt(1.5e-5) = 258
     * standard deviations above its long run (57.7 times the 4.48 that count as the record): an anomaly. Had errors of
     * 8 units counted as rounding, the key's errors would all have been 0 and the miss would only have started them.
     */
    @Test
    void shouldJudgeACounterNearAQuadrillionWhoseErrorsAreAFewUnitsInTheLastPlace() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.builder().dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i < 300; i++) {
            double score = missedBy(scorer, state, 1e15 + i, i % 2 == 0 ? 1 : -1);
            assertThat(scorer.alarm(state, score)).as("event %d (%s)", i, state.cause()).isFalse();
        }
        assertThat(state.errorScale(0)).isEqualTo(1.0);

        double score = missedBy(scorer, state, 1e15 + 300, 10_000);

        assertThat(scorer.alarm(state, score)).isTrue();
        assertThat(state.cause()).isEqualTo(Statistic.VOLATILITY);
        assertThat(score).isCloseTo(1 - 1 / ((1.0009 - 0.001) / Math.sqrt(1.5e-5) / 4.48), within(1e-3));
    }

    /**
     * Folds an event of {@code value} an hour after the last, forecast with an {@code error} by the forecast that came
     * closest, as the predictor gives it: the counter's range (which it leaves by 1 at times, exactly as forecast)
     * counts as broken only as far as no forecast expected it.
     */
    private static double missedBy(AnomalyScorer scorer, DetectorState state, double value, double error) {
        return scorer.update(state, state.events() * HOUR, HOUR, new double[] {value}, new double[] {error}, true,
                null, new double[] {error});
    }

    /**
     * Rounding noise is no anomaly, however small the scale's floor now is. A key that sits at a billion, sent in
     * double precision, whose last bit flickers (every 97th event is the next double up, 1.2e-7 above): its changes,
     * forecast errors and deviations from its daily profile are 0 but at the flickers. Normalised by their own mean
     * magnitude, without the floor (1e-12 of the value, 0.001 here), the flickers' deviations broke their record at
     * event 1,117 and raised a daily-deviation anomaly; against the floor they are 1e-4 of it, and the key, an event a
     * minute for four days, raises none.
     */
    @Test
    void shouldRaiseNoAnomalyOnAKeyNearABillionWhoseLastBitFlickers() {
        assertNoAlarmForFourDaysOf(i -> i % 97 == 50 ? Math.nextUp(1e9) : 1e9);
    }

    /**
     * Nor when the last bit moves both ways: a key at a billion that is the next double up every 97th event and the
     * next double down every 89th. Judged by their own mean magnitude, two flickers within one window of 10 made the
     * daily deviation twice its record (a daily-deviation anomaly at event 732, a drift one at 4,124); a residual
     * within 4 units in the last place of its value (the flickers are one, 1.2e-7) is rounding and counts as none.
     */
    @Test
    void shouldRaiseNoAnomalyOnAKeyNearABillionWhoseLastBitMovesBothWays() {
        assertNoAlarmForFourDaysOf(i -> i % 97 == 50 ? Math.nextUp(1e9) : i % 89 == 20 ? Math.nextDown(1e9) : 1e9);
    }

    /**
     * Sends {@code valueAt(i)} as the i-th event of a key, an event a minute for four days, each forecast by the value
     * before it, and asserts that none is an anomaly.
     */
    private static void assertNoAlarmForFourDaysOf(IntToDoubleFunction valueAt) {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        DetectorState state = scorer.newState();
        double previous = valueAt.applyAsDouble(0);
        for (int i = 0; i < 4 * 24 * 60; i++) {
            double value = valueAt.applyAsDouble(i);
            double[] error = {value - previous};
            previous = value;
            double score = scorer.update(state, i * MINUTE, MINUTE, new double[] {value}, error, i > 0, null, error);
            assertThat(scorer.alarm(state, score)).as("event %d", i).isFalse();
        }
    }

    /**
     * A key forecast exactly, up to the rounding of double precision, raises no anomaly: a ramp at a billion rising by
     * a third an event, an event a minute for a day less an hour, forecast by extrapolating its last two values (its
     * errors are the rounding of the values and of the extrapolation, a few 1e-7 at most), and a key that stays at a
     * billion (errors of exactly 0). The ramp's errors are within 4 units in the last place of its values (one at
     * most): rounding, they count as none, as the constant's.
     */
    @Test
    void shouldRaiseNoAnomalyOnAnExactRampOrAConstantNearABillion() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        DetectorState ramp = scorer.newState();
        DetectorState constant = scorer.newState();
        double beforeLast = 1e9 - 2 / 3.0;
        double last = 1e9 - 1 / 3.0;
        for (int i = 0; i < 23 * 60; i++) {
            double value = 1e9 + i / 3.0;
            double[] error = {value - (2 * last - beforeLast)};
            beforeLast = last;
            last = value;
            double score = scorer.update(ramp, i * MINUTE, MINUTE, new double[] {value}, error, true, null, error);
            assertThat(scorer.alarm(ramp, score)).as("the ramp's event %d", i).isFalse();
            score = scorer.update(constant, i * MINUTE, MINUTE, new double[] {1e9}, new double[] {0}, true, null,
                    new double[] {0});
            assertThat(scorer.alarm(constant, score)).as("the constant's event %d", i).isFalse();
        }
        assertThat(ramp.errorScale(0)).as("the ramp's errors, rounding noise that counts as none").isZero();
    }

    @Test
    void shouldScoreNothingDuringTheLearningPeriod() {
        AnomalyScorer scorer = new AnomalyScorer(settings(3, 1, 100, 0), 1);
        DetectorState state = scorer.newState();
        double[] scores = new double[5];
        double[] values = {0, 10, 1000, 1000, 3000};
        for (int i = 0; i < values.length; i++) {
            scores[i] = withoutErrors(scorer, state, values[i]);
        }
        // Events 0-2 learn; event 3 (1000, range [0, 1000]) breaks nothing; 3000 lies 5 half-widths out.
        assertThat(scores).containsExactly(0, 0, 0, 0, 0.8);
    }

    @Test
    void shouldScoreAnErrorTwiceTheKeysRecordAtOneHalf() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 1000, 0), 1);
        DetectorState state = scorer.newState();
        // Values stay within [-1, 1] once both have been seen, so the range says nothing.
        update(scorer, state, -1, 0);
        update(scorer, state, 1, 0);
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS - 2; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, 1);
        }
        // The error scale is the mean magnitude of two zeros and eight ones: 0.8, so 0.8 normalises to 1 and
        // keeps the scale at 0.8. With a window of one event, drift and volatility are the error's magnitude.
        assertThat(update(scorer, state, 0, 0.8)).as("sets the record of 1").isZero();
        assertThat(update(scorer, state, 0, 0.8)).as("equals the record").isZero();
        assertThat(update(scorer, state, 0, 1.6)).as("twice the record").isCloseTo(0.5, within(1e-9));
        // The scale has become 0.8 + (1.6 - 0.8) / 13; the record is now 2.
        assertThat(update(scorer, state, 0, 0.8)).as("below the record").isZero();
    }

    /**
     * A key whose values and errors were exactly 0 for 300 events (a counter at 0 until it started), then values
     * alternating between -1 and 1 and errors of 1: the first of them, normalised by the floor of a scale of 0, once
     * put about 1e5 into the volatility's ring and held its record there for two buckets, so an error five times the
     * key's usual size, 200 events later, scored 0. The errors now start again at the first one that is not 0: drift
     * and volatility of the ring holding the five-fold error are (9 + 5) / 10 = 1.4 times their records of 1, and the
     * event scores 1 - 1/1.4.
     */
    @Test
    void shouldStartAKeysResidualsAgainWhenTheyLeaveAFlatStart() {
        AnomalyScorer scorer = new AnomalyScorer(
                settings(0, 10, 1000, 0).toBuilder().dailyProfile(false).driftConfirmation(false).build(), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i < 300; i++) {
            update(scorer, state, 0, 0);
        }
        // leaving the value it held breaks the range: -1 lies 2^150 half float steps from 0, a score of 1 - 2^-150,
        // which is 1 in double precision
        assertThat(update(scorer, state, -1, 1)).isEqualTo(1.0);
        double[] scores = new double[199];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = update(scorer, state, i % 2 == 0 ? 1 : -1, 1);
        }
        assertThat(scores).as("nothing but the range, broken once by the first 1 (range [-1, 0])")
                .containsOnly(0, 1 - 1 / 3.0);

        assertThat(update(scorer, state, 1, 5)).isCloseTo(1 - 1 / 1.4, within(1e-6));
    }

    @Test
    void shouldGiveNoScaleToResidualsThatWereAllZero() {
        RecentResiduals residuals = new RecentResiduals(4);
        // exactly the warm-up's worth of zeros: the first residual past it is the first to be judged
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS; i++) {
            residuals.fold(0, 0, 1000);
        }
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS + 4; i++) {
            residuals.fold(2, 0, 1000);
        }
        assertThat(residuals.seen()).isEqualTo(AnomalyScorer.WARM_ERRORS + 4);
        assertThat(residuals.scale()).isEqualTo(2.0);
        assertThat(residuals.volatility()).as("four residuals of 2 in units of 2").isEqualTo(1.0);
    }

    /**
     * The scorer rolls the error statistics' records at the end of every bucket of errors, so that a burst is the
     * measure of the next one or two buckets only: an error of 2 just after one of 5 lies below the record, while
     * three buckets of ordinary errors later (the scale back near 1) it breaks the records of those buckets, about 1,
     * twice over.
     */
    @Test
    void shouldForgetAnErrorRecordAfterTwoBucketsOfErrors() {
        AnomalySettings settings = AnomalySettings.builder().threshold(0.5).learningPeriod(0).relearningPeriod(0)
                .window(1).bucket(10).refractoryEvents(0).dailyProfile(false).driftConfirmation(false)
                .volatilityConfirmation(false).build();
        AnomalyScorer scorer = new AnomalyScorer(settings, 1);
        DetectorState state = scorer.newState();
        update(scorer, state, -1, 1);
        update(scorer, state, 1, 1);
        steadily(scorer, state, 28);
        assertThat(update(scorer, state, 0, 5)).as("the burst").isGreaterThan(0.5);
        assertThat(update(scorer, state, 0, 2)).as("below the burst's record").isZero();

        steadily(scorer, state, 30);

        // twice a record set under a scale a little higher, as the burst still fades out of it: R just above 2
        assertThat(update(scorer, state, 0, 2)).as("the burst forgotten").isCloseTo(0.5, within(0.02));
    }

    /**
     * A statistic that comes back to the value of its record breaks nothing. The records are kept as floats, and 0.9
     * is none: rounded to the nearest float, 0.89999998, the record lay below the value that set it, and the same
     * statistic again scored 1 - 0.89999998 / 0.9 = 2.6e-8.
     */
    @Test
    void shouldNotTakeAStatisticThatReturnsToItsRecordAsABreak() {
        StatisticRecord record = new StatisticRecord();
        for (double value : new double[] {0.7, 0.9, 1.1, 2.0 / 3}) {
            record.reset();
            record.fold(value);
            assertThat(record.ratio(value, true)).as("at %s", value).isLessThanOrEqualTo(1);
            record.roll();
            assertThat(record.ratio(value, true)).as("at %s, a bucket later", value).isLessThanOrEqualTo(1);
        }
    }

    /**
     * A counter near 1e7 that rises by 1 and starts again every fourth event does the same thing forever, and scores
     * nothing past its learning period, judged on persistence's errors (1, 1, 1, -3) with the default settings but
     * the daily profile (whose hours' means take days to settle), five minutes apart for 30 days. With its records
     * rounded to the nearest float, its drift came back to just above a record rounded down at every fourth event
     * from the 8,013th on, each scoring 2.2e-8.
     */
    @Test
    void shouldScoreNothingOnACounterThatStartsAgainEveryFourthEvent() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.builder().dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        long spacing = 5 * MINUTE;
        for (int i = 0; i < 30 * 288; i++) {
            double value = 1e7 + i % 4;
            double error = i % 4 == 0 ? -3 : 1;
            double score = scorer.update(state, i * spacing, spacing, new double[] {value}, new double[] {error},
                    i > 0);
            if (i >= AnomalySettings.DEFAULT_LEARNING_PERIOD) {
                assertThat(score).as("event %d", i).isZero();
            }
        }
    }

    @Test
    void shouldKeepARecordForOneToTwoBuckets() {
        StatisticRecord record = new StatisticRecord();
        assertThat(record.ratio(1, false)).as("no record, not yet armed").isZero();
        assertThat(record.ratio(1, true)).as("no record").isInfinite();
        record.fold(3);
        record.roll();
        record.fold(1);
        assertThat(record.ratio(1.5, true)).as("the previous bucket's 3").isEqualTo(0.5);
        record.roll();
        record.fold(1);
        assertThat(record.ratio(1.5, true)).as("3 is two buckets old").isEqualTo(1.5);
    }

    @Test
    void shouldRaiseOneAnomalyPerRefractoryPeriod() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 2), 1);
        DetectorState state = scorer.newState();
        boolean[] alarms = new boolean[6];
        double[] scores = {0.9, 0.9, 0.9, 0.9, 0.1, 0.9};
        for (int i = 0; i < scores.length; i++) {
            withoutErrors(scorer, state, 0);
            alarms[i] = scorer.alarm(state, scores[i]);
        }
        // An alarm at event 0 keeps events 1 and 2 quiet; event 3 alarms and quiets 4 and 5.
        assertThat(alarms).containsExactly(true, false, false, true, false, false);
        assertThat(scorer.alarmScore(0.9, false)).isEqualTo(Math.nextDown(0.5));
        assertThat(scorer.alarmScore(0.9, true)).isEqualTo(0.9);
        assertThat(scorer.alarmScore(0.1, false)).isEqualTo(0.1);
    }

    @Test
    void shouldTellWhetherAnAnomalyIsAmongTheKeysLastEvents() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 2), 1);
        DetectorState state = scorer.newState();
        assertThat(alarms(scorer, state, 0.1, 0.1)).containsExactly(false, false);
        assertThat(scorer.anomalyAmongLast(state, 5)).as("none yet").isFalse();
        // event 3 (of 1, 2, 3) is an anomaly; then events 4 to 6 are quiet, and event 7 escalates
        assertThat(alarms(scorer, state, 0.9, 0.1, 0.1, 0.1)).containsExactly(true, false, false, false);
        assertThat(scorer.anomalyAmongLast(state, 4)).as("events 3 to 6").isTrue();
        assertThat(scorer.anomalyAmongLast(state, 3)).as("events 4 to 6").isFalse();
        assertThat(alarms(scorer, state, 0.99)).containsExactly(true);
        assertThat(scorer.anomalyAmongLast(state, 1)).as("event 7, which escalated").isTrue();
    }

    /** The anomalies {@code scores} raise, one event each, from a new state or from {@code state}. */
    private static boolean[] alarms(AnomalyScorer scorer, DetectorState state, double... scores) {
        boolean[] alarms = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            withoutErrors(scorer, state, 0);
            alarms[i] = scorer.alarm(state, scores[i]);
        }
        return alarms;
    }

    /**
     * Scores as ratios R to a record (s = 1 - 1/R): 0.6 is R 2.5, 0.7 R 3.33, 0.9 R 10, 0.92 R 12.5. With the
     * escalation at 2, an event in the refractory period is an anomaly when its R is more than twice that of the
     * anomaly that started the period, and it starts a new period.
     */
    @Test
    void shouldLetAFarStrongerEventEscalateTheAnomalyThatStartedTheRefractoryPeriod() {
        AnomalySettings settings = settings(0, 1, 100, 10).toBuilder().refractoryEscalation(2).build();
        AnomalyScorer scorer = new AnomalyScorer(settings, 1);
        assertThat(alarms(scorer, scorer.newState(), 0.6, 0.7, 0.9, 0.92, 0.6))
                .containsExactly(true, false, true, false, false);

        AnomalyScorer never = new AnomalyScorer(settings.toBuilder().refractoryEscalation(0).build(), 1);
        assertThat(alarms(never, never.newState(), 0.6, 0.7, 0.9, 0.92, 0.6))
                .containsExactly(true, false, false, false, false);
    }

    /**
     * The anomaly that started a refractory period is part of the stored state, so a restart does not change which
     * event escalates it; a state stored before it was (version 4) runs its period to the end.
     */
    @Test
    void shouldKeepTheScoreOfTheAnomalyThatStartedTheRefractoryPeriodInTheStoredState() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 10), 1);
        DetectorState state = scorer.newState();
        assertThat(alarms(scorer, state, 0.6)).containsExactly(true);
        BinaryWriter out = new BinaryWriter();
        state.write(out);
        byte[] stored = out.toByteArray();

        DetectorState read = scorer.newState();
        assertThat(read.read(new BinaryReader().reset(stored, 0, stored.length), DetectorState.VERSION)).isTrue();
        assertThat(alarms(scorer, read, 0.7, 0.9)).containsExactly(false, true);

        // Version 4: the same bytes without the anomaly's score (float64) after the event count and quiet-until.
        BinaryWriter head = new BinaryWriter();
        head.writeVarLong(1);
        head.writeSignedVarLong(10);
        byte[] v4 = new byte[stored.length - 8];
        System.arraycopy(stored, 0, v4, 0, head.size());
        System.arraycopy(stored, head.size() + 8, v4, head.size(), v4.length - head.size());
        DetectorState old = scorer.newState();
        assertThat(old.read(new BinaryReader().reset(v4, 0, v4.length), 4)).isTrue();
        assertThat(alarms(scorer, old, 0.7, 0.9, 0.9999)).containsExactly(false, false, false);
    }

    @Test
    void shouldContinueAStoredStateExactlyAndRefuseAnotherVersion() {
        AnomalyScorer scorer = new AnomalyScorer(settings(5, 10, 50, 3), 2);
        DetectorState state = scorer.newState();
        DetectorState twin = scorer.newState();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 600; i++) {
            double[] values = {random.nextGaussian(), 100 + random.nextGaussian()};
            double[] errors = {random.nextGaussian(), random.nextGaussian()};
            // Every 15 minutes, so that the daily profile judges from the third day on and its state is exercised.
            long time = i * 15 * MINUTE;
            double score = scorer.update(state, time, 15 * MINUTE, values, errors, i > 0);
            assertThat(scorer.update(twin, time, 15 * MINUTE, values, errors, i > 0)).isEqualTo(score);
            scorer.alarm(state, score);
            scorer.alarm(twin, score);
            if (i % 37 == 0) {
                BinaryWriter out = new BinaryWriter();
                state.write(out);
                DetectorState read = scorer.newState();
                assertThat(read.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                        DetectorState.VERSION)).isTrue();
                twin = read;
            }
        }
        BinaryWriter out = new BinaryWriter();
        state.write(out);
        assertThat(scorer.newState().read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                DetectorState.VERSION + 1)).isFalse();
        DetectorState otherWindow = new AnomalyScorer(settings(5, 9, 50, 3), 2).newState();
        assertThat(otherWindow.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                DetectorState.VERSION)).isFalse();
    }

    @Test
    void shouldPlaceEventsInTheHourOfTheirUtcDay() {
        assertThat(DailyProfile.bin(0)).isZero();
        assertThat(DailyProfile.bin(HOUR - 1)).isZero();
        assertThat(DailyProfile.bin(HOUR)).isEqualTo(1);
        assertThat(DailyProfile.bin(24 * HOUR + 5 * HOUR + 59 * MINUTE)).isEqualTo(5);
        assertThat(DailyProfile.bin(-1)).as("a minute before 1970").isEqualTo(23);
    }

    /**
     * A daily rhythm every 15 minutes (a peak of 10 at noon over a base of 0, with small noise) whose peak is missing
     * on day 18: the values stay at the base from 08:00 to 16:00. Each step of that stretch is easy to forecast
     * from the step before (the errors are persistence's, and they are small there) and lies inside the key's
     * range, so only the daily profile can see it: it must score far above anything of the ordinary days, and above
     * the default threshold.
     */
    @Test
    void shouldFlagADayThatBreaksTheKeysDailyRhythmThoughEachStepIsEasyToForecast() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        DetectorState state = scorer.newState();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int perDay = 96;
        double previous = 0;
        double ordinaryMax = 0;
        double missingPeakMax = 0;
        Statistic missingPeakCause = Statistic.NONE;
        for (int i = 0; i < 20 * perDay; i++) {
            int day = i / perDay;
            double hour = (i % perDay) / 4.0;
            boolean missing = day == 18 && hour >= 8 && hour < 16;
            double rhythm = Math.max(0, 10 * Math.cos((hour - 12) * Math.PI / 8));
            double value = (missing ? 0 : rhythm) + 0.1 * random.nextGaussian();
            double score = scorer.update(state, i * 15 * MINUTE, 15 * MINUTE, new double[] {value},
                    new double[] {value - previous}, i > 0);
            previous = value;
            if (day >= 10 && day < 18) {
                ordinaryMax = Math.max(ordinaryMax, score);
            } else if (missing && score > missingPeakMax) {
                missingPeakMax = score;
                missingPeakCause = state.cause();
            }
        }
        // A record is folded at every event, so an episode is scored by how sharply it breaks the key's record as it
        // begins: ordinary days break it by a few per cent at most, the missing peak by a quarter (the deviation
        // grows from 0 at 08:00 to 10 at noon, and the ordinary record is set by the steep hours of the rhythm).
        assertThat(ordinaryMax).as("ordinary days").isLessThan(0.05);
        assertThat(missingPeakMax).as("the day without its peak").isGreaterThan(0.2)
                .isGreaterThan(AnomalySettings.DEFAULT_THRESHOLD);
        assertThat(missingPeakCause).isEqualTo(Statistic.DAILY);
    }

    private static final long DAY = 24 * 60 * MINUTE;
    /** 1970-01-05, the first Monday of epoch time. */
    private static final long FIRST_MONDAY = 4 * DAY;
    /** The event of {@link #feedAWeeklyKey} that falls on a public holiday: day 30, a Wednesday. */
    private static final int HOLIDAY = 30;

    /**
     * Feeds a key one event a day at midnight, from a Monday: 10 on weekdays and 0 at weekends, each off by 1 (up on
     * even days, down on odd ones), but 0 on day {@link #HOLIDAY}, a Wednesday; the week's usual value is given as
     * {@code usual} says (null: no weekly profile). Returns the holiday's score.
     */
    private static double feedAWeeklyKey(AnomalyScorer scorer, DetectorState state,
                                         java.util.function.IntToDoubleFunction usual) {
        double score = Double.NaN;
        for (int i = 0; i <= HOLIDAY; i++) {
            boolean weekday = i % 7 < 5;
            double value = i == HOLIDAY ? 0 : (weekday ? 10 : 0) + (i % 2 == 0 ? 1 : -1);
            double[] weekly = usual == null ? null : new double[] {usual.applyAsDouble(i)};
            score = scorer.update(state, FIRST_MONDAY + i * DAY, DAY, new double[] {value}, new double[1], false,
                    weekly, null);
        }
        return score;
    }

    /**
     * A weekday that looks like a weekend stands out against the key's week, not against its day: its daily profile
     * blends weekdays and weekends (one bin here, every event at midnight), so the holiday strays from it no further
     * than a weekend day does. Worked by hand: the week's usual value (10 on weekdays, 0 at weekends) leaves
     * deviations of magnitude 1, so their scale and their record are 1 (window 1); the holiday's deviation is -10,
     * a ratio of 10: score 1 - 1/10, cause weekly. The key's week outranks its day once it has 20 deviations (the
     * learning period; 20 days, more than the two weeks it also needs).
     */
    @Test
    void shouldJudgeAKeyAgainstItsWeekWhenTheWeekDescribesItClearlyBetterThanItsDay() {
        AnomalyScorer scorer = new AnomalyScorer(settings(20, 1, 1000, 0), 1);

        DetectorState weekly = scorer.newState();
        double holiday = feedAWeeklyKey(scorer, weekly, i -> i % 7 < 5 ? 10 : 0);
        assertThat(holiday).isCloseTo(1 - 1.0 / 10, within(1e-12));
        assertThat(weekly.cause()).isEqualTo(Statistic.WEEKLY);

        // without a weekly profile the holiday breaks no record of the daily deviations clearly enough to alarm
        DetectorState daily = scorer.newState();
        assertThat(feedAWeeklyKey(scorer, daily, null)).isLessThan(0.5);
        assertThat(daily.cause()).isNotEqualTo(Statistic.WEEKLY);

        // a week that describes the key no better than its day (a flat usual value of 5) does not judge it
        DetectorState flat = scorer.newState();
        feedAWeeklyKey(scorer, flat, i -> 5);
        assertThat(flat.cause()).isNotEqualTo(Statistic.WEEKLY);
    }

    /**
     * Until the week's deviations have been followed for two weeks, the key's day judges it: a holiday on day 11, a
     * Friday (12 deviations, past the learning period of 10 here, the first 10 only setting their scale), is no weekly
     * anomaly, where a day later than two weeks it scores 1 - 1/10 (above).
     */
    @Test
    void shouldNotJudgeAKeyAgainstItsWeekBeforeTwoWeeks() {
        AnomalyScorer scorer = new AnomalyScorer(settings(10, 1, 1000, 0), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i <= 11; i++) {
            double value = i == 11 ? 0 : (i % 7 < 5 ? 10 : 0) + (i % 2 == 0 ? 1 : -1);
            scorer.update(state, FIRST_MONDAY + i * DAY, DAY, new double[] {value}, new double[1], false,
                    new double[] {i % 7 < 5 ? 10 : 0}, null);
        }
        assertThat(state.cause()).isNotEqualTo(Statistic.WEEKLY);
    }

    @Test
    void shouldContinueAKeyWhenTheDailyProfileIsTurnedOffOrOn() {
        AnomalyScorer with = new AnomalyScorer(settings(0, 10, 50, 0), 1);
        AnomalyScorer without = new AnomalyScorer(settings(0, 10, 50, 0).toBuilder().dailyProfile(false).build(), 1);
        DetectorState profiled = with.newState();
        DetectorState plain = without.newState();
        for (int i = 0; i < 500; i++) {
            double[] value = {Math.sin(i / 10.0)};
            double[] error = {Math.cos(i / 7.0)};
            with.update(profiled, i * 15 * MINUTE, 15 * MINUTE, value, error, i > 0);
            without.update(plain, i * 15 * MINUTE, 15 * MINUTE, value, error, i > 0);
        }
        BinaryWriter withProfile = new BinaryWriter();
        profiled.write(withProfile);
        BinaryWriter withoutProfile = new BinaryWriter();
        plain.write(withoutProfile);
        // The same error statistics; the profile, 282 bytes here, and the weekly deviations kept with it, 63 bytes,
        // only where it is kept: 24 float64 means, 24 count bytes, two two-byte varints, a float32 scale, 10 float32
        // deviations, a float32 record of two and their long run (a two-byte varint, a float32 mean and variance);
        // then, no weekly profile being given here, no weekly deviations: two one-byte varints (0), a float32 scale,
        // 10 float32s, a record of two and an empty long run (a one-byte varint and two float32s).
        assertThat(withProfile.size() - withoutProfile.size())
                .isEqualTo(24 * 8 + 24 + 2 + 4 + 2 + 10 * 4 + 2 * 4 + 2 + 2 * 4
                        + 1 + 4 + 1 + 10 * 4 + 2 * 4 + 1 + 2 * 4);

        DetectorState dropped = without.newState();
        assertThat(dropped.read(new BinaryReader().reset(withProfile.toByteArray(), 0, withProfile.size()),
                DetectorState.VERSION)).isTrue();
        DetectorState started = with.newState();
        assertThat(started.read(new BinaryReader().reset(withoutProfile.toByteArray(), 0, withoutProfile.size()),
                DetectorState.VERSION)).isTrue();
        assertThat(dropped.events()).isEqualTo(500);
        assertThat(started.events()).isEqualTo(500);
        BinaryWriter rewritten = new BinaryWriter();
        dropped.write(rewritten);
        assertThat(rewritten.toByteArray()).as("the profile dropped, the rest as kept").isEqualTo(
                withoutProfile.toByteArray());
    }

    /**
     * A new model's errors are judged afresh: after {@code forgetErrors} the error statistics learn for the
     * learning period (20 errors here) before they score, as a new key's do, and build new records. Errors of
     * magnitude 1 keep the scale at exactly 1 (a running mean of ones); values alternate within [-1, 1], so the
     * range says nothing.
     */
    @Test
    void shouldJudgeANewModelsErrorsOnlyAfterTheLearningPeriodAgainstRecordsOfItsOwn() {
        AnomalyScorer scorer = new AnomalyScorer(settings(20, 1, 1000, 0), 1);
        DetectorState state = scorer.newState();
        steadily(scorer, state, 40);
        assertThat(update(scorer, state, 0, 2)).as("twice the record of 1").isEqualTo(0.5);

        state.forgetErrors();
        assertThat(state.errorsSeen(0)).isZero();
        for (int i = 0; i < 14; i++) {
            assertThat(update(scorer, state, i % 2 == 0 ? -1 : 1, 1)).isZero();
        }
        // The 15th error of the new model, 4 times the scale and the new record: still learning.
        assertThat(update(scorer, state, 0, 4)).isZero();
        for (int i = 0; i < 25; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, 1);
        }
        // 41st error: the scale is the mean of 39 ones and one 4, 43/40; 8 normalises to 8 * 40/43, and the
        // record is the new model's 4, so R = 80/43 and the score 1 - 43/80.
        assertThat(update(scorer, state, 0, 8)).isCloseTo(1 - 43.0 / 80, within(1e-6));
    }

    /**
     * Drift confirmation. Window 2; values alternating -1, 1 (changes of +2 and -2: their scale 2, their drift 0 and
     * its record 0) and errors alternating +1, -1 (scale 1; drift 0, record 0; volatility 1, record 1). Two errors
     * of +1 in a row make a drift of 1 against a record of 0, an infinite ratio, while the volatility stays at its
     * record. Unconfirmed, that alone scores 1. Confirmed, the drift counts only as far as the value's own changes
     * drift past their record: while the value keeps alternating (changes -2, +2: drift 0) the event scores 0; when
     * the value stays at -1 (changes -2, 0, normalised -1, 0: drift 1/2 against a record of 0) it scores 1.
     */
    @Test
    void shouldCountTheErrorsDriftOnlyAsFarAsTheValueItselfDriftsWhenConfirmed() {
        for (boolean confirmed : new boolean[] {true, false}) {
            AnomalyScorer scorer = new AnomalyScorer(
                    settings(0, 2, 1000, 0).toBuilder().driftConfirmation(confirmed).build(), 1);
            DetectorState state = alternating(scorer);
            assertThat(update(scorer, state, -1, 1)).as("errors -1, +1").isZero();
            assertThat(update(scorer, state, 1, 1)).as("errors +1, +1, the value alternating, confirmed " + confirmed)
                    .isEqualTo(confirmed ? 0 : 1);
        }
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 2, 1000, 0), 1);
        assertThat(scorer.settings().driftConfirmation()).as("the default").isTrue();
        DetectorState state = alternating(scorer);
        assertThat(update(scorer, state, -1, 1)).isZero();
        assertThat(update(scorer, state, -1, 1)).as("errors +1, +1, the value staying at -1").isEqualTo(1);
        assertThat(state.cause()).isEqualTo(Statistic.DRIFT);
    }

    /**
     * Volatility confirmation. Window 1, so the volatility is the magnitude of the last normalised error; errors
     * alternate 2, 1 on values alternating -1, 1 (the range says nothing, and the value's changes, all of magnitude 2,
     * leave the drift nothing to confirm). After an even number of errors their scale is exactly 1.5, so each 2
     * normalises to 4/3, the volatility's record; each 1 to a little under 2/3 (the scale after a 2 is a little
     * over 1.5). The volatility's long run then has a mean of about 1 and a standard deviation of about 1/3. An error
     * of 3 normalises to 2: 1.5 times the record, which alone scores 1 - 1/1.5 = 1/3; but it lies only about 3
     * standard deviations above the long run's mean, short of 4.48, so confirmed it scores 0. An error of 6
     * normalises to 4: 3 times the record (2/3 unconfirmed), about 9 standard deviations above the mean, so confirmed
     * it counts as 9 / 4.48 times the record and scores about 1 - 4.48 / 9.
     */
    @Test
    void shouldCountTheVolatilityOnlyAsFarAsItsLongRunFindsItUnusualWhenConfirmed() {
        for (boolean confirmed : new boolean[] {true, false}) {
            AnomalyScorer scorer = new AnomalyScorer(
                    settings(0, 1, 1000, 0).toBuilder().dailyProfile(false).volatilityConfirmation(confirmed).build(),
                    1);
            DetectorState state = erratic(scorer);
            assertThat(update(scorer, state, 0, 3)).as("an error of 3, confirmed " + confirmed)
                    .isCloseTo(confirmed ? 0 : 1.0 / 3, within(1e-6));

            state = erratic(scorer);
            assertThat(update(scorer, state, 0, 6)).as("an error of 6, confirmed " + confirmed)
                    .isCloseTo(confirmed ? 1 - 4.48 / 9 : 2.0 / 3, within(confirmed ? 0.01 : 1e-6));
            assertThat(state.cause()).isEqualTo(Statistic.VOLATILITY);
        }
        assertThat(AnomalySettings.defaults().volatilityConfirmation()).as("the default").isTrue();
    }

    /**
     * Rhythm confirmation only ever lowers the daily deviation's ratio (the smaller of its record's and its long
     * run's), and every other statistic is the same with it or without, so no event may score higher with it; and on a
     * noisy daily rhythm judged by a window of one, whose young records its ordinary deviations break again and again,
     * some events the daily deviation alone raises must score lower with it. The arithmetic of the confirmation itself
     * is {@code RecentDeviationsTest}'s.
     */
    @Test
    void shouldLowerOnlyTheDailyDeviationsScoresWhenTheRhythmIsConfirmed() {
        AnomalyScorer unconfirmed = new AnomalyScorer(settings(0, 1, 1000, 0), 1);
        AnomalyScorer confirmed = new AnomalyScorer(
                settings(0, 1, 1000, 0).toBuilder().rhythmConfirmation(true).build(), 1);
        DetectorState plain = unconfirmed.newState();
        DetectorState judged = confirmed.newState();
        Random noise = new Random(1);
        int lowered = 0;
        for (int h = 0; h < 30 * 24; h++) {
            double value = 10 + 3 * Math.sin(2 * Math.PI * h / 24) + 0.5 * noise.nextGaussian();
            double without = withoutErrors(unconfirmed, plain, value);
            double with = withoutErrors(confirmed, judged, value);
            assertThat(with).as("event " + h).isLessThanOrEqualTo(without);
            if (with < without) {
                assertThat(plain.cause()).as("event " + h).isEqualTo(Statistic.DAILY);
                lowered++;
            }
        }
        assertThat(lowered).as("events the confirmation scored lower").isPositive();
    }

    /** 200 events whose values alternate -1, 1 and whose errors alternate 2, 1, ending at value 1, error 1. */
    private static DetectorState erratic(AnomalyScorer scorer) {
        DetectorState state = scorer.newState();
        for (int i = 0; i < 200; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, i % 2 == 0 ? 2 : 1);
        }
        return state;
    }

    /** 40 events whose values alternate -1, 1 and whose errors alternate +1, -1, ending at value 1, error -1. */
    private static DetectorState alternating(AnomalyScorer scorer) {
        DetectorState state = scorer.newState();
        for (int i = 0; i < 40; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, i % 2 == 0 ? 1 : -1);
        }
        return state;
    }

    /**
     * A state stored before the changes were kept (version 2) continues without them: it reads, and is written back
     * longer by exactly their empty parts (window 2: the previous value 8 bytes, changes seen 1, scale 4, judged 1,
     * the ring 2 x 4, the record 2 x 4: 30 bytes), the score of the anomaly that started the refractory period
     * (8 bytes, since version 5), the volatility's long run, empty (values 1 byte, mean and variance 2 x 4: 9
     * bytes, since version 6) and the share of surprises' record (2 x 4 bytes) and long run, empty (9 bytes, since
     * version 8). Its drift is not confirmed until the changes fill their window
     * after their warm-up, so leaning errors alone score 0 until then.
     */
    @Test
    void shouldContinueAVersion2StateWithoutItsChanges() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 2, 1000, 0).toBuilder().dailyProfile(false).build(), 1);
        BinaryWriter v2 = new BinaryWriter();
        v2.writeVarLong(40);         // events
        v2.writeSignedVarLong(-1);   // quiet until
        v2.writeVarLong(1);          // values
        v2.writeVarLong(2);          // window
        v2.writeFloat(-1);           // low
        v2.writeFloat(1);            // high
        v2.writeVarLong(40);         // errors seen
        v2.writeFloat(1);            // their scale
        v2.writeVarLong(30);         // judged
        v2.writeFloat(1);            // the ring: +1 (the 29th judged), -1 (the 30th)
        v2.writeFloat(-1);
        v2.writeFloat(0);            // drift record, current and previous
        v2.writeFloat(0);
        v2.writeFloat(1);            // volatility record
        v2.writeFloat(1);
        v2.writeBoolean(false);      // no daily profile
        DetectorState state = scorer.newState();
        assertThat(state.read(new BinaryReader().reset(v2.toByteArray(), 0, v2.size()), 2)).isTrue();

        BinaryWriter back = new BinaryWriter();
        state.write(back);
        assertThat(back.size() - v2.size()).isEqualTo(30 + 8 + 9 + 8 + 9);
        assertThat(update(scorer, state, -1, 1)).isZero();
        assertThat(update(scorer, state, -1, 1)).as("drift 1 against 0, the changes not yet known").isZero();
    }

    /**
     * The relearning period. Learning period 20, relearning period 50, window 1, errors of +1 on values alternating
     * within [-1, 1] (records of 1, a scale of exactly 1). A new key's error statistics score after its learning
     * period: an error of 2 at its 41st event scores 1/2. After a new model version at event 42, the key having
     * been judged, the new model's errors learn for 50: an error of 4 as its 45th scores nothing (judged, it would
     * break the record of 1 four times over and score 3/4), though it sets the volatility's record to 4. As its 52nd
     * error, an 8 scores: the scale is then the mean of 50 ones and that 4, 54/51, so 8 normalises to 8 x 51/54,
     * against the record of 4: 1 - 4 x 54 / (8 x 51). A key whose model changes before it was ever judged (at its
     * 10th event) relearns for its learning period only: its new model's 25th error, a 4, scores 3/4.
     */
    @Test
    void shouldJudgeANewModelsErrorsAfterTheRelearningPeriodOnceTheKeyHasBeenJudged() {
        // over 48 events, so without the daily profile, which would judge the hours by then
        AnomalyScorer scorer = new AnomalyScorer(
                settings(20, 1, 1000, 0).toBuilder().relearningPeriod(50).dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        steadily(scorer, state, 40);
        assertThat(update(scorer, state, 0, 2)).as("a new key, after its learning period").isEqualTo(0.5);
        update(scorer, state, 1, 1);

        state.forgetErrors();
        steadily(scorer, state, 44);
        assertThat(update(scorer, state, 0, 4)).as("the new model's 45th error").isZero();
        steadily(scorer, state, 6);
        assertThat(update(scorer, state, 0, 8)).as("the new model's 52nd error")
                .isCloseTo(1 - 4.0 * 54 / (8 * 51), within(1e-6));

        DetectorState young = scorer.newState();
        steadily(scorer, young, 10);
        young.forgetErrors();
        steadily(scorer, young, 24);
        assertThat(update(scorer, young, 0, 4)).as("a key not yet judged, its model's 25th error").isEqualTo(0.75);
    }

    /**
     * What the console says of a key's learning, with the periods of the test above (learning 20, relearning 50): a
     * new key's first 20 events are not scored and its 21st is; after a new model version, the key having been
     * judged, the error statistics leave out its first 49 errors and score its 50th (the 52nd scores there, the 45th
     * does not). How many of the key's next events or errors go unscored counts down to 0 meanwhile.
     */
    @Test
    void shouldSayHowFarAKeyIsFromBeingScoredInFull() {
        AnomalyScorer scorer = new AnomalyScorer(
                settings(20, 1, 1000, 0).toBuilder().relearningPeriod(50).dailyProfile(false).build(), 1);
        DetectorState state = scorer.newState();
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 20, 50, 0));
        steadily(scorer, state, 15);
        assertThat(scorer.scoringOfLast(state)).isEqualTo(Scoring.LEARNING);
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 5, 50, 0));
        steadily(scorer, state, 5);
        assertThat(scorer.scoringOfLast(state)).as("the 20th event").isEqualTo(Scoring.LEARNING);
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 0, 50, 0));
        steadily(scorer, state, 1);
        assertThat(scorer.scoringOfLast(state)).as("the 21st event").isEqualTo(Scoring.SCORED);
        steadily(scorer, state, 21);

        state.forgetErrors();
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 0, 50, 49));
        steadily(scorer, state, 1);
        assertThat(scorer.scoringOfLast(state)).as("the new model's first error").isEqualTo(Scoring.RELEARNING);
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 0, 50, 48));
        steadily(scorer, state, 48);
        assertThat(scorer.scoringOfLast(state)).as("its 49th error").isEqualTo(Scoring.RELEARNING);
        assertThat(AnomalyScorer.progress(scorer.settings(), state)).isEqualTo(new ScoringProgress(20, 0, 50, 0));
        steadily(scorer, state, 1);
        assertThat(scorer.scoringOfLast(state)).as("its 50th error").isEqualTo(Scoring.SCORED);
    }

    /**
     * The daily profile remembers a span of time, not a count of events: 100 events of an hour at five-minute
     * spacing (100/12 days), 8 at hourly spacing, bounded by 3 and by the 127 a stored count can hold.
     */
    @Test
    void shouldTurnTheDailyProfilesMemorySpanIntoEventsByTheKeysSpacing() {
        assertThat(DailyProfile.memory(5 * MINUTE)).isEqualTo(100);
        assertThat(DailyProfile.memory(HOUR)).isEqualTo(8);
        assertThat(DailyProfile.memory(MINUTE)).isEqualTo(127);
        assertThat(DailyProfile.memory(24 * HOUR)).isEqualTo(3);
        assertThat(DailyProfile.memory(Double.NaN)).isEqualTo(127);
    }

    /**
     * An hourly key at 10 for 30 days and then at 20 for 10: with a memory of 8 events the hour's mean is
     * 20 - 10 (7/8)^10 = 17.37 after the ten new days (a memory of 100 events would give the plain mean of all 40
     * days, 12.5).
     */
    @Test
    void shouldFollowANewLevelOfAnHourlyKeyWithinDays() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 1000, 0), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i < 40 * 24; i++) {
            double value = i < 30 * 24 ? 10 : 20;
            scorer.update(state, i * HOUR, HOUR, new double[] {value}, NO_ERRORS, false);
        }
        assertThat(state.usual(0, 3 * HOUR)).isCloseTo(20 - 10 * Math.pow(7.0 / 8, 10), within(1e-4));
    }

    /**
     * An event's cause is the statistic it broke its record by most. Window 2, errors of +1 (drift and volatility
     * records 1) on values alternating within [-1, 1]: a value of 3 with an error of +1 breaks only the range
     * (by 3); then, inside the range, an error of -3 makes the ring (+1, -3): drift |1 - 3| / 2 = 1, volatility
     * (1 + 3) / 2 = 2, so volatility, twice its record; an event that breaks nothing has no cause.
     */
    @Test
    void shouldNameTheStatisticAnEventBrokeItsRecordByMost() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 2, 1000, 0), 1);
        DetectorState state = scorer.newState();
        steadily(scorer, state, 40);
        assertThat(state.cause()).isEqualTo(Statistic.NONE);

        assertThat(update(scorer, state, 3, 1)).isCloseTo(1 - 1.0 / 3, within(1e-9));
        assertThat(state.cause()).isEqualTo(Statistic.RANGE);

        update(scorer, state, 0, 1);
        assertThat(update(scorer, state, 0, -3)).isCloseTo(0.5, within(1e-9));
        assertThat(state.cause()).isEqualTo(Statistic.VOLATILITY);
    }

    /**
     * A value beyond the range counts as beyond it only as far as the closest forecast failed to expect it. Window 2,
     * errors of +1 on values alternating within [-1, 1] (middle 0, half-width 1): a value of 3 that the closest
     * forecast put at 2.5 lies 0.5 beyond the range, so 1.5 half-widths out, and scores 1 - 1 / 1.5; one that a
     * forecast put at 3.5, beyond it, breaks nothing; one no forecaster made anything of counts whole, 1 - 1 / 3.
     */
    @Test
    void shouldCountAValueBeyondTheRangeOnlyAsFarAsItsClosestForecastMissedIt() {
        assertThat(afterSteadyEvents(3, 0.5)).isCloseTo(1 - 1 / 1.5, within(1e-9));
        assertThat(afterSteadyEvents(3, -0.5)).isZero();
        assertThat(afterSteadyEvents(3, Double.NaN)).isCloseTo(1 - 1.0 / 3, within(1e-9));
        assertThat(afterSteadyEvents(-3, -0.5)).as("below the range").isCloseTo(1 - 1 / 1.5, within(1e-9));
    }

    /**
     * The score of {@code value}, with an error of +1 and the closest forecast's error given, after 40 steady events.
     */
    private static double afterSteadyEvents(double value, double closestError) {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 2, 1000, 0), 1);
        DetectorState state = scorer.newState();
        steadily(scorer, state, 40);
        return scorer.update(state, state.events() * HOUR, HOUR, new double[] {value}, new double[] {1}, true, null,
                new double[] {closestError});
    }

    /**
     * The share of surprises sees a stretch of errors that are only large after one huge error. Errors of +1 and -1
     * in turn on values alternating within [-1, 1] (a scale of exactly 1, no drift, no surprise), then one error of
     * 50: the ring's mean magnitude, (50 + 9) / 10 = 5.9, is the volatility's record from then on, and the share of
     * surprises, 1 in 10, theirs. Ten ordinary errors later, errors of 4 (about 3.4 in units of the scale, which the
     * 50 raised by 49/301 to about 1.16) each count as a surprise: the first makes the share 1 in 10 again, which
     * breaks nothing; the second 2 in 10, twice the record, which scores 1 - 1/2, while their volatility, about
     * (2 x 3.4 + 8 x 0.86) / 10 = 1.4, stays far below its record. (The long run of the share, about 0.003 on average
     * and 0.018 in spread, puts 0.2 some eleven spreads out, beyond the 4.48 that would cap the ratio.) Without the
     * surprises the same event scores 0.
     */
    @Test
    void shouldCatchAStretchOfLargeErrorsBelowAnEarlierHugeOneByTheShareOfSurprises() {
        LargeErrors with = largeErrorsAfterAHugeOne(true);
        LargeErrors without = largeErrorsAfterAHugeOne(false);

        assertThat(with.first()).as("the first error of 4: a share of 1 in 10, the record's").isZero();
        // the record is kept as a float: 0.1 as 0.10000000149
        assertThat(with.second()).as("the second: 2 in 10, twice the record").isCloseTo(0.5, within(1e-7));
        assertThat(with.cause()).as("its cause").isEqualTo(Statistic.SURPRISE);
        assertThat(without.second()).as("no other statistic breaks its record").isZero();
    }

    /** The scores of the first two errors of 4 in the story above, and the cause of the second's. */
    private record LargeErrors(double first, double second, Statistic cause) {
    }

    private static LargeErrors largeErrorsAfterAHugeOne(boolean surprise) {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 10, 1000, 0).toBuilder().dailyProfile(false)
                .surprise(surprise).build(), 1);
        DetectorState state = scorer.newState();
        for (int i = 0; i < 300; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, i % 2 == 0 ? 1 : -1);
        }
        assertThat(update(scorer, state, -1, 50)).as("the huge error breaks the volatility's record of 1")
                .isCloseTo(1 - 1 / 5.9, within(1e-6));
        for (int i = 0; i < 10; i++) {
            update(scorer, state, i % 2 == 0 ? 1 : -1, i % 2 == 0 ? -1 : 1);
        }
        double first = update(scorer, state, 1, -4);
        double second = update(scorer, state, -1, 4);
        return new LargeErrors(first, second, state.cause());
    }

    @Test
    void shouldCountASurpriseOnlyBeyondThreeTimesTheScale() {
        RecentResiduals residuals = new RecentResiduals(4);
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS; i++) {
            residuals.fold(1, 0, 1000);
        }
        // the scale stays exactly 1 through the warm-up; each residual below is normalised by the scale before it
        residuals.fold(3, 0, 1000);
        assertThat(residuals.surpriseShare(AnomalyScorer.SURPRISING_ERROR)).as("3 is not beyond 3").isZero();
        residuals.fold(-4, 0, 1000);
        assertThat(residuals.surpriseShare(AnomalyScorer.SURPRISING_ERROR))
                .as("-4 in units of (10 + 3) / 11 = 1.18 is 3.4: one surprise in 4").isEqualTo(0.25);
    }
}

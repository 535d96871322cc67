package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeviationRegressionTest {

    private static final int HORIZON = 5;

    private final float[] state = new float[DeviationRegression.stride(HORIZON)];
    private long events;

    DeviationRegressionTest() {
        DeviationRegression.forget(state, HORIZON);
    }

    private void fold(double deviation, double carryOver, boolean learn) {
        events++;
        DeviationRegression.fold(state, 0, HORIZON, events, deviation, 0, HORIZON, learn, carryOver, 0);
    }

    /** A deviation with yesterday's at its half hour, the fading told nothing carries over. */
    private void foldWithYesterday(double deviation, double yesterday) {
        foldWithYesterday(deviation, yesterday, HORIZON);
    }

    /** The same, yesterday's deviation known only to forecasts up to {@code steps} steps ahead. */
    private void foldWithYesterday(double deviation, double yesterday, int steps) {
        events++;
        DeviationRegression.fold(state, 0, HORIZON, events, deviation, yesterday, steps, true, 0, 0);
    }

    /** The lag-one autocorrelation of a lasting offset under white noise, as {@link DeviationCarryOver} sums it. */
    private static double carryOver(double offset, double noise) {
        return offset * offset / (offset * offset + noise * noise);
    }

    @Test
    void shouldForecastALastingOffsetThatTheFadingDropsWithinFiveSteps() {
        // deviations 0.5 above the profile, give or take white noise of 0.3: the offset lasts, while the fading carries
        // 0.74 of a deviation one step and 0.74^5 = 0.21 of it five steps ahead
        double carryOver = carryOver(0.5, 0.3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), carryOver, true);
        }

        double learnt = DeviationRegression.forecast(state, 0, HORIZON, HORIZON, 0.5, 0);

        assertThat(Math.pow(carryOver, HORIZON) * 0.5).as("the fading's forecast").isLessThan(0.11);
        // the offset, give or take the smoothed deviation's noise (standard deviation 0.3 sqrt(0.25 / 1.75) = 0.11)
        assertThat(learnt).as("the offset, 0.5, five steps ahead").isBetween(0.35, 0.65);
    }

    /**
     * A key whose values may reach 1e18 each way deviates from its daily profile by up to 2e18, whose squares summed
     * over the regression's memory of 300 (about 1e39) pass a float's largest, 3.4e38. Deviations of 1.5e18 for 2000
     * events overflowed the sums to infinity, and infinity stays: the key found no fit ever again, also once its
     * deviations were back to a lasting offset of 0.5 under noise of 0.3, which the regression forecasts (as above).
     */
    /**
     * A carry-over of NaN, as the daily rhythm's was for good once its sums overflowed (before 384ccbf), made every
     * fading forecast's error NaN, and a mean error of NaN stayed so: the regression, never judged the better, never
     * forecast again, also once the carry-over was a number again. Such errors start again instead.
     */
    @Test
    void shouldJudgeItsForecastsAgainAfterACarryOverThatWasNotANumber() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), Double.NaN, true);
        }
        for (int i = 0; i < 3000; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), carryOver(0.5, 0.3), true);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, HORIZON, 0.5, 0))
                .as("the offset, 0.5, five steps ahead").isBetween(0.35, 0.65);
    }

    @Test
    void shouldLearnAgainAfterDeviationsThatOverflowItsSums() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            fold(1.5e18 * (1 + 0.01 * random.nextGaussian()), 0, true);
        }
        for (int i = 0; i < 3000; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), carryOver(0.5, 0.3), true);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, HORIZON, 0.5, 0))
                .as("the offset, 0.5, five steps ahead").isBetween(0.35, 0.65);
    }

    @Test
    void shouldLearnTheCoefficientsOfAnAutoregressionThatTheFadingMisjudges() {
        // d(t) = 0.6 d(t-1) + unit white noise, while the fading is told nothing carries over (it forecasts 0): the
        // best forecast k steps ahead is 0.6^k times the present deviation, whatever came before it
        SplittableRandom random = new SplittableRandom(11);
        double deviation = 0;
        for (int i = 0; i < 5000; i++) {
            deviation = 0.6 * deviation + random.nextGaussian();
            fold(deviation, 0, true);
        }

        // give or take the estimate's noise over a memory of about 300 deviations: 0.3 on 3 times the coefficient
        // (further ahead the regression gains too little on the fading's 0 to be sure to forecast)
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, 3, 0)).as("one step")
                .isCloseTo(1.8, within(0.3));
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 2, 3, 0)).as("two steps")
                .isCloseTo(1.08, within(0.3));
    }

    @Test
    void shouldLearnHowMuchOfYesterdaysDeviationComesBack() {
        // each deviation is 0.8 of yesterday's at its half hour, plus noise of 0.2, and nothing of the deviations
        // before it: the forecast is 0.8 of yesterday's deviation at the target, whatever the present one
        SplittableRandom random = new SplittableRandom(13);
        double[] yesterday = new double[5000];
        for (int i = 0; i < yesterday.length; i++) {
            yesterday[i] = random.nextGaussian();
        }
        for (int i = 0; i < 5000; i++) {
            foldWithYesterday(0.8 * yesterday[i] + 0.2 * random.nextGaussian(), yesterday[i]);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 3, 0.1, 2)).isCloseTo(1.6, within(0.2));
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 3, 0.1, -1)).isCloseTo(-0.8, within(0.15));
    }

    /**
     * A daily key: yesterday's deviation at a target two days ahead lies after the forecast was made, which then
     * takes 0 for it. The second and later steps must not learn from it, or they would learn, and be judged, on a
     * value their forecasts never have: only the first step forecasts from it.
     */
    @Test
    void shouldLearnYesterdaysDeviationOnlyForTheStepsWhoseForecastsKnewIt() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 5000; i++) {
            double yesterday = random.nextGaussian();
            foldWithYesterday(0.8 * yesterday + 0.2 * random.nextGaussian(), yesterday, 1);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, 0.1, 2)).isCloseTo(1.6, within(0.2));
        double third = DeviationRegression.forecast(state, 0, HORIZON, 3, 0.1, 2);
        assertThat(Double.isNaN(third) || Math.abs(third) < 0.3).as("step 3: %s", third).isTrue();
    }

    @Test
    void shouldTellThePresentDeviationFromYesterdaysWhenTheyMoveTogether() {
        // d(t) = 0.5 d(t-1) + 0.4 y(t) + noise of 0.3, where yesterday's deviation y(t) itself follows d(t-1)
        // (0.6 of it): regressed on either alone, one would take the other's share; together the forecast one step
        // ahead is 0.5 d + 0.4 y
        SplittableRandom random = new SplittableRandom(17);
        double deviation = 0;
        for (int i = 0; i < 5000; i++) {
            double yesterday = 0.6 * deviation + 0.8 * random.nextGaussian();
            deviation = 0.5 * deviation + 0.4 * yesterday + 0.3 * random.nextGaussian();
            foldWithYesterday(deviation, yesterday);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, 2, 1)).isCloseTo(1.4, within(0.15));
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, -1, 2)).isCloseTo(0.3, within(0.15));
    }

    @Test
    void shouldLeaveTheDeviationToTheFadingWhereTheFadingForecastsIt() {
        // an exact first-order autoregression: the fading at its true carry-over makes no error, and the regression
        // (whose sums are clipped and ridged) cannot do better
        double deviation = 1;
        for (int i = 0; i < 3000; i++) {
            deviation = i % 400 == 0 ? 1 : 0.9 * deviation;
            fold(deviation, 0.9, true);
        }

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, deviation, 0)).isNaN();
    }

    @Test
    void shouldNotForecastBeforeLearningFromTwoHundredDeviations() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < DeviationRegression.MIN_UPDATES; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), 0, true);
        }
        // the first deviation has no earlier one to be forecast from: 200 folds have taught it 199
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, 0.5, 0)).isNaN();

        fold(0.5, 0, true);

        assertThat(DeviationRegression.forecast(state, 0, HORIZON, 1, 0.5, 0)).isBetween(0.3, 0.7);
    }

    @Test
    void shouldLearnNothingFromADayForecastFromAnotherDaysProfile() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 1000; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), 0, true);
        }
        float[] before = state.clone();

        fold(-4, 0, false);

        // only the ring's slot moved, its deviation and smoothed deviation both cleared: it holds no regressors for
        // the next steps to learn from
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            if (Float.compare(before[i], state[i]) != 0) {
                moved.add(i);
                assertThat(state[i]).as("float %d", i).isNaN();
            }
        }
        assertThat(moved).hasSize(2);
        assertThat(moved.get(1)).isEqualTo(moved.get(0) + 1);
    }

    @Test
    void shouldNeverForecastBeyondTheLargestOfItsRegressors() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 3000; i++) {
            fold(0.5 + 0.3 * random.nextGaussian(), 0, true);
        }
        double smoothed = state[0];

        for (double present : new double[] {-3, -0.2, 0, 0.1, 2, 40}) {
            for (double yesterday : new double[] {-1, 0, 0.3}) {
                double learnt = DeviationRegression.forecast(state, 0, HORIZON, 3, present, yesterday);
                double bound = Math.max(Math.abs(present), Math.max(Math.abs(smoothed), Math.abs(yesterday)));
                assertThat(Math.abs(learnt)).as("present %s, yesterday %s", present, yesterday)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void shouldLearnALastingOffsetOnALargeRawScaleAndLeaveDeviationsBeyondSinglePrecisionToTheFading() {
        // the daily rhythm's deviations are on the value's own scale: byte counters run to 10^15 and more
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 3000; i++) {
            fold(1e15 * (0.5 + 0.3 * random.nextGaussian()), carryOver(0.5, 0.3), true);
        }
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, HORIZON, 0.5e15, 0)).as("at 10^15")
                .isBetween(0.35e15, 0.65e15);

        DeviationRegression.forget(state, HORIZON);
        for (int i = 0; i < 3000; i++) {
            fold(1e19 * (0.5 + 0.3 * random.nextGaussian()), carryOver(0.5, 0.3), true);
        }
        // the squares overflow the single-precision sums: no fit, so the caller fades the deviation as it did before
        assertThat(DeviationRegression.forecast(state, 0, HORIZON, HORIZON, 0.5e19, 0)).as("at 10^19").isNaN();
    }
}

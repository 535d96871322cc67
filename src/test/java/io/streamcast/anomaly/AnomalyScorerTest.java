package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final double[] NO_RESIDUALS = new double[1];

    /** Settings small enough to follow by hand: every window one event, the level and profile the last value. */
    private static AnomalySettings byHand(int learningPeriod) {
        return new AnomalySettings(0.5, learningPeriod, 0.5, 1.0, 1.0, 1, 1, 1.0, 1, 1.0, 0);
    }

    private static double update(AnomalyScorer scorer, double[] state, long time, double value) {
        return scorer.update(state, time, new double[] {value}, NO_RESIDUALS, 0);
    }

    private static double update(AnomalyScorer scorer, double[] state, long time, double value, double residual) {
        return scorer.update(state, time, new double[] {value}, new double[] {residual}, 1);
    }

    @Test
    void shouldTurnTheLargestRecordRatioIntoAParetoTailProbability() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);

        // p = 1e-4 * R^-10
        assertThat(scorer.likelihoodOfRatio(1.0)).isCloseTo(1 - 1e-4, within(1e-15));
        assertThat(scorer.likelihoodOfRatio(2.0)).isCloseTo(1 - 1e-4 / 1024, within(1e-15));
        assertThat(scorer.likelihoodOfRatio(0.5)).isCloseTo(1 - 0.1024, within(1e-12));
        assertThat(scorer.likelihoodOfRatio(0.3)).isZero();
        assertThat(scorer.likelihoodOfRatio(0.0)).isZero();
        assertThat(scorer.likelihoodOfRatio(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void shouldScoreValueStatisticsAsComputedByHand() {
        AnomalyScorer scorer = new AnomalyScorer(byHand(2), 1);
        double[] state = new double[scorer.stateSize()];

        // Events 0 and 1 are learnt: level records 10 (decayed to 5 and kept against 2), range [10, 12].
        assertThat(update(scorer, state, T0, 10)).isEqualTo(0.5);
        assertThat(update(scorer, state, T0 + HOUR, 12)).isEqualTo(0.5);
        // 20 lies 4 range widths above [10, 12]: ratio 1 + 1 * 4 = 5 beats the level's 8 / 5; p = 0.5 / 5.
        assertThat(update(scorer, state, T0 + 2 * HOUR, 20)).isCloseTo(1 - 0.1, within(1e-12));
        // 11 is inside [10, 20]; its distance 9 from the level 20 against the level record 8: p = 0.5 / (9 / 8).
        assertThat(update(scorer, state, T0 + 3 * HOUR, 11)).isCloseTo(1 - 0.5 / 1.125, within(1e-12));
    }

    @Test
    void shouldScoreResidualStatisticsAsComputedByHand() {
        AnomalyScorer scorer = new AnomalyScorer(byHand(1), 1);
        double[] state = new double[scorer.stateSize()];

        assertThat(update(scorer, state, T0, 0, 1.0)).isEqualTo(0.5);
        // Residual 2 against the residual record 1: p = 0.5 / 2.
        assertThat(update(scorer, state, T0 + HOUR, 0, 2.0)).isCloseTo(0.75, within(1e-12));
        // Residual 1 against the record 2: ratio 1/2, p = 0.5 / 0.5 = 1.
        assertThat(update(scorer, state, T0 + 2 * HOUR, 0, 1.0)).isZero();
        // An event without a forecast leaves the residual maxima alone: 5 is compared with 1 (2 halved by event 2).
        assertThat(update(scorer, state, T0 + 3 * HOUR, 0)).isZero();
        assertThat(update(scorer, state, T0 + 4 * HOUR, 0, 5.0)).isCloseTo(1 - 0.5 / 5, within(1e-12));
    }

    @Test
    void shouldStayUnjudgedDuringTheLearningPeriod() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        double[] state = new double[scorer.stateSize()];
        Random random = new Random(1);
        for (int i = 0; i < AnomalySettings.DEFAULT_LEARNING_PERIOD; i++) {
            double value = i == 100 ? 1e6 : random.nextGaussian();
            assertThat(update(scorer, state, T0 + i * 300_000L, value, random.nextGaussian()))
                    .isEqualTo(AnomalyScorer.UNJUDGED);
        }
        assertThat(update(scorer, state, T0, 1e7, 50)).isNotEqualTo(AnomalyScorer.UNJUDGED);
    }

    @Test
    void shouldHoldAlarmsDuringTheRefractoryPeriod() {
        AnomalySettings settings = new AnomalySettings(0.5, 0, 1e-4, 10, 5, 10, 5, 0.005, 24, 0.02, 2);
        AnomalyScorer scorer = new AnomalyScorer(settings, 1);
        double[] state = new double[scorer.stateSize()];
        boolean[] alarms = new boolean[8];
        for (int i = 0; i < alarms.length; i++) {
            update(scorer, state, T0 + i * HOUR, 1.0);
            alarms[i] = scorer.alarm(state, i == 3 ? 0.4 : 0.9);
        }

        // Event 3 is out of the refractory period but below the threshold; event 4 alarms, 5 and 6 are held.
        assertThat(alarms).containsExactly(true, false, false, false, true, false, false, true);
        assertThat(scorer.alarm(state, 0.4)).isFalse();
        assertThat(scorer.alarmScore(0.9, true)).isEqualTo(0.9);
        assertThat(scorer.alarmScore(0.9, false)).isEqualTo(Math.nextDown(0.5));
        assertThat(scorer.alarmScore(0.3, false)).isEqualTo(0.3);
    }

    @Test
    void shouldFlagALevelShiftSmallerThanAnEarlierSpike() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        double[] state = new double[scorer.stateSize()];
        Random random = new Random(7);
        double quietest = 0;
        for (int i = 0; i < 3000; i++) {
            double value = 15 + random.nextGaussian() * 0.5 + (i == 800 ? 60 : 0);
            double likelihood = update(scorer, state, T0 + i * 300_000L, value);
            if (i > 850) {
                quietest = Math.max(quietest, AnomalyScorer.logLikelihood(likelihood));
            }
        }
        double shift = 0;
        for (int i = 3000; i < 3020; i++) {
            double likelihood = update(scorer, state, T0 + i * 300_000L, 26 + random.nextGaussian() * 0.5);
            shift = Math.max(shift, AnomalyScorer.logLikelihood(likelihood));
        }

        assertThat(quietest).isLessThan(AnomalySettings.DEFAULT_THRESHOLD);
        assertThat(shift).isGreaterThan(AnomalySettings.DEFAULT_THRESHOLD);
    }

    @Test
    void shouldFlagADailyPatternThatBreaks() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        double[] state = new double[scorer.stateSize()];
        Random random = new Random(3);
        double normal = 0;
        int days = 30;
        for (int i = 0; i < days * 24; i++) {
            double value = daily(i) + random.nextGaussian() * 0.3;
            double likelihood = update(scorer, state, T0 + i * HOUR, value);
            // Hourly slots need 8 days of values, and their maxima 100 values (4 days) more, before they judge.
            if (i >= 15 * 24) {
                normal = Math.max(normal, AnomalyScorer.logLikelihood(likelihood));
            }
        }
        // The next day stays low through its busy hours: within the key's range and level, but not its day.
        double broken = 0;
        for (int i = days * 24; i < days * 24 + 24; i++) {
            double likelihood = update(scorer, state, T0 + i * HOUR, random.nextGaussian() * 0.3);
            broken = Math.max(broken, AnomalyScorer.logLikelihood(likelihood));
        }

        assertThat(normal).isLessThan(AnomalySettings.DEFAULT_THRESHOLD);
        assertThat(broken).isGreaterThan(AnomalySettings.DEFAULT_THRESHOLD);
    }

    private static double daily(int hour) {
        int h = hour % 24;
        return h >= 8 && h < 18 ? 10 : 0;
    }

    @Test
    void shouldKeepAFixedSizeStateWithFiniteValuesWhateverTheStream() {
        AnomalySettings settings = AnomalySettings.defaults();
        AnomalyScorer one = new AnomalyScorer(settings, 1);
        AnomalyScorer three = new AnomalyScorer(settings, 3);
        assertThat(one.stateSize()).isEqualTo(4 + (17 + 2 * 10 + 2 * 5 + 2 * 24)).isEqualTo(99);
        assertThat(three.stateSize()).isEqualTo(4 + 3 * 95);

        double[] state = new double[three.stateSize()];
        Random random = new Random(11);
        double[] values = new double[3];
        double[] residuals = new double[3];
        for (int i = 0; i < 50_000; i++) {
            for (int j = 0; j < 3; j++) {
                values[j] = random.nextDouble() < 0.001 ? 1e12 : random.nextGaussian() * (j + 1);
                residuals[j] = random.nextDouble() < 0.001 ? -1e9 : random.nextGaussian();
            }
            double likelihood = three.update(state, T0 + i * 60_000L, values, residuals, i % 7 == 0 ? 0 : 3);
            assertThat(likelihood).isBetween(0.0, 1.0);
        }
        assertThat(state).hasSize(three.stateSize());
        assertThat(Arrays.stream(state).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void shouldGiveIdenticalScoresAndStatesForIdenticalInputs() {
        AnomalyScorer first = new AnomalyScorer(AnomalySettings.defaults(), 1);
        AnomalyScorer second = new AnomalyScorer(AnomalySettings.defaults(), 1);
        double[] a = new double[first.stateSize()];
        double[] b = new double[second.stateSize()];
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            double value = Math.sin(i / 40.0) * 10 + random.nextGaussian();
            double residual = random.nextGaussian();
            assertThat(update(first, a, T0 + i * 300_000L, value, residual))
                    .isEqualTo(update(second, b, T0 + i * 300_000L, value, residual));
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void shouldRestartAStateWrittenForAnotherLayout() {
        AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults(), 1);
        double[] foreign = new double[scorer.stateSize()];
        Arrays.fill(foreign, 7.0);
        double[] fresh = new double[scorer.stateSize()];
        Random random = new Random(9);
        for (int i = 0; i < 400; i++) {
            double value = random.nextGaussian();
            assertThat(update(scorer, foreign, T0 + i * 300_000L, value))
                    .isEqualTo(update(scorer, fresh, T0 + i * 300_000L, value));
        }
        assertThat(foreign).containsExactly(fresh);
    }

    @Test
    void shouldMapTheLikelihoodOntoTheLogScale() {
        // log10(2) / 10
        assertThat(AnomalyScorer.logLikelihood(0.5)).isCloseTo(0.0301030, within(1e-7));
        assertThat(AnomalyScorer.logLikelihood(1 - 1e-5)).isCloseTo(0.5, within(1e-5));
        assertThat(AnomalyScorer.logLikelihood(1.0)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldScoreResidualsByTheirRootMeanSquare() {
        // erf(1 / sqrt 2) = 0.682689492...
        assertThat(AnomalyScorer.rawScore(new double[] {1.0, -1.0}, 2)).isCloseTo(0.6826895, within(1e-6));
        assertThat(AnomalyScorer.rawScore(new double[] {0.0}, 1)).isCloseTo(0.0, within(1e-6));
    }
}

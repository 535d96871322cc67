package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForecastJudgeTest {

    /**
     * Improvements of 0.2, 0.3 and 0.25 on three windows: mean 0.25, standard error 0.05 / sqrt(3) = 0.029, so clearly
     * better at a margin of 0.1 of the reference's mean error (0.1 x 1.0).
     */
    @Test
    void shouldFindACandidateClearlyBetterByMoreThanTheMarginAndTwoStandardErrors() {
        double[] reference = {1.0, 1.1, 0.9};
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.8, 0.8, 0.65}, reference, 0.1)).isTrue();
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.8, 0.8, 0.65}, reference, 0.3)).as("margin").isFalse();
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.5, 1.2, 0.65}, reference, 0.1)).as("chance").isFalse();
    }

    /**
     * Improvements of 0.1, 0.3 and 0.2: mean 0.2, sample standard deviation 0.1, standard error 0.058, so two standard
     * errors are 0.115 and the candidate is clearly better; of 0, 0.4 and 0.2 the same mean, but a sample standard
     * deviation of 0.2 puts two standard errors at 0.231, and it is not. No margin, so only the chance decides.
     */
    @Test
    void shouldWeighTheMeanImprovementAgainstTwoStandardErrorsOfTheSampleSpread() {
        double[] reference = {1.0, 1.0, 1.0};
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.9, 0.7, 0.8}, reference, 0)).isTrue();
        assertThat(ForecastJudge.clearlyBetter(new double[] {1.0, 0.6, 0.8}, reference, 0)).isFalse();
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.8}, new double[] {1.0}, 0))
                .as("one window has no spread to judge by").isFalse();
    }

    @Test
    void shouldAverageTheWindowsThatHaveAnError() {
        assertThat(ForecastJudge.mean(new double[] {0.5, Double.NaN, 1.5, 1.0})).isEqualTo(1.0);
        assertThat(ForecastJudge.mean(new double[] {Double.NaN, Double.NaN})).isNaN();
    }

    /**
     * A reference that forecast one judging window to infinity is judged on the others, and can be replaced (an
     * infinite improvement made the mean and its standard error infinite and NaN, and every comparison false); a
     * candidate that did so is never published.
     */
    @Test
    void shouldLeaveOutWindowsForecastToInfinity() {
        double[] reference = {1.0, 1.1, 0.9, Double.POSITIVE_INFINITY};
        assertThat(ForecastJudge.clearlyBetter(new double[] {0.8, 0.8, 0.65, 1.0}, reference, 0.1)).isTrue();
        assertThat(ForecastJudge.mean(reference)).as("ranks last").isInfinite();

        assertThat(ForecastJudge.clearlyBetter(new double[] {0.8, 0.8, 0.65, Double.POSITIVE_INFINITY},
                new double[] {1.0, 1.1, 0.9, 1.0}, 0.1)).isFalse();
    }

    /**
     * A reference that forecast most windows to infinity (a model whose outputs overflow on the signed-log scale) is
     * replaced by a candidate that forecast none so, however it did on the rest; left out, those windows would leave
     * too few to judge on, and the broken model in use for good.
     */
    @Test
    void shouldReplaceAReferenceThatForecastMostWindowsToInfinity() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(ForecastJudge.clearlyBetter(new double[] {5.0, 5.0, 5.0}, new double[] {inf, inf, inf}, 0.1))
                .isTrue();
        assertThat(ForecastJudge.clearlyBetter(new double[] {5.0, 5.0, 5.0}, new double[] {inf, inf, 1.0}, 0.1))
                .as("two of three").isTrue();
        assertThat(ForecastJudge.clearlyBetter(new double[] {5.0, 5.0, 5.0, 5.0}, new double[] {inf, inf, 1.0, 1.0},
                0.1)).as("half: judged on the others").isFalse();
    }
}

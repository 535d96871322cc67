package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files with one window each, so that each file's null score is -1 silent (its window missed; alarming on every row
 * would score lower, -5 here) and its perfect score 1 (standard profile), and raw scores chosen by hand: the pooled
 * score of any draw of files follows by arithmetic.
 */
class CrossValidationBootstrapTest {

    private static final String STANDARD = "standard";
    private static final List<String> CATEGORIES = List.of("x", "x", "y");

    private static NabCrossValidation.Result result(double... raw) {
        double[] perfects = new double[raw.length];
        Arrays.fill(perfects, 1);
        return new NabCrossValidation.Result(List.of(), Map.of(STANDARD, Double.NaN),
                new NabCrossValidation.FileScores(CATEGORIES, Map.of(STANDARD, raw),
                        Map.of(STANDARD, nulls(raw.length)),
                        Map.of(STANDARD, perfects)));
    }

    private static NabCrossValidation.NullOutcomes nulls(int files) {
        double[] silent = new double[files];
        double[] alarming = new double[files];
        Arrays.fill(silent, -1);
        Arrays.fill(alarming, -5);
        return new NabCrossValidation.NullOutcomes(silent, alarming);
    }

    @Test
    void shouldSpanTheScoresOfTheDrawsThatRepeatOneFileOfACategory() {
        // Category x holds a found window (raw 1) and a missed one (-1); y one found window, drawn every time. A draw
        // of x gives raw 2, 0 or -2 with probabilities 1/4, 1/2, 1/4; pooled with y over null -3 and perfect 3:
        // 100 (3 + 3) / 6 = 100, 100 (1 + 3) / 6 = 66.7, 100 (-1 + 3) / 6 = 33.3. A quarter of the draws at each
        // end holds the 5 % and 95 % points.
        CrossValidationBootstrap.Interval interval = CrossValidationBootstrap.pooled(result(1, -1, 1), STANDARD, 7);

        assertThat(interval.low()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(interval.high()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void shouldCancelWhatTwoResultsShareWhenResamplingTheirDifference() {
        NabCrossValidation.Result model = result(1, -1, 1);
        // One point lower on every file: 3 points over a scale of 6, whichever files are drawn.
        NabCrossValidation.Result worse = result(0, -2, 0);

        assertThat(CrossValidationBootstrap.difference(model, model, STANDARD, 7))
                .isEqualTo(new CrossValidationBootstrap.Interval(0, 0));
        CrossValidationBootstrap.Interval gain = CrossValidationBootstrap.difference(model, worse, STANDARD, 7);
        assertThat(gain.low()).isCloseTo(50.0, within(1e-9));
        assertThat(gain.high()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldRefuseResultsOverDifferentFiles() {
        NabCrossValidation.Result other = new NabCrossValidation.Result(List.of(), Map.of(STANDARD, Double.NaN),
                new NabCrossValidation.FileScores(List.of("x", "y", "y"), Map.of(STANDARD, new double[3]),
                        Map.of(STANDARD, nulls(3)), Map.of(STANDARD, new double[] {1, 1, 1})));

        assertThatThrownBy(() -> CrossValidationBootstrap.difference(result(1, -1, 1), other, STANDARD, 7))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.streamcast.eval.nab;

import static io.streamcast.eval.nab.SyntheticFiles.detections;
import static io.streamcast.eval.nab.SyntheticFiles.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NAB's scoring rules on series small enough to score by hand. NAB's scaled sigmoid {@code 2 sigmoid(-5p) - 1}
 * equals {@code tanh(-2.5 p)}, which gives the expected values independently of the implementation.
 */
class NabScoringRulesTest {

    private static final CostProfile STANDARD = CostProfile.STANDARD;
    private static final double EPS = 1e-12;

    private static double sigmoidAt(double position) {
        return Math.tanh(-2.5 * position);
    }

    @Test
    void shouldLeaveFifteenPercentUnscoredUpToSevenHundredFiftyRows() {
        assertThat(NabRules.probationLength(100)).isEqualTo(15);
        assertThat(NabRules.probationLength(4032)).isEqualTo(604);
        assertThat(NabRules.probationLength(5000)).isEqualTo(750);
        assertThat(NabRules.probationLength(15902)).isEqualTo(750);
    }

    @Test
    void shouldFollowTheScaledSigmoidAndFloorItBeyondThreeWindowLengths() {
        for (double p = -1.0; p <= 3.0; p += 0.125) {
            assertThat(NabRules.scaledSigmoid(p)).as("position %s", p).isCloseTo(sigmoidAt(p), within(EPS));
        }
        assertThat(NabRules.scaledSigmoid(3.0001)).isEqualTo(-1.0);
        assertThat(NabRules.scaledSigmoid(40)).isEqualTo(-1.0);
    }

    @Test
    void shouldRewardOnlyTheEarliestDetectionInAWindow() {
        NabDataFile file = file("earliest.csv", 100, new int[] {40, 59});

        FileScore score = NabScorer.scoreFile(file, detections(100, 45, 50), STANDARD, 0.5);

        double earliest = sigmoidAt(-(59 - 45 + 1) / 20.0) / sigmoidAt(-1.0);
        assertThat(score.score()).isCloseTo(earliest, within(EPS));
        assertThat(new int[] {score.tp(), score.tn(), score.fp(), score.fn()}).containsExactly(2, 65, 0, 18);
    }

    @Test
    void shouldGiveTheFullTrueWeightToADetectionOnTheWindowsFirstRow() {
        NabDataFile file = file("first-row.csv", 100, new int[] {40, 59});

        FileScore score = NabScorer.scoreFile(file, detections(100, 40), CostProfile.REWARD_LOW_FN_RATE, 0.5);

        assertThat(score.score()).isEqualTo(CostProfile.REWARD_LOW_FN_RATE.tpWeight());
    }

    @Test
    void shouldChargeAMissedWindowItsFalseNegativeWeight() {
        NabDataFile file = file("missed.csv", 100, new int[] {40, 59}, new int[] {70, 79});

        FileScore standard = NabScorer.scoreFile(file, detections(100), STANDARD, 0.5);
        FileScore lowFn = NabScorer.scoreFile(file, detections(100), CostProfile.REWARD_LOW_FN_RATE, 0.5);

        assertThat(standard.score()).isEqualTo(-2.0);
        assertThat(lowFn.score()).isEqualTo(-4.0);
        assertThat(standard.fn()).isEqualTo(30);
    }

    @Test
    void shouldWeightAFalsePositiveByItsDistanceAfterThePrecedingWindow() {
        NabDataFile file = file("after.csv", 100, new int[] {40, 59});

        FileScore near = NabScorer.scoreFile(file, detections(100, 40, 69), STANDARD, 0.5);
        FileScore far = NabScorer.scoreFile(file, detections(100, 40, 99), STANDARD, 0.5);

        assertThat(near.score()).isCloseTo(1.0 + 0.11 * sigmoidAt(10 / 19.0), within(EPS));
        assertThat(far.score()).isCloseTo(1.0 + 0.11 * sigmoidAt(40 / 19.0), within(EPS));
        // Shortly after a window a detection is likely the tail of the anomaly, so it costs less.
        assertThat(near.score()).isGreaterThan(far.score());
    }

    @Test
    void shouldChargeTheFullFalsePositiveWeightBeforeAnyWindow() {
        NabDataFile file = file("before.csv", 100, new int[] {40, 59});

        FileScore score = NabScorer.scoreFile(file, detections(100, 20, 40), CostProfile.REWARD_LOW_FP_RATE, 0.5);

        assertThat(score.score()).isCloseTo(1.0 - 0.22, within(EPS));
        assertThat(score.fp()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreProbationRowsButKeepAProbationWindowAsThePrecedingWindow() {
        // The window [2, 5] lies wholly in the 15-row probation: never missed, never detected, yet the false
        // positive at row 20 is weighted by its distance after it (15 rows / 3 = 5 window lengths: the floor).
        NabDataFile file = file("probation.csv", 100, new int[] {2, 5});

        FileScore none = NabScorer.scoreFile(file, detections(100, 3, 10), STANDARD, 0.5);
        FileScore late = NabScorer.scoreFile(file, detections(100, 20), STANDARD, 0.5);

        assertThat(none.score()).isZero();
        assertThat(none.total()).isEqualTo(85);
        assertThat(late.score()).isEqualTo(-0.11);
    }

    @Test
    void shouldCountAScoreEqualToTheThresholdAsADetection() {
        NabDataFile file = file("equal.csv", 100, new int[] {40, 59});
        double[] scores = new double[100];
        scores[40] = 0.7;

        assertThat(NabScorer.scoreFile(file, scores, STANDARD, 0.7).tp()).isEqualTo(1);
        assertThat(NabScorer.scoreFile(file, scores, STANDARD, Math.nextUp(0.7)).tp()).isZero();
    }

    @Test
    void shouldPreferTheHighestThresholdAmongEqualScores() {
        // Rows 45 (0.9) and 50 (0.8) sit in the same window: lowering the threshold to 0.8 adds a detection
        // that changes nothing, so 0.9 and 0.8 tie and NAB keeps the first, higher one.
        NabDataFile file = file("tie.csv", 100, new int[] {40, 59});
        double[] scores = new double[100];
        scores[45] = 0.9;
        scores[50] = 0.8;
        NabScorer scorer = new NabScorer(new NabCorpus(List.of(file)), CostProfile.nabDefaults());

        ThresholdPoint best = scorer.optimiseThreshold(java.util.Map.of(file.relativePath(), scores), STANDARD);

        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.tp()).isEqualTo(1);
    }

    @Test
    void shouldRefuseWindowsThatAreNotRowsOfTheFileOrOverlap() {
        NabDataFile valid = file("valid.csv", 20, new int[] {5, 8});
        var timestamps = new java.time.LocalDateTime[20];
        for (int i = 0; i < 20; i++) {
            timestamps[i] = valid.timestamp(i);
        }
        double[] values = new double[20];

        assertThatThrownBy(() -> new NabDataFile("synthetic", "off-grid.csv", timestamps, values,
                List.of(new AnomalyWindow(timestamps[5].plusSeconds(1), timestamps[8]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a timestamp of the file")
                // Row 5 is at 00:25 (five-minute rows), one second later; row 8 is at 00:40.
                .hasMessageContaining("[2020-01-01 00:25:01, 2020-01-01 00:40:00]");
        assertThatThrownBy(() -> new NabDataFile("synthetic", "overlap.csv", timestamps, values,
                List.of(new AnomalyWindow(timestamps[5], timestamps[8]),
                        new AnomalyWindow(timestamps[8], timestamps[10]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not start after");
        assertThatThrownBy(() -> new NabDataFile("synthetic", "reversed.csv", timestamps, values,
                List.of(new AnomalyWindow(timestamps[12], timestamps[14]),
                        new AnomalyWindow(timestamps[5], timestamps[8]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("synthetic/reversed.csv: window [2020-01-01 00:25:00, 2020-01-01 00:40:00] is listed after"
                        + " a later one, [2020-01-01 01:00:00, 2020-01-01 01:10:00]: list a file's windows in time"
                        + " order, the order NAB's scorer reads them in");
    }

    @Test
    void shouldRefuseScoresThatAreMissingOrNotFinite() {
        NabDataFile file = file("bad.csv", 20);
        double[] nan = new double[20];
        nan[7] = Double.NaN;

        assertThatThrownBy(() -> NabScorer.scoreFile(file, new double[19], STANDARD, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20 rows but 19");
        assertThatThrownBy(() -> NabScorer.scoreFile(file, nan, STANDARD, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("synthetic/bad.csv: anomaly score of row 8 (2020-01-01 00:35:00) is NaN");
    }

    @Test
    void shouldScoreAWindowWhoseLastRowIsTheFirstAfterProbation() {
        // 100 rows: rows 0-14 are probation, so the window [10, 15] has one scored row and can still be missed.
        NabDataFile file = file("edge.csv", 100, new int[] {10, 15});

        FileScore missed = NabScorer.scoreFile(file, detections(100), STANDARD, 0.5);

        assertThat(file.isScored(0)).isTrue();
        assertThat(missed.score()).isEqualTo(-1.0);
        assertThat(missed.fn()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAWindowOnTheFirstRowAndAWindowOfOneRow() {
        // 200 rows: 30 rows of probation, so the first window is never scored and the second is.
        NabDataFile file = file("edges.csv", 200, new int[] {0, 3}, new int[] {40, 40});

        assertThat(new int[] {file.windowStartRow(0), file.windowEndRow(0), file.windowStartRow(1),
                file.windowEndRow(1)}).containsExactly(0, 3, 40, 40);
        assertThat(file.label(0)).isEqualTo(1);
        // A one-row window's only row is its left edge: a detection there earns the full true weight.
        assertThat(NabScorer.scoreFile(file, detections(200, 40), STANDARD, 0.5).score()).isEqualTo(1.0);
    }

    @Test
    void shouldScaleATrueDetectionByTheProfilesTrueWeight() {
        NabDataFile file = file("weighted.csv", 100, new int[] {40, 59});
        CostProfile doubled = new CostProfile("doubled", 2.0, 0.11, 1.0);

        FileScore first = NabScorer.scoreFile(file, detections(100, 40), doubled, 0.5);
        FileScore later = NabScorer.scoreFile(file, detections(100, 45), doubled, 0.5);

        assertThat(first.score()).isCloseTo(2.0, within(EPS));
        // Row 45 of [40, 59] sits at -(59 - 45 + 1) / 20 = -0.75, rescaled so that the left edge earns 2.
        assertThat(later.score()).isCloseTo(2.0 * sigmoidAt(-0.75) / sigmoidAt(-1.0), within(EPS));
    }
}

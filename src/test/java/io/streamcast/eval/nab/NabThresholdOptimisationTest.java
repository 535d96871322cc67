package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The corpus-wide threshold sweep agrees with scoring every file at every threshold one by one; its optimum is
 * the one worked out by hand on a small corpus; and on Numenta HTM's published detections it scores at least as
 * high as NAB's published threshold does.
 */
class NabThresholdOptimisationTest {

    /** Numenta HTM's threshold in NAB's official score files. */
    private static final double OFFICIAL_THRESHOLD = 0.543099145074;

    @Test
    void shouldAgreeWithScoringEachFileAtEveryThresholdOfTheSweep() {
        SplittableRandom random = new SplittableRandom(42);
        NabCorpus corpus = new NabCorpus(List.of(
                SyntheticFiles.file("a.csv", 300, new int[] {80, 109}, new int[] {200, 229}),
                SyntheticFiles.file("b.csv", 200),
                SyntheticFiles.file("c.csv", 500, new int[] {10, 40}, new int[] {300, 349})));
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files()) {
            double[] s = new double[file.length()];
            for (int i = 0; i < s.length; i++) {
                // Two decimals, so many rows share a threshold, as real detectors' scores do.
                s[i] = Math.round(random.nextDouble() * 100) / 100.0;
            }
            scores.put(file.relativePath(), s);
        }

        for (CostProfile profile : CostProfile.nabDefaults()) {
            assertCurveMatchesPerFileScoring(corpus, scores, profile);
        }
    }

    /**
     * One 100-row file with a window on rows 40-59 (rows 0-14 are probation). Detections: the window's first row
     * at 0.9 (a full true positive, +1), a false alarm long after the window at 0.8 (-0.11 under the standard
     * profile) and one at 0.3. Below 0.3 every row detects. By hand: above 0.9 nothing is found (-1); at 0.9 the
     * window is found (+1); at 0.8 and 0.3 a false alarm each lowers that; so the best threshold is 0.9.
     */
    @Test
    void shouldFindTheThresholdWorkedOutByHand() {
        NabDataFile file = SyntheticFiles.file("hand.csv", 100, new int[] {40, 59});
        double[] scores = new double[100];
        Arrays.fill(scores, 0.1);
        scores[40] = 0.9;
        scores[95] = 0.8;
        scores[97] = 0.3;
        NabScorer scorer = new NabScorer(new NabCorpus(List.of(file)), List.of(CostProfile.STANDARD));

        ThresholdPoint best = scorer.optimiseThreshold(Map.of(file.relativePath(), scores), CostProfile.STANDARD);

        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.score()).isEqualTo(1.0);
        assertThat(new int[] {best.tp(), best.fp()}).containsExactly(1, 0);
    }

    @Test
    void shouldAgreeWithScoringEachFileAtEveryThresholdOnTheBundledReference() throws IOException {
        Path root = NabTestCorpora.bundled();
        NabCorpus corpus = NabCorpus.load(root);
        Map<String, double[]> detections = readReference(root, corpus);

        assertCurveMatchesPerFileScoring(corpus, detections, CostProfile.STANDARD);
    }

    @Test
    void shouldFindTheOfficialThresholdOrABetterOneOnTheBundledReference() throws IOException {
        assertOptimiserFindsOfficialThresholdOrBetter(NabTestCorpora.bundled());
    }

    @Test
    @EnabledIf("io.streamcast.eval.nab.NabTestCorpora#sharedExists")
    void shouldFindTheOfficialThresholdOrABetterOneOnTheSharedSubset() throws IOException {
        assertOptimiserFindsOfficialThresholdOrBetter(NabTestCorpora.SHARED);
    }

    private static void assertOptimiserFindsOfficialThresholdOrBetter(Path root) throws IOException {
        NabCorpus corpus = NabCorpus.load(root);
        Map<String, double[]> detections = readReference(root, corpus);
        NabScorer scorer = new NabScorer(corpus, CostProfile.nabDefaults());

        NabReport optimised = scorer.score(NabTestCorpora.REFERENCE_DETECTOR, detections);
        NabReport official = scorer.scoreAt(NabTestCorpora.REFERENCE_DETECTOR, detections, OFFICIAL_THRESHOLD);

        for (CostProfile profile : CostProfile.nabDefaults()) {
            ProfileScore best = optimised.profile(profile.name()).orElseThrow();
            ProfileScore atOfficial = official.profile(profile.name()).orElseThrow();
            System.out.printf("%s %s: optimised threshold %.12f raw %.6f, official threshold raw %.6f%n",
                    root, profile.name(), best.threshold(), best.rawScore(), atOfficial.rawScore());

            assertThat(best.rawScore()).isGreaterThanOrEqualTo(atOfficial.rawScore() - 1e-9);
            assertThat(best.normalisedScore()).isGreaterThanOrEqualTo(atOfficial.normalisedScore() - 1e-9);
        }
    }

    private static void assertCurveMatchesPerFileScoring(NabCorpus corpus, Map<String, double[]> scores,
                                                         CostProfile profile) {
        ThresholdCurve curve = new NabScorer(corpus, List.of(profile)).sweep(scores, profile);
        assertThat(curve.size()).isGreaterThan(2);
        assertThat(curve.point(0).threshold()).isEqualTo(NabRules.START_THRESHOLD);
        for (int p = 0; p < curve.size(); p++) {
            ThresholdPoint point = curve.point(p);
            double sum = 0;
            int tp = 0;
            int tn = 0;
            int fp = 0;
            int fn = 0;
            for (NabDataFile file : corpus.files()) {
                FileScore f = NabScorer.scoreFile(file, scores.get(file.relativePath()), profile, point.threshold());
                sum += f.score();
                tp += f.tp();
                tn += f.tn();
                fp += f.fp();
                fn += f.fn();
            }
            assertThat(point.score()).as("%s at %s", profile.name(), point.threshold()).isCloseTo(sum, within(1e-9));
            assertThat(new int[] {point.tp(), point.tn(), point.fp(), point.fn()}).containsExactly(tp, tn, fp, fn);
            if (p > 0) {
                assertThat(point.threshold()).isLessThan(curve.point(p - 1).threshold());
            }
        }
        ThresholdPoint best = curve.best();
        for (int p = 0; p < curve.size(); p++) {
            assertThat(curve.point(p).score()).isLessThanOrEqualTo(best.score());
        }
    }

    private static Map<String, double[]> readReference(Path root, NabCorpus corpus) throws IOException {
        return NabResultsReader.readAll(NabTestCorpora.referenceResults(root), NabTestCorpora.REFERENCE_DETECTOR,
                corpus);
    }

    /**
     * One 100-row file with a window on rows 40-59 and 15 rows of probation: 85 scored rows, 20 inside the window
     * and 65 outside. Every scored row scores 0.7 except row 95 at 0.1, so the sweep has three thresholds: 1.1
     * (nothing detected), 0.7 (all but row 95) and 0.1 (every row).
     */
    @Test
    void shouldEndTheCurveAtTheLowestScoreWithEveryRowDetected() {
        NabDataFile file = SyntheticFiles.file("lowest.csv", 100, new int[] {40, 59});
        double[] scores = new double[100];
        Arrays.fill(scores, 0.7);
        scores[95] = 0.1;

        ThresholdCurve curve = standardSweep(file, scores);

        assertThat(curve.size()).isEqualTo(3);
        assertPoint(curve.point(0), 1.1, 0, 65, 0, 20);
        assertPoint(curve.point(1), 0.7, 20, 1, 64, 0);
        assertPoint(curve.point(2), 0.1, 20, 0, 65, 0);
        // Nothing detected: the one window is missed, at the standard profile's fnWeight.
        assertThat(curve.point(0).score()).isEqualTo(-1.0);
    }

    /** NAB compares scores with Python's ==, under which -0.0 and 0.0 are the same threshold. */
    @Test
    void shouldTreatMinusZeroAndZeroAsOneThreshold() {
        NabDataFile file = SyntheticFiles.file("zeros.csv", 100, new int[] {40, 59});
        double[] scores = new double[100];
        for (int i = 0; i < scores.length; i += 2) {
            scores[i] = -0.0;
        }
        scores[41] = 0.9;

        ThresholdCurve curve = standardSweep(file, scores);

        assertThat(curve.size()).isEqualTo(3);
        assertPoint(curve.point(1), 0.9, 1, 65, 0, 19);
        assertPoint(curve.point(2), 0.0, 20, 0, 65, 0);
    }

    /** The standard profile's threshold curve of one file scored {@code scores}. */
    private static ThresholdCurve standardSweep(NabDataFile file, double[] scores) {
        return new NabScorer(new NabCorpus(List.of(file)), List.of(CostProfile.STANDARD))
                .sweep(Map.of(file.relativePath(), scores), CostProfile.STANDARD);
    }

    private static void assertPoint(ThresholdPoint point, double threshold, int tp, int tn, int fp, int fn) {
        assertThat(point.threshold()).isEqualTo(threshold);
        assertThat(new int[] {point.tp(), point.tn(), point.fp(), point.fn()}).containsExactly(tp, tn, fp, fn);
        assertThat(point.total()).as("every scored row is counted once").isEqualTo(85);
    }

    /**
     * A 20-row file without windows has 3 rows of probation (floor(0.15 * 20)) and 17 scored rows; giving each a
     * score of its own makes a point per row after the first point at 1.1, the most a curve can have.
     */
    @Test
    void shouldRecordAPointForEveryRowWhenNoTwoScoresAreEqual() {
        NabDataFile file = SyntheticFiles.file("distinct.csv", 20);
        double[] scores = new double[20];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i / 100.0;
        }

        ThresholdCurve curve = standardSweep(file, scores);

        assertThat(curve.size()).isEqualTo(18);
        assertThat(curve.point(1).threshold()).isEqualTo(0.19);
        assertThat(curve.point(17).threshold()).isEqualTo(0.03);
        assertThat(curve.point(17).fp()).isEqualTo(17);
    }
}

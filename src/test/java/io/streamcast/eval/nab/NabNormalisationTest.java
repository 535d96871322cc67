package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** NAB's normalised scale, end to end: the null detector scores 0 and the perfect detector 100. */
class NabNormalisationTest {

    @Test
    void shouldScoreTheNullDetectorZeroAndThePerfectDetectorHundredOnTheBundledFiles() throws IOException {
        assertNullIsZeroAndPerfectIsHundred(NabTestCorpora.bundled());
    }

    @Test
    @EnabledIf("io.streamcast.eval.nab.NabTestCorpora#sharedExists")
    void shouldScoreTheNullDetectorZeroAndThePerfectDetectorHundredOnTheSharedSubset() throws IOException {
        assertNullIsZeroAndPerfectIsHundred(NabTestCorpora.SHARED);
    }

    @Test
    void shouldAnchorTheNullScoreAtMissingEveryWindow() throws IOException {
        NabCorpus corpus = NabCorpus.load(NabTestCorpora.bundled());
        NabScorer scorer = new NabScorer(corpus, CostProfile.nabDefaults());

        // A constant detector either detects nothing or everything; on NAB's long files everything costs far
        // more in false positives than the windows earn, so its optimised score is every window missed.
        for (CostProfile profile : CostProfile.nabDefaults()) {
            assertThat(scorer.nullScore(profile)).isEqualTo(-profile.fnWeight() * corpus.windowCount());
            assertThat(scorer.perfectScore(profile)).isEqualTo(profile.tpWeight() * corpus.windowCount());
        }
    }

    private static void assertNullIsZeroAndPerfectIsHundred(Path root) throws IOException {
        NabCorpus corpus = NabCorpus.load(root);
        NabScorer scorer = new NabScorer(corpus, CostProfile.nabDefaults());
        Map<String, double[]> constant = new LinkedHashMap<>();
        Map<String, double[]> perfect = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files()) {
            double[] half = new double[file.length()];
            Arrays.fill(half, NabScorer.NULL_DETECTOR_SCORE);
            constant.put(file.relativePath(), half);
            double[] firstRows = new double[file.length()];
            for (int w = 0; w < file.windows().size(); w++) {
                firstRows[file.windowStartRow(w)] = 1.0;
            }
            perfect.put(file.relativePath(), firstRows);
        }

        NabReport nullReport = scorer.score("null", constant);
        NabReport perfectReport = scorer.score("perfect", perfect);

        for (ProfileScore p : nullReport.profiles()) {
            assertThat(p.normalisedScore()).as("null %s", p.profile().name()).isCloseTo(0.0, within(1e-9));
        }
        for (ProfileScore p : perfectReport.profiles()) {
            assertThat(p.normalisedScore()).as("perfect %s", p.profile().name()).isCloseTo(100.0, within(1e-9));
            assertThat(p.fp()).isZero();
            assertThat(p.tp()).isEqualTo(corpus.windowCount());
        }
        assertThat(perfectReport.summaryLine())
                .isEqualTo("nab standard=100.00 reward_low_FP_rate=100.00 reward_low_FN_rate=100.00");
    }
}

package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.eval.nab.NabTestCorpora.OfficialRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * NAB's official per-file scores of Numenta HTM's detections, reproduced from the detections at the
 * published threshold: every profile, every file, score to 1e-6 and every count exactly.
 */
class NabReferenceScoresTest {

    private static final double TOLERANCE = 1e-6;

    @Test
    void shouldReproduceOfficialScoresOfTheBundledReferenceFiles() throws IOException {
        double maxDifference = reproduce(NabTestCorpora.bundled(), 5);

        assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    @EnabledIf("io.streamcast.eval.nab.NabTestCorpora#sharedExists")
    void shouldReproduceOfficialScoresOfEveryFileOfTheSharedSubset() throws IOException {
        double maxDifference = reproduce(NabTestCorpora.SHARED, 44);

        assertThat(maxDifference).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Scores every official row and returns the largest score difference; counts must match exactly. */
    private static double reproduce(Path root, int expectedFiles) throws IOException {
        NabCorpus corpus = NabCorpus.load(root);
        assertThat(corpus.files()).hasSize(expectedFiles);
        Map<String, double[]> detections = NabResultsReader.readAll(NabTestCorpora.referenceResults(root),
                NabTestCorpora.REFERENCE_DETECTOR, corpus);
        List<CostProfile> profiles = CostProfile.load(root.resolve(NabCorpus.PROFILES_FILE));
        assertThat(profiles).containsExactlyElementsOf(CostProfile.nabDefaults());

        double maxDifference = 0;
        int compared = 0;
        for (CostProfile profile : profiles) {
            List<OfficialRow> official = NabTestCorpora.officialScores(root, profile.name());
            Set<String> seen = new HashSet<>();
            for (OfficialRow row : official) {
                NabDataFile file = corpus.file(row.file()).orElseThrow();
                FileScore ours = NabScorer.scoreFile(file, detections.get(row.file()), profile, row.threshold());

                assertThat(ours.score()).as("%s %s score", profile.name(), row.file())
                        .isCloseTo(row.score(), org.assertj.core.data.Offset.offset(TOLERANCE));
                assertThat(new int[] {ours.tp(), ours.tn(), ours.fp(), ours.fn(), ours.total()})
                        .as("%s %s TP, TN, FP, FN, total", profile.name(), row.file())
                        .containsExactly(row.tp(), row.tn(), row.fp(), row.fn(), row.total());
                maxDifference = Math.max(maxDifference, Math.abs(ours.score() - row.score()));
                seen.add(row.file());
                compared++;
            }
            assertThat(seen).as("official rows for %s cover the corpus", profile.name())
                    .containsExactlyInAnyOrderElementsOf(corpus.files().stream().map(NabDataFile::relativePath)
                            .toList());
        }
        System.out.printf("NAB reference (%s): %d file scores compared, max |score difference| = %.3g%n", root,
                compared, maxDifference);
        return maxDifference;
    }
}

package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is reported from per-file scores: a profile's counts summed over its files, the report's table and
 * profile lookup, and NAB's score files with their Totals row; all on small made-up numbers summed by hand.
 */
class NabReportTest {

    private static final FileScore X = new FileScore("cat/x.csv", 0.5, 1.25, 1, 2, 3, 4);
    private static final FileScore Y = new FileScore("cat/y.csv", 0.5, -0.5, 0, 5, 1, 2);

    @TempDir
    Path tmp;

    /** Raw 1.0 between a null score of -3 and a perfect 3: 100 (1 - -3) / (3 - -3) = 66.67. */
    private static ProfileScore standard() {
        return new ProfileScore(CostProfile.STANDARD, 0.5, 1.0, -3.0, 3.0, List.of(X, Y));
    }

    private static ProfileScore lowFn() {
        return new ProfileScore(CostProfile.REWARD_LOW_FN_RATE, 0.25, 0.0, -6.0, 3.0, List.of(Y));
    }

    @Test
    void shouldSumEachCountOverTheFiles() {
        ProfileScore profile = standard();

        assertThat(new int[] {profile.tp(), profile.tn(), profile.fp(), profile.fn()}).containsExactly(1, 7, 4, 6);
        assertThat(X.total()).isEqualTo(10);
    }

    @Test
    void shouldFindAProfileByItsName() {
        NabReport report = new NabReport("d", 2, 3, List.of(standard(), lowFn()));

        assertThat(report.profile("reward_low_FN_rate").orElseThrow().threshold()).isEqualTo(0.25);
        assertThat(report.profile("standard").orElseThrow().threshold()).isEqualTo(0.5);
        assertThat(report.profile("reward_low_FP_rate")).isEmpty();
    }

    @Test
    void shouldTabulateEachProfileWithItsNumbers() {
        NabReport report = new NabReport("numenta", 2, 3, List.of(standard()));

        List<String> lines = report.table().lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("detector numenta: 2 files, 3 labelled windows");
        assertThat(lines.get(1).split("\\s+")).containsExactly("profile", "threshold", "raw", "score", "null",
                "perfect", "normalised", "TP", "TN", "FP", "FN");
        assertThat(lines.get(2).split("\\s+")).containsExactly("standard", "0.500000000000", "1.000000", "-3.0000",
                "3.0000", "66.6667", "1", "7", "4", "6");
    }

    /** A corpus without labelled windows has no normalised score: the table says why, rather than print NaN alone. */
    @Test
    void shouldSayWhyACorpusWithoutLabelledWindowsHasNoNormalisedScore() {
        NabReport report = new NabReport("numenta", 2, 0, List.of(standard()));

        assertThat(report.table().lines().toList()).hasSize(4).last().asString()
                .startsWith("no labelled windows: ").contains("undefined (NaN)");
        assertThat(new NabReport("numenta", 2, 3, List.of(standard())).table()).doesNotContain("no labelled windows");
    }

    @Test
    void shouldEndTheScoreFileWithTheTotalsOfItsRows() {
        List<String> lines = NabScoresCsv.lines("numenta", standard());

        assertThat(lines).containsExactly(NabScoresCsv.HEADER,
                "numenta,standard,cat/x.csv,0.5,1.25,1,2,3,4,10",
                "numenta,standard,cat/y.csv,0.5,-0.5,0,5,1,2,8",
                // 1.25 - 0.5 = 0.75; 10 + 8 = 18 scored rows.
                "Totals,,,,0.75,1,7,4,6,18");
    }

    @Test
    void shouldWriteOneScoreFilePerProfile() throws IOException {
        NabReport report = new NabReport("numenta", 2, 3, List.of(standard(), lowFn()));

        List<Path> written = NabScoresCsv.write(tmp, report);

        assertThat(written).containsExactly(tmp.resolve("numenta_standard_scores.csv"),
                tmp.resolve("numenta_reward_low_FN_rate_scores.csv"));
        assertThat(Files.readAllLines(written.get(1))).last().isEqualTo("Totals,,,,-0.5,0,5,1,2,8");
    }

    @Test
    void shouldRefuseScoresOfTheWrongLengthFromAMap() {
        NabDataFile file = SyntheticFiles.file("a.csv", 20);

        assertThatThrownBy(() -> NabScores.of(file, Map.of(file.relativePath(), new double[19])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20 rows but 19");
    }

    @Test
    void shouldAnchorThePerfectScoreAtTheTrueWeightOfEveryWindow() {
        NabCorpus corpus = new NabCorpus(List.of(SyntheticFiles.file("a.csv", 100, new int[] {40, 49}),
                SyntheticFiles.file("b.csv", 100, new int[] {20, 29}, new int[] {60, 69})));
        CostProfile doubled = new CostProfile("doubled", 2.0, 0.11, 1.0);
        NabScorer scorer = new NabScorer(corpus, List.of(doubled));

        // Three windows worth 2 each.
        assertThat(scorer.perfectScore(doubled)).isEqualTo(6.0);
        assertThat(scorer.corpus()).isSameAs(corpus);
        assertThat(scorer.profiles()).containsExactly(doubled);
    }
}

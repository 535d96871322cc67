package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.app.cli.NabScoreCommand;
import io.streamcast.eval.nab.NabTestCorpora.OfficialRow;
import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nab-score} on Numenta HTM's reference detections at the published threshold prints NAB's official
 * per-file numbers, totals normalised from them, and ends with the summary line.
 */
class NabScoreCommandTest {

    private static final String OFFICIAL_THRESHOLD = "0.543099145074";

    @TempDir
    Path tmp;

    @Test
    void shouldPrintTheOfficialScoresOfTheBundledReferenceFiles() throws IOException {
        assertPrintsOfficialScores(NabTestCorpora.bundled());
    }

    @Test
    @EnabledIf("io.streamcast.eval.nab.NabTestCorpora#sharedExists")
    void shouldPrintTheOfficialScoresOfTheSharedSubset() throws IOException {
        assertPrintsOfficialScores(NabTestCorpora.SHARED);
    }

    @Test
    void shouldWritePlotsAndNabScoreFilesWhenAsked() throws IOException {
        Path root = NabTestCorpora.bundled();
        Path plots = tmp.resolve("plots");
        Path scores = tmp.resolve("scores");

        CommandRun run = run("--corpus", root.toString(), "--results", NabTestCorpora.referenceResults(root).toString(),
                "--detector", "numenta", "--plot", plots.toString(), "--scores-out", scores.toString());

        assertThat(run.exitCode()).isZero();
        try (Stream<Path> files = Files.walk(plots)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(5);
        }
        for (CostProfile profile : CostProfile.nabDefaults()) {
            List<String> lines = Files.readAllLines(scores.resolve("numenta_" + profile.name() + "_scores.csv"));
            assertThat(lines.get(0)).isEqualTo(NabScoresCsv.HEADER);
            assertThat(lines).hasSize(1 + 5 + 1);
            assertThat(lines.get(6)).startsWith("Totals,");
        }
        assertThat(run.lastLine()).startsWith("nab standard=");
    }

    /** One category leaves no other to choose its threshold on; its fold printed a default's score, exit status 0. */
    @Test
    void shouldRefuseToCrossValidateACorpusOfOneCategory() throws IOException {
        Path root = tmp.resolve("corpus");
        Path results = tmp.resolve("results");
        Files.createDirectories(root.resolve("data/only"));
        Files.createDirectories(root.resolve("labels"));
        Files.createDirectories(results.resolve("d/only"));
        Files.writeString(root.resolve("data/only/a.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n");
        Files.writeString(root.resolve("labels/combined_windows.json"), "{\"only/a.csv\": []}");
        Files.writeString(results.resolve("d/only/d_a.csv"),
                "timestamp,value,anomaly_score,label\n2020-01-01 00:00:00,1,0.5,0\n");

        CommandRun run = run("--corpus", root.toString(), "--results", results.toString(), "--detector", "d", "--cv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--cv").contains("one category (only, 1 file)");
        assertThat(run.out()).doesNotContain("cv standard=");
    }

    @Test
    void shouldCrossValidateTheThresholdOneCategoryAtATime() throws IOException {
        Path root = NabTestCorpora.bundled();
        NabCorpus corpus = NabCorpus.load(root);
        List<String> categories = corpus.files().stream().map(NabDataFile::category).distinct().toList();

        CommandRun run = run("--corpus", root.toString(), "--results", NabTestCorpora.referenceResults(root).toString(),
                "--detector", "numenta", "--cv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String cv = run.out().substring(run.out().indexOf("cross-validation"));
        List<String> folds = cv.lines().filter(l -> categories.stream().anyMatch(l::startsWith)).toList();
        assertThat(folds).hasSize(categories.size() * CostProfile.nabDefaults().size());
        assertThat(run.out()).containsPattern("(?m)^cv standard=\\d+\\.\\d\\d reward_low_FP_rate=");
        assertThat(run.lastLine()).startsWith("nab standard=");
    }

    @Test
    void shouldFailWithAMessageWhenAResultFileIsMissing() {
        CommandRun run = run("--corpus", NabTestCorpora.bundled().toString(), "--results", tmp.toString(), "--detector",
                "numenta");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no result file for").contains("numenta_").doesNotContain("\tat ");
    }

    private void assertPrintsOfficialScores(Path root) throws IOException {
        int files = NabCorpus.load(root).files().size();
        int windows = NabCorpus.load(root).windowCount();

        CommandRun run = run("--corpus", root.toString(), "--results", NabTestCorpora.referenceResults(root).toString(),
                "--detector", "numenta", "--threshold", OFFICIAL_THRESHOLD, "--per-file");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String[]> printed = new HashMap<>();
        run.out().lines().filter(l -> l.startsWith("numenta,")).forEach(l -> {
            String[] f = l.split(",");
            printed.put(f[1] + "|" + f[2], f);
        });
        assertThat(printed).hasSize(3 * files);
        StringBuilder expectedSummary = new StringBuilder("nab");
        for (CostProfile profile : CostProfile.nabDefaults()) {
            double officialTotal = 0;
            for (OfficialRow row : NabTestCorpora.officialScores(root, profile.name())) {
                String[] ours = printed.get(profile.name() + "|" + row.file());
                assertThat(ours).as(row.file()).isNotNull();
                assertThat(Double.parseDouble(ours[4])).isCloseTo(row.score(), within(1e-6));
                assertThat(Arrays.copyOfRange(ours, 5, 10)).containsExactly(String.valueOf(row.tp()),
                        String.valueOf(row.tn()), String.valueOf(row.fp()), String.valueOf(row.fn()),
                        String.valueOf(row.total()));
                officialTotal += row.score();
            }
            // NAB's scale: the null detector misses every window, the perfect one finds each at its first row.
            double nullScore = -profile.fnWeight() * windows;
            double perfect = profile.tpWeight() * windows;
            expectedSummary.append(String.format(Locale.ROOT, " %s=%.2f", profile.name(),
                    100 * (officialTotal - nullScore) / (perfect - nullScore)));
        }
        assertThat(run.lastLine()).isEqualTo(expectedSummary.toString());
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new NabScoreCommand(), args);
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcast.eval.NabCrossValidation;
import io.streamcast.testing.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval commands run through rows the stream would refuse and say in their reports how many they were. */
class EvalReportsTest {

    @TempDir
    Path dir;

    /** 400 five-minute rows; row 100 is NaN and row 300 is two hours late, beyond the default grace. */
    private List<String> rows() {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 400; i++) {
            int minutes = 5 * i - (i == 300 ? 120 : 0);
            String time = String.format("2020-01-%02d %02d:%02d:00", 1 + minutes / 1440, minutes / 60 % 24,
                    minutes % 60);
            lines.add(time + "," + (i == 100 ? "NaN" : Double.toString(10 + i % 13)));
        }
        return lines;
    }

    /** Two categories, "first" and "second", of one file of {@link #rows} each, with one labelled window. */
    private Path twoCategoryCorpus() throws IOException {
        Path corpus = dir.resolve("corpus");
        StringBuilder labels = new StringBuilder("{");
        for (String category : List.of("first", "second")) {
            Files.createDirectories(corpus.resolve("data/" + category));
            Files.write(corpus.resolve("data/" + category + "/series.csv"), rows());
            labels.append(labels.length() > 1 ? ", " : "").append('"').append(category)
                    .append("/series.csv\": [[\"2020-01-01 20:00:00.000000\", \"2020-01-01 22:00:00.000000\"]]");
        }
        Files.createDirectories(corpus.resolve("labels"));
        Files.writeString(corpus.resolve("labels/combined_windows.json"), labels.append('}').toString());
        return corpus;
    }

    /** A corpus directory with its data category {@code synthetic} and its labels' directory, both empty. */
    private Path emptyCorpus() throws IOException {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("data/synthetic"));
        Files.createDirectories(corpus.resolve("labels"));
        return corpus;
    }

    private Path settings() throws IOException {
        return Files.writeString(dir.resolve("eval.properties"), "training.enabled=false\n");
    }

    @Test
    void shouldReportTheRowsNabEvaluationRefusedAndFinish() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/refusals.csv"), rows());
        Files.writeString(corpus.resolve("labels/combined_windows.json"), "{\"synthetic/refusals.csv\": []}");

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 rows refused as the stream would (non-finite-value 1, out-of-order 1);"
                + " none has a score");
    }

    /**
     * A user's corpus with one file that cannot be read: the other file is replayed, scored and written, the broken
     * one is named with its line after the scores, and the exit status says the run was not over the whole corpus.
     */
    @Test
    void shouldScoreTheFilesItCanReadAndNameTheOneItCannot() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/readable.csv"), rows());
        Files.writeString(corpus.resolve("data/synthetic/broken.csv"),
                "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,12 %\n");
        Files.writeString(corpus.resolve("labels/combined_windows.json"),
                "{\"synthetic/readable.csv\": [], \"synthetic/broken.csv\": []}");
        Path results = dir.resolve("results");

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out", results.toString(),
                "--config", settings().toString());

        assertThat(run.exitCode()).isEqualTo(UserErrors.EXIT_USAGE);
        assertThat(run.out()).contains("1 files, 400 rows").contains("nab standard=");
        assertThat(results.resolve("streamcast/synthetic/streamcast_readable.csv")).exists();
        assertThat(results.resolve("streamcast/synthetic/streamcast_broken.csv")).doesNotExist();
        assertThat(run.err()).contains("1 of 2 data files could not be read")
                .contains("broken.csv:3: ").contains("12 %");
    }

    /**
     * A results root or plot directory that cannot be written is refused before the replay, which takes minutes on a
     * real corpus: both were written only after it, so the replay's work was lost to a mistyped path.
     */
    @Test
    void shouldRefuseAResultsRootThatIsAFileBeforeReplaying() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/readable.csv"), rows());
        Files.writeString(corpus.resolve("labels/combined_windows.json"), "{\"synthetic/readable.csv\": []}");
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a directory\n");

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out", file.toString(),
                "--config", settings().toString());

        assertThat(run.exitCode()).isEqualTo(UserErrors.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("File error: " + file + ": is a file, where a directory is needed");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseAPlotDirectoryThatIsAFileBeforeWritingAnyResult() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/readable.csv"), rows());
        Files.writeString(corpus.resolve("labels/combined_windows.json"), "{\"synthetic/readable.csv\": []}");
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a directory\n");
        Path results = dir.resolve("results");

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out", results.toString(),
                "--plot", file.toString(), "--config", settings().toString());

        assertThat(run.exitCode()).isEqualTo(UserErrors.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("File error: " + file + ": is a file, where a directory is needed");
        assertThat(results.resolve("streamcast")).as("no file replayed, none written").doesNotExist();
    }

    /**
     * A plot that cannot be written (a directory in the way of its PNG) is said in one line after the figures, exit
     * status 1: it ended the command before the table and every line after it.
     */
    @Test
    void shouldPrintEveryFigureWhenAPlotCannotBeWrittenAndSayItInOneLine() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/readable.csv"), rows());
        Files.writeString(corpus.resolve("labels/combined_windows.json"), "{\"synthetic/readable.csv\": []}");
        Path plots = dir.resolve("plots");
        Path inTheWay = Files.createDirectories(plots.resolve("synthetic/streamcast_readable.png"));

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--plot", plots.toString(), "--config", settings().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("nab standard=").contains("alarms-by-cause-persistence");
        // the reason in the system's words ("Is a directory")
        assertThat(run.err()).startsWith("Plot error: " + inTheWay + ": ").containsIgnoringCase("is a directory")
                .endsWith("; the figures are printed, not that plot\n").hasLineCount(1);
    }

    /**
     * A named pipe in place of a data file: eval nab and nab-score each refuse the corpus in one line naming it, exit
     * status 2, before a file is replayed or scored. Both hung, reading the pipe; a score over the other files would
     * pass for the whole corpus's.
     */
    @Test
    void shouldRefuseACorpusWithANamedPipeForADataFileBeforeReplayingIt() throws Exception {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/readable.csv"), rows());
        Path pipe = corpus.resolve("data/synthetic/pipe.csv");
        assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo made no pipe");
        Files.writeString(corpus.resolve("labels/combined_windows.json"),
                "{\"synthetic/readable.csv\": [], \"synthetic/pipe.csv\": []}");
        String refusal = "File error: " + pipe + ": not a regular file (a named pipe, a device or a socket)";

        // bounded: unmended, each command blocks for good reading the pipe
        CommandRun nab = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.of(new NabCommand(),
                "--corpus", corpus.toString(), "--out", dir.resolve("results").toString(), "--config",
                settings().toString()));
        CommandRun score = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.of(
                new NabScoreCommand(), "--corpus", corpus.toString(), "--results", dir.resolve("results").toString(),
                "--detector", "streamcast"));

        assertThat(nab.exitCode()).isEqualTo(UserErrors.EXIT_USAGE);
        assertThat(nab.err().strip()).isEqualTo(refusal);
        assertThat(nab.out()).as("refused before any file was replayed").isEmpty();
        assertThat(score.exitCode()).isEqualTo(UserErrors.EXIT_USAGE);
        assertThat(score.err().strip()).isEqualTo(refusal);
        assertThat(score.out()).isEmpty();
    }

    /**
     * With training off the model's forecasts are persistence's, so the cross-validated scores of the two must be
     * equal and the bootstrap interval of the model's gain over persistence must be exactly zero.
     */
    /**
     * Leaving one category out leaves nothing to choose a threshold on when there is one: the fold took a default and
     * printed {@code cv standard=0.00}, exit status 0, after the whole replay. It is refused before the replay.
     */
    @Test
    void shouldRefuseToCrossValidateACorpusOfOneCategoryBeforeReplaying() throws IOException {
        Path corpus = emptyCorpus();
        Files.write(corpus.resolve("data/synthetic/a.csv"), rows());
        Files.write(corpus.resolve("data/synthetic/b.csv"), rows());
        Files.writeString(corpus.resolve("labels/combined_windows.json"),
                "{\"synthetic/a.csv\": [], \"synthetic/b.csv\": []}");

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString(), "--cv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--cv").contains("one category (synthetic, 2 files)");
        assertThat(run.out()).doesNotContain("rows in");
    }

    @Test
    void shouldCrossValidateAndBootstrapTheModelsGainOverPersistence() throws IOException {
        Path corpus = twoCategoryCorpus();

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString(), "--cv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String cv = line(run.out(), "cv ");
        assertThat(line(run.out(), "cv-persistence ")).isEqualTo(cv.replaceFirst("^cv ", "cv-persistence "));
        assertThat(line(run.out(), "cv-bootstrap ")).contains(" standard=").contains(" gain=+0.00 (0.00..0.00)");
    }

    /**
     * Each held-out fold's anomalies are written apart from the results at the configured threshold: with equal
     * spikes every 30 events, the refractory period (100 events) holds most back, and only the anomalies the fold
     * scored have a score there.
     */
    @Test
    void shouldWriteTheAnomaliesEachHeldOutFoldScored() throws IOException {
        Path corpus = dir.resolve("corpus");
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        java.util.Random noise = new java.util.Random(3);
        for (int i = 0; i < 1_500; i++) {
            int minutes = 5 * i;
            lines.add(String.format("2020-01-%02d %02d:%02d:00", 1 + minutes / 1440, minutes / 60 % 24, minutes % 60)
                    + "," + (10 + noise.nextGaussian() + (i >= 400 && i % 30 == 0 ? 40 : 0)));
        }
        StringBuilder labels = new StringBuilder("{");
        for (String category : List.of("first", "second")) {
            Files.createDirectories(corpus.resolve("data/" + category));
            Files.write(corpus.resolve("data/" + category + "/series.csv"), lines);
            labels.append(labels.length() > 1 ? ", " : "").append('"').append(category)
                    .append("/series.csv\": [[\"2020-01-02 09:00:00.000000\", \"2020-01-02 11:00:00.000000\"]]");
        }
        Files.createDirectories(corpus.resolve("labels"));
        Files.writeString(corpus.resolve("labels/combined_windows.json"), labels.append('}').toString());

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString(), "--cv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String category : List.of("first", "second")) {
            List<String> rows = Files.readAllLines(dir.resolve("results/streamcast-cv/" + category
                    + "/streamcast-cv_series.csv"));
            List<Integer> anomalies = new ArrayList<>();
            for (int i = 1; i < rows.size(); i++) {
                if (Double.parseDouble(rows.get(i).split(",")[2]) > 0) {
                    anomalies.add(i - 1);
                }
            }
            assertThat(anomalies).as(category).isNotEmpty();
            for (int k = 1; k < anomalies.size(); k++) {
                assertThat(anomalies.get(k) - anomalies.get(k - 1)).as(category).isGreaterThanOrEqualTo(100);
            }
        }
    }

    /**
     * With training off, the seed changes nothing, so both values score alike: each value's own line and the nested
     * line agree, and every fold takes the first of the equals.
     */
    @Test
    void shouldChooseASettingByNestedCrossValidation() throws IOException {
        Path corpus = twoCategoryCorpus();

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString(), "--cv", "--vary",
                "training.seed=1,2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String cv = line(run.out(), "cv ");
        assertThat(line(run.out(), "cv[training.seed=1] ")).isEqualTo(cv.replaceFirst("^cv ", "cv[training.seed=1] "));
        assertThat(line(run.out(), "cv[training.seed=2] ")).isEqualTo(cv.replaceFirst("^cv ", "cv[training.seed=2] "));
        assertThat(run.out().lines().filter(l -> l.startsWith("first ") || l.startsWith("second ")))
                .hasSize(2 * 3 * 2).allSatisfy(l -> assertThat(l).endsWith("  training.seed=1"));
    }

    /**
     * With training off, the seed changes nothing: each seed's line is the configured seed's, and their mean is that
     * score with no spread and no gain over persistence. A seed listed twice, or equal to the configured one (42), runs
     * once.
     */
    @Test
    void shouldReplayEachTrainingSeedAndAverageTheirCrossValidatedScores() throws IOException {
        Path corpus = twoCategoryCorpus();

        CommandRun run = CommandRun.of(new NabCommand(), "--corpus", corpus.toString(), "--out",
                dir.resolve("results").toString(), "--config", settings().toString(), "--cv", "--seeds", "7,42,7,11");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String cv = line(run.out(), "cv ");
        assertThat(run.out().lines().filter(l -> l.startsWith("cv[training.seed="))).hasSize(2);
        assertThat(line(run.out(), "cv[training.seed=7] ")).startsWith(cv.replaceFirst("^cv ", "cv[training.seed=7] "));
        assertThat(line(run.out(), "cv[training.seed=11] "))
                .startsWith(cv.replaceFirst("^cv ", "cv[training.seed=11] "));
        String standard = cv.replaceFirst("^cv standard=([-0-9.]+) .*", "$1");
        assertThat(line(run.out(), "cv-seeds ")).startsWith("cv-seeds n=3 standard=" + standard + " (sd 0.00, "
                + standard + ".." + standard + ") gain=+0.00 ").endsWith(" seeds=42,7,11");
        // each seed's held-out categories score as the configured seed's do in its fold table
        List<String[]> folds = run.out().lines().takeWhile(l -> !l.startsWith("cross-validation, persistence"))
                .map(l -> l.trim().split("\\s+")).filter(f -> f.length == 6 && f[2].equals("standard")).toList();
        assertThat(folds).hasSize(2);
        String seedFolds = folds.stream().map(f -> f[0] + " " + f[5]).collect(Collectors.joining(", "));
        assertThat(line(run.out(), "folds[training.seed=7] "))
                .isEqualTo("folds[training.seed=7] standard: " + seedFolds);
        assertThat(line(run.out(), "folds[training.seed=11] ")).isEqualTo("folds[training.seed=11] standard: "
                + seedFolds);
        assertThat(line(run.out(), "cv-seeds-folds ")).isEqualTo("cv-seeds-folds standard: " + folds.stream()
                .map(f -> f[0] + " " + f[5] + " (" + f[5] + ".." + f[5] + ")").collect(Collectors.joining(", ")));
    }

    /**
     * Two seeds' folds, worked by hand: category a normalised 75 (raw 1 between a null score of -2 and a perfect 2)
     * and 50 (raw 0), mean 62.5; category b has no windows and is shown raw, -0.1 and -0.3; the other profile's folds
     * are left out.
     */
    @Test
    void shouldSummariseEachHeldOutCategoryOverTheSeeds() {
        NabCrossValidation.Result first = result(fold("a", "standard", 1), fold("b", "standard", -0.1),
                fold("a", "reward_low_FP_rate", -2));
        NabCrossValidation.Result second = result(fold("a", "standard", 0), fold("b", "standard", -0.3),
                fold("a", "reward_low_FP_rate", 2));

        assertThat(first.foldsLine("folds[training.seed=7]", "standard"))
                .isEqualTo("folds[training.seed=7] standard: a 75.00, b raw -0.10");
        assertThat(NabCommand.seedFoldsLine(List.of(first, second), "standard"))
                .isEqualTo("cv-seeds-folds standard: a 62.50 (50.00..75.00), b raw -0.20 (-0.30..-0.10)");
    }

    private static NabCrossValidation.Result result(NabCrossValidation.Fold... folds) {
        return new NabCrossValidation.Result(List.of(folds), Map.of(), null);
    }

    /** Category a has windows (null score -2, perfect 2); b has none (both 0). */
    private static NabCrossValidation.Fold fold(String category, String profile, double raw) {
        double bound = category.equals("a") ? 2 : 0;
        return new NabCrossValidation.Fold(category, 1, profile, "", 0.5, raw, -bound, bound);
    }

    /** Three seeds' pooled scores, worked by hand: mean 73, sample standard deviation 1, persistence 71. */
    @Test
    void shouldSummariseTheSeedsByTheirMeanSpreadAndGain() {
        String line = NabCommand.seedsLine(List.of(Map.of("standard", 74.0), Map.of("standard", 72.0),
                Map.of("standard", 73.0)), Map.of("standard", 71.0));

        assertThat(line).isEqualTo("cv-seeds n=3 standard=73.00 (sd 1.00, 72.00..74.00) gain=+2.00");
    }

    @Test
    void shouldRefuseSeedsWithoutCrossValidationOrBesideVary() throws IOException {
        Path corpus = twoCategoryCorpus();
        String[] common = {"--corpus", corpus.toString(), "--out", dir.resolve("results").toString(), "--config",
                settings().toString(), "--seeds", "7"};

        CommandRun alone = CommandRun.of(new NabCommand(), common);
        CommandRun withVary = CommandRun.of(new NabCommand(),
                concat(common, "--cv", "--vary", "anomaly.threshold=0.02,0.03"));

        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--seeds needs --cv and no --vary");
        assertThat(withVary.exitCode()).isEqualTo(2);
        assertThat(withVary.err()).contains("--seeds needs --cv and no --vary");
    }

    @Test
    void shouldRefuseAMalformedOrLoneVary() throws IOException {
        Path corpus = twoCategoryCorpus();
        String[] common = {"--corpus", corpus.toString(), "--out", dir.resolve("results").toString(), "--config",
                settings().toString()};

        CommandRun malformed = CommandRun.of(new NabCommand(), concat(common, "--cv", "--vary", "training.seed"));
        CommandRun alone = CommandRun.of(new NabCommand(), concat(common, "--vary", "training.seed=1,2"));

        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--vary takes KEY=V1,V2,...").contains("'training.seed'");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--vary needs --cv");
    }

    /** With training off no stream has a model, so replaying each category as one stream changes no score. */
    @Test
    void shouldReplayEachCategoryAsOneStreamOnRequestAndRefuseAnotherLayout() throws IOException {
        Path corpus = twoCategoryCorpus();
        String[] common = {"--corpus", corpus.toString(), "--out", dir.resolve("results").toString(), "--config",
                settings().toString(), "--cv"};

        CommandRun byFile = CommandRun.of(new NabCommand(), common);
        CommandRun byCategory = CommandRun.of(new NabCommand(), concat(common, "--streams", "category"));
        CommandRun other = CommandRun.of(new NabCommand(), concat(common, "--streams", "key"));

        assertThat(byCategory.exitCode()).as(byCategory.err()).isZero();
        assertThat(line(byCategory.out(), "cv ")).isEqualTo(line(byFile.out(), "cv "));
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("--streams").contains("'key' is not file or category");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new AssertionError("no line starting with '" + prefix + "' in:\n" + out));
    }

    @Test
    void shouldReportTheRowsForecastEvaluationRefusedAndFinish() throws IOException {
        Path csv = Files.write(dir.resolve("series.csv"), rows());

        CommandRun run = CommandRun.of(new ForecastCommand(), "--csv", csv.toString(), "--horizon", "1",
                "--season-days", "1", "--config", settings().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 rows refused as the stream would (non-finite-value 1, out-of-order 1);"
                + " not scored");
    }

    @Test
    void shouldScoreEveryKeyOfADirectoryAndPoolThem() throws IOException {
        Path series = Files.createDirectories(dir.resolve("series"));
        Files.write(series.resolve("first.csv"), rows());
        Files.write(series.resolve("second.csv"), rows());

        CommandRun run = CommandRun.of(new ForecastCommand(), "--dir", series.toString(), "--horizon", "2",
                "--season-days", "1", "--config", settings().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 keys, 800 rows", "4 rows refused as the stream would",
                "\nfirst: scored rows", "\nsecond: scored rows", "all keys",
                "gm-mase the geometric mean of the keys' MASE", "forecast keys=2 horizon=2 ")
                .containsPattern("forecast keys=2 horizon=2 mape=\\S+ nrmse=\\S+ gm_mase=");
    }

    @Test
    void shouldReadTheKeysOfACsvWithAKeyColumn() throws IOException {
        List<String> keyed = new ArrayList<>(List.of("timestamp,host,value"));
        List<String> plain = rows();
        for (String host : List.of("x", "y")) {
            for (String row : plain.subList(1, plain.size())) {
                String[] fields = row.split(",");
                keyed.add(fields[0] + "," + host + "," + fields[1]);
            }
        }
        Path csv = Files.write(dir.resolve("keyed.csv"), keyed);

        CommandRun run = CommandRun.of(new ForecastCommand(), "--csv", csv.toString(), "--key-column", "host",
                "--horizon", "1", "--season-days", "1", "--config", settings().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 keys, 800 rows", "\nx: scored rows", "\ny: scored rows");
    }

    @Test
    void shouldRefuseAKeyColumnTheHeaderLacks() throws IOException {
        Path csv = Files.write(dir.resolve("series.csv"), rows());

        CommandRun run = CommandRun.of(new ForecastCommand(), "--csv", csv.toString(), "--key-column", "host",
                "--config", settings().toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("host");
    }
}

package io.streamcast.eval;

import io.streamcast.anomaly.AlarmRule;
import io.streamcast.eval.nab.CostProfile;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.eval.nab.NabScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Leave-one-category-out cross-validation of a detector on a NAB corpus, the figure that cannot flatter it: for
 * each category, the threshold is the one that scores best on the other categories (the stream's alarms replayed
 * at each threshold tried, refractory periods included), and the held-out category is scored at it. The held-out
 * raw scores of all categories are pooled and normalised as NAB normalises a corpus score, per profile.
 *
 * <p>Other tunable choices are made the same way ({@link #nested}): given the scores of several candidate settings,
 * each fold takes the candidate and threshold that score best together on the other categories, so a setting
 * picked by this figure is held out as the threshold is.
 *
 * <p>Thresholds tried: a fixed grid, geometric from 1e-4 to 0.99, which depends on no label. Not the configured
 * threshold: it was chosen on every category, the held-out one among them, and a fold that took it would score its
 * category at a threshold that category helped to choose.
 */
public final class NabCrossValidation {

    /**
     * One held-out category under one profile, scored with the candidate {@code choice} (its label; empty when
     * there was one candidate) at {@code threshold}.
     */
    public record Fold(String category, int files, String profile, String choice, double threshold, double rawScore,
                       double nullScore, double perfectScore) {

        /** The category's own normalised score; NaN for a category without labelled windows. */
        public double normalisedScore() {
            return perfectScore > nullScore ? 100 * (rawScore - nullScore) / (perfectScore - nullScore) : Double.NaN;
        }

        /** Whether the category has labelled windows, so that its score is normalised. */
        public boolean hasWindows() {
            return perfectScore > nullScore;
        }

        /** The score a summary line shows: normalised, or raw for a category without labelled windows. */
        public double shownScore() {
            return hasWindows() ? normalisedScore() : rawScore;
        }

        /** {@link #shownScore} with two decimals, {@code raw} before it when it is the raw score. */
        public String shownText() {
            return String.format(Locale.ROOT, hasWindows() ? "%.2f" : "raw %.2f", shownScore());
        }
    }

    /**
     * Every file's share of the pooled score, per profile: its held-out raw score (at the threshold its fold chose),
     * and the raw scores the null and the perfect detector get on it. A pooled score is the normalised sum of these
     * over files, so resampling files resamples it ({@link CrossValidationBootstrap}).
     */
    public record FileScores(List<String> categories, Map<String, double[]> raw, Map<String, NullOutcomes> nulls,
                             Map<String, double[]> perfects) {
    }

    /**
     * Per file, what the null detector scores silent and alarming ({@link NabScorer#nullOutcomes}). Why not one null
     * score per file: NAB scores the null detector at one threshold for the whole set, so a set's null is the better
     * of the two sums; the sum of each file's better one is higher wherever files prefer different outcomes, and
     * normalised against it a detector scores lower than NAB would give it.
     */
    public record NullOutcomes(double[] silent, double[] alarming) {

        /** The null score of the files {@code files} (indices, repeats counted) scored together. */
        public double over(int[] files) {
            double silentSum = 0;
            double alarmingSum = 0;
            for (int f : files) {
                silentSum += silent[f];
                alarmingSum += alarming[f];
            }
            return Math.max(silentSum, alarmingSum);
        }

        double over(List<Integer> files) {
            return over(files.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** The folds, the pooled normalised score per profile, and each file's share of it. */
    public record Result(List<Fold> folds, Map<String, Double> pooled, FileScores files) {

        /** One line, e.g. {@code cv standard=70.10 reward_low_FP_rate=63.12 reward_low_FN_rate=74.32}. */
        public String summaryLine(String label) {
            StringBuilder line = new StringBuilder(label);
            pooled.forEach((profile, score) -> line.append(String.format(Locale.ROOT, " %s=%.2f", profile, score)));
            return line.toString();
        }

        /**
         * One line of each held-out category's own score under {@code profile}, in fold order, e.g. {@code
         * folds[training.seed=7] standard: artificialNoAnomaly raw 0.00, realTweets 79.18}: normalised, or raw for a
         * category without labelled windows.
         */
        public String foldsLine(String label, String profile) {
            return label + " " + profile + ": " + folds.stream().filter(f -> f.profile().equals(profile))
                    .map(f -> f.category() + " " + f.shownText())
                    .collect(Collectors.joining(", "));
        }

        /** A table: one row per held-out category and profile, with the candidate chosen when there were several. */
        public String table() {
            boolean choices = folds.stream().anyMatch(f -> !f.choice().isEmpty());
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %5s %-20s %10s %10s %11s%s%n",
                    "held-out category", "files", "profile", "threshold", "raw score", "normalised",
                    choices ? "  chosen" : ""));
            for (Fold f : folds) {
                out.append(String.format(Locale.ROOT, "%-24s %5d %-20s %10.5f %10.4f %11s%s%n", f.category(),
                        f.files(), f.profile(), f.threshold(), f.rawScore(), Double.isNaN(f.normalisedScore())
                                ? "(no windows)" : String.format(Locale.ROOT, "%.2f", f.normalisedScore()),
                        choices ? "  " + f.choice() : ""));
            }
            return out.toString();
        }
    }

    private static final int GRID = 400;

    private NabCrossValidation() {
    }

    /**
     * @param scores           the step's score per row of every file (NaN for refused rows), keyed by NAB's
     *                         relative path
     * @param rule   the rule the alarms are replayed with at every threshold tried
     */
    public static Result run(NabCorpus corpus, List<CostProfile> profiles, Map<String, double[]> scores,
                             AlarmRule rule) {
        return nested(corpus, profiles, List.of(new Candidate("", scores, rule)));
    }

    /**
     * Refuses a corpus of one category: held out, it leaves no other category to choose its threshold on, and its
     * fold was scored at a default threshold that passed for a cross-validated score.
     *
     * @throws IllegalArgumentException naming the category and how many files it holds
     */
    public static void requireFolds(NabCorpus corpus) {
        List<String> categories = corpus.files().stream().map(NabDataFile::category).distinct().toList();
        if (categories.size() < 2) {
            long files = corpus.files().size();
            throw new IllegalArgumentException("--cv leaves out one category at a time and chooses its threshold on"
                    + " the others, but the corpus has one category (" + String.join("", categories) + ", " + files
                    + (files == 1 ? " file" : " files") + "): put the files in two categories or more"
                    + " (data/<category>/<file>.csv), or leave out --cv");
        }
    }

    /**
     * One candidate setting: its label, the step's scores with it (as {@link #run} takes them) and the rule its
     * alarms are replayed with (at every threshold tried).
     */
    public record Candidate(String label, Map<String, double[]> scores, AlarmRule rule) {
    }

    /**
     * Cross-validation of a choice among candidate settings: each fold is scored with the candidate and threshold
     * that score best on the other categories (of equals, the earliest candidate and the highest threshold).
     *
     * @param candidates in order of preference
     */
    public static Result nested(NabCorpus corpus, List<CostProfile> profiles, List<Candidate> candidates) {
        requireFolds(corpus);
        double[] thresholds = thresholds();
        List<NabDataFile> files = corpus.files();
        // raw[c][t][p][f]: file f's raw score under profile p with candidate c's alarms at threshold t
        double[][][][] raw = new double[candidates.size()][][][];
        for (int c = 0; c < candidates.size(); c++) {
            Candidate candidate = candidates.get(c);
            raw[c] = rawScores(files, profiles, candidate.scores(), thresholds, candidate.rule());
        }
        // What the null and the perfect detector score on each file: a set's perfect score is their sum, its null
        // score the better of its files' summed outcomes
        NullOutcomes[] nullOf = new NullOutcomes[profiles.size()];
        double[][] perfectOf = new double[profiles.size()][files.size()];
        for (int p = 0; p < profiles.size(); p++) {
            double[] silent = new double[files.size()];
            double[] alarming = new double[files.size()];
            for (int f = 0; f < files.size(); f++) {
                double[] outcomes = NabScorer.nullOutcomes(files.get(f), profiles.get(p));
                silent[f] = outcomes[0];
                alarming[f] = outcomes[1];
                perfectOf[p][f] = files.get(f).windows().size() * profiles.get(p).tpWeight();
            }
            nullOf[p] = new NullOutcomes(silent, alarming);
        }
        Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
        for (int f = 0; f < files.size(); f++) {
            byCategory.computeIfAbsent(files.get(f).category(), c -> new ArrayList<>()).add(f);
        }
        List<Fold> folds = new ArrayList<>();
        Map<String, Double> pooled = new LinkedHashMap<>();
        Map<String, double[]> fileRaw = new LinkedHashMap<>();
        Map<String, NullOutcomes> fileNull = new LinkedHashMap<>();
        Map<String, double[]> filePerfect = new LinkedHashMap<>();
        for (int p = 0; p < profiles.size(); p++) {
            CostProfile profile = profiles.get(p);
            double[] rawOfFile = new double[files.size()];
            double pooledRaw = 0;
            double pooledPerfect = 0;
            for (Map.Entry<String, List<Integer>> category : byCategory.entrySet()) {
                List<Integer> heldOut = category.getValue();
                int[] best = bestChoice(raw, p, heldOut);
                double[] chosen = raw[best[0]][best[1]][p];
                double heldOutRaw = 0;
                double heldOutPerfect = 0;
                for (int f : heldOut) {
                    rawOfFile[f] = chosen[f];
                    heldOutRaw += rawOfFile[f];
                    heldOutPerfect += perfectOf[p][f];
                }
                double heldOutNull = nullOf[p].over(heldOut);
                pooledRaw += heldOutRaw;
                pooledPerfect += heldOutPerfect;
                folds.add(new Fold(category.getKey(), heldOut.size(), profile.name(), candidates.get(best[0]).label(),
                        thresholds[best[1]], heldOutRaw, heldOutNull, heldOutPerfect));
            }
            double pooledNull = nullOf[p].over(IntStream.range(0, files.size()).toArray());
            pooled.put(profile.name(), 100 * (pooledRaw - pooledNull) / (pooledPerfect - pooledNull));
            fileRaw.put(profile.name(), rawOfFile);
            fileNull.put(profile.name(), nullOf[p]);
            filePerfect.put(profile.name(), perfectOf[p]);
        }
        List<String> categories = files.stream().map(NabDataFile::category).toList();
        return new Result(folds, pooled, new FileScores(categories, fileRaw, fileNull, filePerfect));
    }

    /** {@code [t][p][f]}: file f's raw score under profile p with the alarms replayed at threshold t. */
    private static double[][][] rawScores(List<NabDataFile> files, List<CostProfile> profiles,
                                          Map<String, double[]> scores, double[] thresholds, AlarmRule rule) {
        double[][][] raw = new double[thresholds.length][profiles.size()][files.size()];
        for (int t = 0; t < thresholds.length; t++) {
            for (int f = 0; f < files.size(); f++) {
                NabDataFile file = files.get(f);
                double[] alarms = DetectorScores.alarmScores(scores.get(file.relativePath()),
                        rule.withThreshold(thresholds[t]));
                for (int p = 0; p < profiles.size(); p++) {
                    raw[t][p][f] = NabScorer.scoreFile(file, alarms, profiles.get(p), thresholds[t]).score();
                }
            }
        }
        return raw;
    }

    /**
     * The candidate and threshold, {@code {c, t}}, scoring best on every file but {@code heldOut}: of equals, the
     * earliest candidate and the highest threshold.
     */
    private static int[] bestChoice(double[][][][] raw, int p, List<Integer> heldOut) {
        int[] best = {-1, -1};
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < raw.length; c++) {
            for (int t = raw[c].length - 1; t >= 0; t--) {
                double sum = 0;
                for (int f = 0; f < raw[c][t][p].length; f++) {
                    if (!heldOut.contains(f)) {
                        sum += raw[c][t][p][f];
                    }
                }
                if (sum > bestScore) {
                    bestScore = sum;
                    best = new int[] {c, t};
                }
            }
        }
        return best;
    }

    /** The thresholds tried, ascending. */
    static double[] thresholds() {
        TreeSet<Double> grid = new TreeSet<>();
        double low = Math.log(1e-4);
        double high = Math.log(0.99);
        for (int i = 0; i < GRID; i++) {
            grid.add(Math.exp(low + (high - low) * i / (GRID - 1)));
        }
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

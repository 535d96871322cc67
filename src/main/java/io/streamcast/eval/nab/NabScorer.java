package io.streamcast.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a detector's per-row anomaly scores on a corpus the way NAB does (numenta/NAB {@code nab/sweeper.py},
 * {@code nab/optimizer.py}, {@code nab/scorer.py}, and the normalisation of {@code nab/runner.py}):
 * <ol>
 *   <li>per profile, the threshold is optimised once for the whole corpus: the rows of all files are swept
 *       together and the threshold with the highest summed score wins (the highest threshold on a tie);</li>
 *   <li>every file is scored at that threshold: rows scoring at or above it are detections; probation rows are
 *       skipped; each window earns the weighted sigmoid of its earliest detection or costs {@code fnWeight};
 *       each detection outside windows costs {@code fpWeight} times the sigmoid of its distance after the
 *       preceding window (the full weight before any window);</li>
 *   <li>the raw corpus score is normalised to {@code 100 (raw - null) / (perfect - null)}, where null is the
 *       score of NAB's null detector (a constant 0.5, itself at its optimised threshold) and perfect is
 *       {@code tpWeight} for every labelled window.</li>
 * </ol>
 * Instances are immutable apart from a cache of the null scores and can be shared between threads.
 */
public final class NabScorer {

    /** NAB's null detector gives every row this score. */
    static final double NULL_DETECTOR_SCORE = 0.5;

    private final NabCorpus corpus;
    private final List<CostProfile> profiles;
    private final Map<String, Double> nullScores = new HashMap<>();

    public NabScorer(NabCorpus corpus, List<CostProfile> profiles) {
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        this.profiles = List.copyOf(profiles);
        if (this.profiles.isEmpty()) {
            throw new IllegalArgumentException("no scoring profiles");
        }
    }

    public NabCorpus corpus() {
        return corpus;
    }

    public List<CostProfile> profiles() {
        return profiles;
    }

    /**
     * Optimises each profile's threshold over the corpus and scores every file at it.
     *
     * @param anomalyScores one score per row for every corpus file, keyed by NAB's {@code category/name}
     */
    public NabReport score(String detector, Map<String, double[]> anomalyScores) {
        ScorableRows rows = ScorableRows.of(corpus.files(), anomalyScores);
        List<ProfileScore> results = new ArrayList<>();
        for (CostProfile profile : profiles) {
            double threshold = ThresholdSweep.sweep(rows, profile).best().threshold();
            results.add(scoreProfile(anomalyScores, profile, threshold));
        }
        return new NabReport(detector, corpus.files().size(), corpus.windowCount(), results);
    }

    /** Scores every profile at one given threshold, e.g. a detector's published one. */
    public NabReport scoreAt(String detector, Map<String, double[]> anomalyScores, double threshold) {
        Map<String, Double> thresholds = new HashMap<>();
        profiles.forEach(p -> thresholds.put(p.name(), threshold));
        return scoreAt(detector, anomalyScores, thresholds);
    }

    /** Scores each profile at its given threshold, keyed by profile name. */
    public NabReport scoreAt(String detector, Map<String, double[]> anomalyScores, Map<String, Double> thresholds) {
        List<ProfileScore> results = new ArrayList<>();
        for (CostProfile profile : profiles) {
            Double threshold = thresholds.get(profile.name());
            if (threshold == null) {
                throw new IllegalArgumentException("no threshold for profile " + profile.name());
            }
            results.add(scoreProfile(anomalyScores, profile, threshold));
        }
        return new NabReport(detector, corpus.files().size(), corpus.windowCount(), results);
    }

    /** The corpus-wide score at every threshold for one profile. */
    public ThresholdCurve sweep(Map<String, double[]> anomalyScores, CostProfile profile) {
        return ThresholdSweep.sweep(ScorableRows.of(corpus.files(), anomalyScores), profile);
    }

    /** The threshold NAB's optimiser picks for one profile, with the corpus score it reaches. */
    public ThresholdPoint optimiseThreshold(Map<String, double[]> anomalyScores, CostProfile profile) {
        return sweep(anomalyScores, profile).best();
    }

    /** The raw score of NAB's null detector under the profile: the zero of the normalised scale. */
    public synchronized double nullScore(CostProfile profile) {
        return nullScores.computeIfAbsent(profile.name(), name -> ThresholdSweep.sweep(
                ScorableRows.constant(corpus.files(), NULL_DETECTOR_SCORE), profile).best().score());
    }

    /**
     * The null detector's raw score on one file at each of its two outcomes: {@code [0]} silent (a threshold above its
     * constant score: every window missed) and {@code [1]} alarming (every row an alarm). NAB chooses one threshold
     * for a whole set of files, so a set's null score is the better of the two sums, not the sum of each file's
     * better one ({@link io.streamcast.eval.NabCrossValidation.NullOutcomes}).
     */
    public static double[] nullOutcomes(NabDataFile file, CostProfile profile) {
        double[] constant = new double[file.length()];
        Arrays.fill(constant, NULL_DETECTOR_SCORE);
        return new double[] {scoreFile(file, constant, profile, Math.nextUp(NULL_DETECTOR_SCORE)).score(),
                scoreFile(file, constant, profile, NULL_DETECTOR_SCORE).score()};
    }

    /** The raw score of a detector that finds every window at its first row: the 100 of the normalised scale. */
    public double perfectScore(CostProfile profile) {
        return corpus.windowCount() * profile.tpWeight();
    }

    private ProfileScore scoreProfile(Map<String, double[]> anomalyScores, CostProfile profile, double threshold) {
        List<FileScore> files = new ArrayList<>(corpus.files().size());
        double raw = 0;
        for (NabDataFile file : corpus.files()) {
            FileScore score = scoreFile(file, NabScores.of(file, anomalyScores), profile, threshold);
            files.add(score);
            raw += score.score();
        }
        return new ProfileScore(profile, threshold, raw, nullScore(profile), perfectScore(profile), files);
    }

    /**
     * One file's raw score at a threshold. NAB looks the threshold up in the file's own sweep; for anomaly
     * scores below the sweep's 1.1 start that is the same as counting every row scoring at or above it.
     */
    public static FileScore scoreFile(NabDataFile file, double[] anomalyScores, CostProfile profile,
                                      double threshold) {
        NabScores.check(file, anomalyScores);
        int windows = file.windows().size();
        double[] windowBest = new double[windows];
        double windowSum = 0;
        for (int w = 0; w < windows; w++) {
            windowBest[w] = -profile.fnWeight();
            if (file.isScored(w)) {
                windowSum += windowBest[w];
            }
        }
        double fpSum = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        for (int i = file.probationLength(); i < file.length(); i++) {
            int w = file.windowOfRow(i);
            boolean detected = anomalyScores[i] >= threshold;
            if (w < 0) {
                if (detected) {
                    fp++;
                    fpSum += NabRules.weighted(file.unweightedSweep(i), false, profile);
                } else {
                    tn++;
                }
            } else if (detected) {
                tp++;
                double value = NabRules.weighted(file.unweightedSweep(i), true, profile);
                if (value > windowBest[w]) {
                    windowSum += value - windowBest[w];
                    windowBest[w] = value;
                }
            } else {
                fn++;
            }
        }
        return new FileScore(file.relativePath(), threshold, fpSum + windowSum, tp, tn, fp, fn);
    }
}

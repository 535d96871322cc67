package io.streamcast.app.cli;

import io.streamcast.app.EvalSettings;
import io.streamcast.anomaly.AlarmRule;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.anomaly.Statistic;
import io.streamcast.eval.CrossValidationBootstrap;
import io.streamcast.eval.DetectorScores;
import io.streamcast.eval.NabCrossValidation;
import io.streamcast.eval.NabEvaluation;
import io.streamcast.eval.StreamLayout;
import io.streamcast.eval.nab.CostProfile;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.eval.nab.NabPlotter;
import io.streamcast.eval.nab.NabReport;
import io.streamcast.eval.nab.NabResultsWriter;
import io.streamcast.eval.nab.NabScorer;
import io.streamcast.config.StreamcastConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "Runs Streamcast's detector over a NAB corpus (each file one key, in time order, with the"
                + " stream's per-key step and one configuration for all files; by default each file is a stream of"
                + " its own, with --streams category each category's files are the keys of one stream), writes NAB's"
                + " results layout and scores it as NAB does (in-sample: NAB picks the threshold on the same"
                + " files), then runs the same detector on persistence forecasts (no training) and scores that"
                + " too, so the model's share shows. For both it counts the stream's anomalies by the statistic"
                + " each came from (" + NabCommand.CAUSES + "), inside and outside the labelled windows."
                + " With --cv, also cross-validates both by leaving one category out at a time, and writes each"
                + " file's anomalies as its held-out fold raised them (first profile) under <detector>-cv.")
final class NabCommand implements Callable<Integer> {

    /** Where the description lists the anomaly causes, filled in from {@link Statistic} by {@link #spec}. */
    static final String CAUSES = "<causes>";

    /** Fixed, so that the same run prints the same intervals. */
    private static final long BOOTSTRAP_SEED = 1;
    /** Results of the held-out folds' anomalies go under the detector's name with this suffix. */
    static final String HELD_OUT_SUFFIX = "-cv";

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "NAB corpus root.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results root to write.")
    Path out;

    @Option(names = "--detector", defaultValue = "streamcast", converter = DetectorName.class,
            description = "Detector name (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--config", paramLabel = "FILE", description = "Streamcast settings (default: the defaults).")
    Path configFile;

    @Option(names = "--plot", paramLabel = "DIR", description = "Also write one PNG per file.")
    Path plotDir;

    @Option(names = "--threads", defaultValue = "2",
            description = "Streams run in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--streams", defaultValue = "file", paramLabel = "file|category", converter = LayoutConverter.class,
            description = "What one stream holds: each file alone (file, the default), or every file of a category as"
                    + " its keys, sharing one model and trainer, as a deployment runs many keys (category).")
    StreamLayout layout;

    @Option(names = "--cv", description = "Also cross-validate: for each category, the threshold that scores best"
            + " on the others, the category scored at it; pooled over categories.")
    boolean crossValidate;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...", description = "With --cv, choose one setting by the same"
            + " cross-validation: the replays run once per value, each value's own cross-validated score is printed,"
            + " and each category is scored with the value and threshold that score best together on the others"
            + " (nested). The results files and in-sample lines are the first value's.")
    String vary;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", splitSynopsisLabel = ",", description = "With --cv"
            + " and without --vary, also replay the model with each of these training seeds and print each seed's"
            + " cross-validated score and its held-out categories' scores, and the mean over them and the configured"
            + " seed, with its spread and the mean gain over persistence forecasts, and each category's mean and"
            + " range: one seed can flatter or wrong the model by a point and more.")
    List<Long> seeds;

    CommandSpec spec;

    /**
     * Keeps the spec, and lists every cause the alarms-by-cause lines count in the description: an annotation holds
     * only constants, and a list written out there fell behind when causes were added.
     */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        String causes = Arrays.stream(Statistic.values()).filter(s -> s != Statistic.NONE).map(Statistic::label)
                .collect(Collectors.joining(", "));
        spec.usageMessage().description(Arrays.stream(spec.usageMessage().description())
                .map(line -> line.replace(CAUSES, causes)).toArray(String[]::new));
    }

    /**
     * One line with the mean of the model's cross-validated scores over training seeds, their sample standard
     * deviation and range, and the mean gain over persistence forecasts (which do not depend on the seed), e.g.
     * {@code cv-seeds n=10 standard=73.71 (sd 0.54, 72.54..74.37) gain=+2.69 ...}.
     */
    static String seedsLine(List<Map<String, Double>> pooledBySeed, Map<String, Double> persistence) {
        int n = pooledBySeed.size();
        StringBuilder line = new StringBuilder("cv-seeds n=").append(n);
        for (String profile : pooledBySeed.get(0).keySet()) {
            double[] scores = pooledBySeed.stream().mapToDouble(p -> p.get(profile)).toArray();
            double mean = Arrays.stream(scores).average().orElseThrow();
            double squares = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum();
            String sd = n > 1 ? String.format(Locale.ROOT, "%.2f", Math.sqrt(squares / (n - 1))) : "-";
            line.append(String.format(Locale.ROOT, " %s=%.2f (sd %s, %.2f..%.2f) gain=%+.2f", profile, mean, sd,
                    Arrays.stream(scores).min().orElseThrow(),
                    Arrays.stream(scores).max().orElseThrow(), mean - persistence.get(profile)));
        }
        return line.toString();
    }

    /**
     * One line with each held-out category's mean score under {@code profile} over training seeds and its range, in
     * fold order, e.g. {@code cv-seeds-folds standard: realAWSCloudwatch 66.40 (65.90..66.59), realTweets ...}: which
     * categories the seed moves. Normalised, or raw for a category without labelled windows.
     */
    static String seedFoldsLine(List<NabCrossValidation.Result> bySeed, String profile) {
        List<NabCrossValidation.Fold> first = bySeed.get(0).folds().stream()
                .filter(f -> f.profile().equals(profile)).toList();
        StringBuilder line = new StringBuilder("cv-seeds-folds ").append(profile).append(':');
        for (int c = 0; c < first.size(); c++) {
            String category = first.get(c).category();
            double[] scores = bySeed.stream().mapToDouble(r -> r.folds().stream()
                    .filter(f -> f.profile().equals(profile) && f.category().equals(category))
                    .mapToDouble(NabCrossValidation.Fold::shownScore).findFirst().orElseThrow()).toArray();
            line.append(c == 0 ? " " : ", ").append(category).append(first.get(c).hasWindows() ? "" : " raw")
                    .append(String.format(Locale.ROOT, " %.2f (%.2f..%.2f)",
                            Arrays.stream(scores).average().orElseThrow(), Arrays.stream(scores).min().orElseThrow(),
                            Arrays.stream(scores).max().orElseThrow()));
        }
        return line.toString();
    }

    /**
     * One line with the 90 % bootstrap intervals of the model's cross-validated scores and of its gain over
     * persistence forecasts, e.g. {@code cv-bootstrap standard=64.10..71.80 gain=+5.05 (1.90..8.40) ...}.
     */
    static String bootstrapLine(NabCrossValidation.Result model, NabCrossValidation.Result persistence) {
        StringBuilder line = new StringBuilder("cv-bootstrap");
        for (Map.Entry<String, Double> pooled : model.pooled().entrySet()) {
            String profile = pooled.getKey();
            CrossValidationBootstrap.Interval score = CrossValidationBootstrap.pooled(model, profile, BOOTSTRAP_SEED);
            CrossValidationBootstrap.Interval gain = CrossValidationBootstrap.difference(model, persistence, profile,
                    BOOTSTRAP_SEED);
            line.append(String.format(Locale.ROOT, " %s=%.2f..%.2f gain=%+.2f (%.2f..%.2f)", profile, score.low(),
                    score.high(), pooled.getValue() - persistence.pooled().get(profile), gain.low(), gain.high()));
        }
        return line.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        SettingChoice choice = SettingChoice.parse(vary, spec.commandLine());
        if (choice != null && !crossValidate) {
            throw new ParameterException(spec.commandLine(), "--vary needs --cv");
        }
        if (seeds != null && (!crossValidate || choice != null)) {
            throw new ParameterException(spec.commandLine(), "--seeds needs --cv and no --vary");
        }
        // every value's settings are checked before the first replay, so a bad one costs no run
        List<StreamcastConfig> configs = new ArrayList<>();
        for (int v = 0; v < (choice == null ? 1 : choice.values().size()); v++) {
            configs.add(EvalSettings.load(configFile, choice == null ? Map.of() : choice.override(v), threads));
        }
        StreamcastConfig config = configs.get(0);
        NabCorpus nab = NabCorpus.load(corpus);
        if (crossValidate) {
            try {
                NabCrossValidation.requireFolds(nab);
            } catch (IllegalArgumentException e) {
                // before the replay, which takes minutes
                spec.commandLine().getErr().println(e.getMessage());
                return UserErrors.EXIT_USAGE;
            }
        }
        Path profilesFile = corpus.resolve(NabCorpus.PROFILES_FILE);
        List<CostProfile> profiles = Files.exists(profilesFile) ? CostProfile.load(profilesFile)
                : CostProfile.nabDefaults();
        AnomalySettings anomaly = config.anomalySettings();
        // the results and plots are written after the replay, which takes minutes
        WritableDirectory.require(out);
        if (plotDir != null) {
            WritableDirectory.require(plotDir);
        }

        NabEvaluation model = modelEvaluation(config);
        Map<String, double[]> scores = model.detect(nab, threads, layout);
        Map<String, double[]> alarms = DetectorScores.alarmScores(scores, AlarmRule.of(anomaly));
        NabResultsWriter.writeAll(out, detector, nab, alarms);
        NabReport report = new NabScorer(nab, profiles).score(detector, alarms);
        String plotFailure = null;
        if (plotDir != null) {
            double threshold = report.profile("standard").map(p -> p.threshold())
                    .orElse(report.profiles().get(0).threshold());
            try {
                new NabPlotter().plotAll(plotDir, detector, nab, alarms, threshold);
            } catch (IOException | UncheckedIOException e) {
                // said after the figures, which it ended the command before
                plotFailure = PlotErrors.line(e);
            }
        }
        console.print(report.table());
        console.printf(Locale.ROOT, "%d files, %d rows in %.1f s, %d training rounds, %d models published;"
                        + " results in %s%n", nab.files().size(), nab.rowCount(), (System.nanoTime() - start) / 1e9,
                model.rounds(), model.published(), out.resolve(detector));
        console.println(model.refused().describe() + "; none has a score");
        if (model.sharedTimestamps().count() > 0) {
            console.println(model.sharedTimestamps().describe());
        }

        long persistenceStart = System.nanoTime();
        NabEvaluation persistence = new NabEvaluation(config.predictorSettings(), null);
        Map<String, double[]> persistenceScores = persistence.detect(nab, threads, layout);
        NabReport persistenceReport = new NabScorer(nab, profiles).score(detector + "-persistence",
                DetectorScores.alarmScores(persistenceScores, AlarmRule.of(anomaly)));
        console.printf(Locale.ROOT, "the same detector on persistence forecasts: %.1f s%n",
                (System.nanoTime() - persistenceStart) / 1e9);
        if (crossValidate) {
            crossValidate(console, nab, profiles, choice, configs, scores, persistenceScores);
        }
        console.println(report.summaryLine() + " (in-sample)");
        console.println(persistenceReport.summaryLine().replaceFirst("^nab ", "nab-persistence ") + " (in-sample)");
        console.println(model.causes().summaryLine("alarms-by-cause") + " (inside/outside windows, in-sample)");
        console.println(persistence.causes().summaryLine("alarms-by-cause-persistence")
                + " (inside/outside windows, in-sample)");
        console.flush();
        int status = CorpusReading.report(nab, spec.commandLine().getErr());
        if (plotFailure != null) {
            spec.commandLine().getErr().println(plotFailure);
            spec.commandLine().getErr().flush();
            return status != 0 ? status : PlotErrors.EXIT_PLOT_FAILED;
        }
        return status;
    }

    /** A replay with the model's forecasts: trained as {@code config} says, or persistence's with training off. */
    private static NabEvaluation modelEvaluation(StreamcastConfig config) {
        return new NabEvaluation(config.predictorSettings(),
                config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) ? config.trainerSettings() : null);
    }

    /** Reads {@code --streams} in lower case, as the command line writes it. */
    static final class LayoutConverter implements picocli.CommandLine.ITypeConverter<StreamLayout> {
        @Override
        public StreamLayout convert(String value) {
            for (StreamLayout layout : StreamLayout.values()) {
                if (layout.name().equalsIgnoreCase(value)) {
                    return layout;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not file or category");
        }
    }

    /**
     * Prints the cross-validated scores of the model's and persistence's forecasts, and their bootstrap line; with a
     * setting to choose, first runs the other values' replays and prints each value's own cross-validated score,
     * and the printed folds are nested: each category scored with the value and threshold chosen on the others.
     */
    private void crossValidate(PrintWriter console, NabCorpus nab, List<CostProfile> profiles, SettingChoice choice,
                               List<StreamcastConfig> configs, Map<String, double[]> scores,
                               Map<String, double[]> persistenceScores) throws InterruptedException, IOException {
        AnomalySettings anomaly = configs.get(0).anomalySettings();
        List<NabCrossValidation.Candidate> models = new ArrayList<>();
        List<NabCrossValidation.Candidate> persistences = new ArrayList<>();
        String label = choice == null ? "" : choice.label(0);
        models.add(new NabCrossValidation.Candidate(label, scores, AlarmRule.of(anomaly)));
        persistences.add(new NabCrossValidation.Candidate(label, persistenceScores, AlarmRule.of(anomaly)));
        for (int v = 1; v < configs.size(); v++) {
            StreamcastConfig other = configs.get(v);
            AlarmRule rule = AlarmRule.of(other.anomalySettings());
            NabEvaluation run = modelEvaluation(other);
            models.add(new NabCrossValidation.Candidate(choice.label(v), run.detect(nab, threads, layout), rule));
            persistences.add(new NabCrossValidation.Candidate(choice.label(v),
                    new NabEvaluation(other.predictorSettings(), null).detect(nab, threads, layout), rule));
            console.printf(Locale.ROOT, "%s: %d training rounds, %d models published%n", choice.label(v),
                    run.rounds(), run.published());
        }
        if (choice != null) {
            for (NabCrossValidation.Candidate candidate : models) {
                console.println(NabCrossValidation.run(nab, profiles, candidate.scores(), candidate.rule())
                        .summaryLine("cv[" + candidate.label() + "]"));
            }
        }
        NabCrossValidation.Result cv = NabCrossValidation.nested(nab, profiles, models);
        NabCrossValidation.Result persistenceCv = NabCrossValidation.nested(nab, profiles, persistences);
        console.println("cross-validation, model forecasts (each category scored at the threshold"
                + (choice == null ? "" : " and " + choice.key()) + " chosen on the others):");
        console.print(cv.table());
        console.println("cross-validation, persistence forecasts:");
        console.print(persistenceCv.table());
        writeHeldOutAlarms(nab, profiles.get(0).name(), cv, models);
        console.println("held-out anomalies (" + profiles.get(0).name() + ", each category at its fold's threshold) in "
                + out.resolve(detector + HELD_OUT_SUFFIX));
        console.println(cv.summaryLine("cv"));
        console.println(persistenceCv.summaryLine("cv-persistence"));
        console.println(bootstrapLine(cv, persistenceCv));
        if (seeds != null) {
            crossValidateSeeds(console, nab, profiles, configs.get(0), cv, persistenceCv);
        }
    }

    /**
     * Writes, under {@code <detector>-cv}, each file's anomalies as its held-out category's fold under {@code profile}
     * raised them: at the threshold (and value of {@code --vary}) chosen on the other categories, the refractory period
     * replayed there; an anomaly's row holds its score, every other row 0, so any threshold up to the fold's counts
     * exactly them. The results under {@code <detector>} hold the anomalies at the configured threshold, with other
     * rows kept just below it, so counting the rows above a fold's lower threshold there would count events the
     * refractory period held back.
     */
    private void writeHeldOutAlarms(NabCorpus nab, String profile, NabCrossValidation.Result cv,
                                    List<NabCrossValidation.Candidate> models) throws IOException {
        Map<String, double[]> alarms = new TreeMap<>();
        for (NabCrossValidation.Fold fold : cv.folds()) {
            if (!fold.profile().equals(profile)) {
                continue;
            }
            NabCrossValidation.Candidate chosen = models.stream().filter(c -> c.label().equals(fold.choice()))
                    .findFirst().orElseThrow();
            AlarmRule rule = chosen.rule().withThreshold(fold.threshold());
            for (NabDataFile file : nab.files()) {
                if (file.category().equals(fold.category())) {
                    alarms.put(file.relativePath(), Arrays.stream(DetectorScores.alarmScores(
                            chosen.scores().get(file.relativePath()), rule))
                            .map(score -> score >= rule.threshold() ? score : 0).toArray());
                }
            }
        }
        NabResultsWriter.writeAll(out, detector + HELD_OUT_SUFFIX, nab, alarms);
    }

    /**
     * Replays the model with each of {@code --seeds} not yet run, prints each one's cross-validated score and its
     * folds under the first profile, and then their mean with that of the {@code configured} seed ({@code cv}), pooled
     * and per held-out category.
     */
    private void crossValidateSeeds(PrintWriter console, NabCorpus nab, List<CostProfile> profiles,
                                    StreamcastConfig configured, NabCrossValidation.Result cv,
                                    NabCrossValidation.Result persistenceCv) throws InterruptedException {
        long configuredSeed = configured.getLong(StreamcastConfig.TRAINING_SEED_CONFIG);
        List<NabCrossValidation.Result> results = new ArrayList<>(List.of(cv));
        List<Long> run = new ArrayList<>(List.of(configuredSeed));
        for (long seed : seeds) {
            if (run.contains(seed)) {
                continue;
            }
            run.add(seed);
            StreamcastConfig config = EvalSettings.load(configFile,
                    Map.of(StreamcastConfig.TRAINING_SEED_CONFIG, Long.toString(seed)), threads);
            NabEvaluation model = modelEvaluation(config);
            NabCrossValidation.Result seeded = NabCrossValidation.run(nab, profiles, model.detect(nab, threads, layout),
                    AlarmRule.of(config.anomalySettings()));
            console.println(seeded.summaryLine("cv[" + StreamcastConfig.TRAINING_SEED_CONFIG + "=" + seed + "]")
                    + String.format(Locale.ROOT, " (%d training rounds, %d models published)", model.rounds(),
                    model.published()));
            console.println(seeded.foldsLine("folds[" + StreamcastConfig.TRAINING_SEED_CONFIG + "=" + seed + "]",
                    profiles.get(0).name()));
            results.add(seeded);
        }
        console.println(seedsLine(results.stream().map(NabCrossValidation.Result::pooled).toList(),
                persistenceCv.pooled()) + " seeds="
                + run.stream().map(String::valueOf).collect(Collectors.joining(",")));
        console.println(seedFoldsLine(results, profiles.get(0).name()));
    }
}

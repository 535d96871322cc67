package io.streamcast.app.cli;

import io.streamcast.anomaly.AlarmRule;
import io.streamcast.eval.NabCrossValidation;
import io.streamcast.eval.nab.CostProfile;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabPlotter;
import io.streamcast.eval.nab.NabReport;
import io.streamcast.eval.nab.NabResultsReader;
import io.streamcast.eval.nab.NabScorer;
import io.streamcast.eval.nab.NabScoresCsv;
import io.streamcast.eval.nab.ProfileScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nab-score}: scores existing NAB result files of one detector as NAB's own scorer does, prints a
 * table per profile and ends with the one-line summary {@code nab standard=… reward_low_FP_rate=…
 * reward_low_FN_rate=…}.
 */
@Command(name = "nab-score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores a detector's result files on a NAB corpus as NAB's scorer does: per profile, optimises"
                + " one threshold over the whole corpus (or takes --threshold), scores every file at it and normalises"
                + " so that the null detector scores 0 and the perfect detector 100.")
public final class NabScoreCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "DIR",
            description = "Corpus laid out as NAB's: data/<category>/<file>.csv and labels/combined_windows.json.")
    Path corpus;

    @Option(names = "--results", required = true, paramLabel = "DIR",
            description = "Results root holding <detector>/<category>/<detector>_<file>.csv "
                    + "(columns timestamp,value,anomaly_score,label).")
    Path results;

    @Option(names = "--detector", required = true, paramLabel = "NAME", converter = DetectorName.class,
            description = "Detector name.")
    String detector;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Also write one PNG per file: series, windows, detections at the standard profile's "
                    + "threshold, anomaly score beneath.")
    Path plotDir;

    @Option(names = "--threshold", paramLabel = "X",
            description = "Score every profile at this threshold instead of optimising it, e.g. a published one.")
    Double threshold;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "NAB profiles JSON (default: <corpus>/config/profiles.json, else NAB's three profiles).")
    Path profilesFile;

    @Option(names = "--scores-out", paramLabel = "DIR",
            description = "Also write NAB's <detector>_<profile>_scores.csv files into DIR.")
    Path scoresOut;

    @Option(names = "--per-file", description = "Print every file's score rows (NAB's scores CSV format).")
    boolean perFile;

    @Option(names = "--cv", description = "Also cross-validate the threshold: for each category, the threshold that"
            + " scores best on the others, the category scored at it; pooled over categories (the same protocol as"
            + " eval nab --cv, with the detector's scores taken as they are).")
    boolean crossValidate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threshold != null && !(threshold >= 0 && threshold <= 1.1)) {
            err.println("--threshold must be a number from 0 to 1.1, got " + threshold);
            return 2;
        }
        try {
            NabCorpus nab = NabCorpus.load(corpus);
            if (crossValidate) {
                NabCrossValidation.requireFolds(nab);
            }
            List<CostProfile> profiles = profiles();
            Map<String, double[]> anomalyScores = NabResultsReader.readAll(results, detector, nab);
            NabScorer scorer = new NabScorer(nab, profiles);
            NabReport report = threshold == null
                    ? scorer.score(detector, anomalyScores)
                    : scorer.scoreAt(detector, anomalyScores, threshold);

            if (perFile) {
                for (ProfileScore profile : report.profiles()) {
                    NabScoresCsv.lines(detector, profile).forEach(out::println);
                }
            }
            if (scoresOut != null) {
                for (Path written : NabScoresCsv.write(scoresOut, report)) {
                    out.println("wrote " + written);
                }
            }
            if (plotDir != null) {
                ProfileScore shown = report.profile(CostProfile.STANDARD.name()).orElse(report.profiles().get(0));
                List<Path> pngs = new NabPlotter().plotAll(plotDir, detector, nab, anomalyScores, shown.threshold());
                out.printf("wrote %d plots under %s (detections at the %s threshold)%n", pngs.size(), plotDir,
                        shown.profile().name());
            }
            out.print(report.table());
            if (crossValidate) {
                // The scores are the detector's own; every row at or above a threshold is a detection, as NAB has it.
                NabCrossValidation.Result cv = NabCrossValidation.run(nab, profiles, anomalyScores,
                        AlarmRule.everyEvent(threshold == null ? 0.5 : threshold));
                out.println("cross-validation (each category scored at the threshold chosen on the others):");
                out.print(cv.table());
                out.println(cv.summaryLine("cv"));
            }
            out.println(report.summaryLine());
            out.flush();
            return CorpusReading.report(nab, err);
        } catch (IllegalArgumentException e) {
            // a corpus or profile the scorer cannot take; a file that cannot be read is UserErrors' to report
            err.println("nab-score: " + e.getMessage());
            err.flush();
            return UserErrors.EXIT_USAGE;
        }
    }

    private List<CostProfile> profiles() throws IOException {
        if (profilesFile != null) {
            return CostProfile.load(profilesFile);
        }
        Path inCorpus = corpus.resolve(NabCorpus.PROFILES_FILE);
        return Files.isRegularFile(inCorpus) ? CostProfile.load(inCorpus) : CostProfile.nabDefaults();
    }
}

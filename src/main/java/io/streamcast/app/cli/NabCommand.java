package io.streamcast.app.cli;

import io.streamcast.app.EvalSettings;
import io.streamcast.eval.NabEvaluation;
import io.streamcast.eval.nab.CostProfile;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabPlotter;
import io.streamcast.eval.nab.NabReport;
import io.streamcast.eval.nab.NabResultsWriter;
import io.streamcast.eval.nab.NabScorer;
import io.streamcast.stream.StreamcastConfig;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "Runs Streamcast's detector over a NAB corpus (each file one key, in time order, with the"
                + " stream's per-key step and one configuration for all files), writes NAB's results layout and"
                + " scores it.")
final class NabCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "NAB corpus root.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results root to write.")
    Path out;

    @Option(names = "--detector", defaultValue = "streamcast", description = "Detector name (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--config", paramLabel = "FILE", description = "Streamcast settings (default: the defaults).")
    Path configFile;

    @Option(names = "--plot", paramLabel = "DIR", description = "Also write one PNG per file.")
    Path plotDir;

    @Option(names = "--threads", defaultValue = "2", description = "Files run in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        StreamcastConfig config = EvalSettings.load(configFile);
        NabCorpus nab = NabCorpus.load(corpus);
        NabEvaluation evaluation = new NabEvaluation(config.predictorSettings(),
                config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) ? config.trainerSettings() : null);
        Map<String, double[]> scores = evaluation.detect(nab, threads);
        NabResultsWriter.writeAll(out, detector, nab, scores);
        Path profilesFile = corpus.resolve(NabCorpus.PROFILES_FILE);
        List<CostProfile> profiles = Files.exists(profilesFile) ? CostProfile.load(profilesFile)
                : CostProfile.nabDefaults();
        NabReport report = new NabScorer(nab, profiles).score(detector, scores);
        if (plotDir != null) {
            double threshold = report.profile("standard").map(p -> p.threshold())
                    .orElse(report.profiles().get(0).threshold());
            new NabPlotter().plotAll(plotDir, detector, nab, scores, threshold);
        }
        console.print(report.table());
        console.printf(Locale.ROOT, "%d files, %d rows in %.1f s, %d training rounds, %d models published;"
                        + " results in %s%n", nab.files().size(), nab.rowCount(), (System.nanoTime() - start) / 1e9,
                evaluation.rounds(), evaluation.published(), out.resolve(detector));
        console.println(evaluation.refused().describe() + "; each scored 0");
        console.println(report.summaryLine());
        return 0;
    }
}

package io.streamcast.eval.nab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long NAB scoring takes on a corpus (by default the shared 44-file subset with Numenta HTM's
 * detections): reading it, sweeping every threshold for the three profiles, and the full report.
 *
 * <p>Run after {@code mvn test-compile}:
 * {@code java -cp target/test-classes:target/classes:<dependencies> org.openjdk.jmh.Main NabScorerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NabScorerBenchmark {

    @Param("../shared/nab")
    public String corpusRoot;

    private NabCorpus corpus;
    private Map<String, double[]> detections;

    @Setup
    public void load() throws IOException {
        corpus = NabCorpus.load(Path.of(corpusRoot));
        detections = NabResultsReader.readAll(Path.of(corpusRoot, "reference"), "numenta", corpus);
    }

    /** Corpus, labels and one detector's result files from disk. */
    @Benchmark
    public Object readCorpusAndResults() throws IOException {
        NabCorpus fresh = NabCorpus.load(Path.of(corpusRoot));
        return NabResultsReader.readAll(Path.of(corpusRoot, "reference"), "numenta", fresh);
    }

    /** NAB's optimiser for all three profiles: one sort of every scorable row, then one pass per profile. */
    @Benchmark
    public double optimiseThreeProfiles() {
        ScorableRows rows = ScorableRows.of(corpus.files(), detections);
        double sum = 0;
        for (CostProfile profile : CostProfile.nabDefaults()) {
            sum += ThresholdSweep.sweep(rows, profile).best().threshold();
        }
        return sum;
    }

    /** The whole report from scores in memory: optimise, score every file, null baselines, normalise. */
    @Benchmark
    public NabReport fullReport() {
        return new NabScorer(corpus, CostProfile.nabDefaults()).score("numenta", detections);
    }
}

package io.streamcast.eval;

import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.TrainerSettings;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the detector over a NAB corpus: every file is one key's stream, replayed in time order through the
 * stream's per-key step, with retraining on the trainer's schedule from the file's own past, and one
 * configuration for the whole corpus. It gives every row the step's score ({@link StepResult#likelihood()});
 * {@link DetectorScores} turns the scores into what NAB sees at a threshold. A row the stream would refuse (a
 * non-finite value, an event time its late-event policy refuses) gets no prediction in the stream: it has no
 * score (NaN here), is no event of the key, and is counted. Files are independent, so they run in parallel; each
 * file's result is the same whatever the thread count.
 */
public final class NabEvaluation {

    private final PredictorSettings settings;
    private final TrainerSettings trainer;
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();
    private final RefusedRows refused = new RefusedRows();
    private final AlarmCauses causes = new AlarmCauses();

    /** @param trainer how each file's stream retrains its model, or null to keep the fallback forecast */
    public NabEvaluation(PredictorSettings settings, TrainerSettings trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    /**
     * The step's scores per file, keyed by the file's relative path, in row order; NaN for refused rows.
     *
     * <p>With more than one thread, files run side by side and each file's training runs on one thread: the other
     * cores are busy with other files, and a training's threads would wait for each other at every mini-batch.
     * Longest files start first, so that no long file is left running alone at the end. Neither changes a score.
     */
    public Map<String, double[]> detect(NabCorpus corpus, int threads) throws InterruptedException {
        TrainerSettings fileTrainer = threads > 1 && trainer != null ? trainer.withTrainingThreads(1) : trainer;
        List<NabDataFile> longestFirst = new ArrayList<>(corpus.files());
        longestFirst.sort(Comparator.comparingInt(NabDataFile::length).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Future<double[]>> futures = new TreeMap<>();
            for (NabDataFile file : longestFirst) {
                futures.put(file.relativePath(), pool.submit(() -> detect(file, fileTrainer)));
            }
            Map<String, double[]> scores = new TreeMap<>();
            for (Map.Entry<String, Future<double[]>> future : futures.entrySet()) {
                scores.put(future.getKey(), future.getValue().get());
            }
            return scores;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Detection failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    double[] detect(NabDataFile file) {
        return detect(file, trainer);
    }

    private double[] detect(NabDataFile file, TrainerSettings fileTrainer) {
        int n = file.length();
        long[] times = new long[n];
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            times[i] = file.timestamp(i).toInstant(ZoneOffset.UTC).toEpochMilli();
            values[i][0] = file.value(i);
        }
        double[] scores = new double[n];
        java.util.Arrays.fill(scores, Double.NaN);
        SeriesReplay replay = new SeriesReplay(settings, fileTrainer);
        replay.run(file.relativePath(), times, values, null, (row, result) -> {
            scores[row] = result.likelihood();
            if (result.isAnomaly()) {
                causes.count(file, row, result.anomalyCause());
            }
        });
        rounds.addAndGet(replay.rounds());
        published.addAndGet(replay.published());
        refused.addAll(replay.refused());
        return scores;
    }

    /** Rows refused as the stream would refuse them, over all files so far; none has a score. */
    public RefusedRows refused() {
        return refused;
    }

    /** The stream's anomalies over all files so far, by the statistic each came from. */
    public AlarmCauses causes() {
        return causes;
    }

    /** Training rounds run over all files so far. */
    public int rounds() {
        return rounds.get();
    }

    /** Models published over all files so far. */
    public int published() {
        return published.get();
    }
}

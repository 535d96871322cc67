package io.streamcast.eval;

import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.training.TrainerSettings;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Runs the detector over a NAB corpus: every file is one key, replayed in time order through the stream's per-key
 * step, with retraining on the trainer's schedule from the past of its stream (the file alone, or the files of its
 * category as one stream's keys: {@link StreamLayout}), and one configuration for the whole corpus. It gives every
 * row the step's score ({@link StepResult#likelihood()}); {@link DetectorScores} turns the scores into what NAB sees
 * at a threshold. A row the stream would refuse (a non-finite value, an event time its late-event policy refuses)
 * gets no prediction in the stream: it has no score (NaN here), is no event of the key, and is counted. Streams are
 * independent, so they run in parallel; each file's result is the same whatever the thread count.
 */
public final class NabEvaluation {

    private final PredictorSettings settings;
    private final TrainerSettings trainer;
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();
    private final RefusedRows refused = new RefusedRows();
    private final SharedTimestamps sharedTimestamps = new SharedTimestamps();
    private final AlarmCauses causes = new AlarmCauses();

    /** @param trainer how each file's stream retrains its model, or null to keep the fallback forecast */
    public NabEvaluation(PredictorSettings settings, TrainerSettings trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    /** The step's scores per file, each file the one key of its own stream ({@link StreamLayout#FILE}). */
    public Map<String, double[]> detect(NabCorpus corpus, int threads) throws InterruptedException {
        return detect(corpus, threads, StreamLayout.FILE);
    }

    /**
     * The step's scores per file, keyed by the file's relative path, in row order; NaN for refused rows.
     *
     * <p>With more than one thread, streams run side by side and each stream's training runs on one thread: the
     * other cores are busy with other streams, and a training's threads would wait for each other at every
     * mini-batch. Longest streams start first, so that no long one is left running alone at the end. Neither changes
     * a score.
     */
    public Map<String, double[]> detect(NabCorpus corpus, int threads, StreamLayout layout)
            throws InterruptedException {
        TrainerSettings streamTrainer = threads > 1 && trainer != null ? trainer.withTrainingThreads(1) : trainer;
        List<List<NabDataFile>> streams = layout.streams(corpus);
        streams.sort(Comparator.comparingLong(NabEvaluation::rows).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<String, double[]>>> futures = new ArrayList<>();
            for (List<NabDataFile> stream : streams) {
                futures.add(pool.submit(() -> detect(stream, streamTrainer)));
            }
            Map<String, double[]> scores = new TreeMap<>();
            for (Future<Map<String, double[]>> future : futures) {
                scores.putAll(future.get());
            }
            return scores;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Detection failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    double[] detect(NabDataFile file) {
        return detect(List.of(file), trainer).get(file.relativePath());
    }

    private static long rows(List<NabDataFile> stream) {
        return stream.stream().mapToLong(NabDataFile::length).sum();
    }

    /** Replays the files as the keys of one stream: one model and trainer for all of them, each its own state. */
    private Map<String, double[]> detect(List<NabDataFile> stream, TrainerSettings streamTrainer) {
        List<SeriesReplay.KeySeries> keys = new ArrayList<>();
        double[][] keyScores = new double[stream.size()][];
        for (int k = 0; k < stream.size(); k++) {
            NabDataFile file = stream.get(k);
            int n = file.length();
            long[] times = new long[n];
            double[][] values = new double[n][1];
            for (int i = 0; i < n; i++) {
                times[i] = file.timestamp(i).toInstant(ZoneOffset.UTC).toEpochMilli();
                values[i][0] = file.value(i);
            }
            keys.add(new SeriesReplay.KeySeries(file.relativePath(), times, values));
            keyScores[k] = new double[n];
            Arrays.fill(keyScores[k], Double.NaN);
        }
        SeriesReplay replay = new SeriesReplay(settings, streamTrainer);
        replay.run(keys, null, new SeriesReplay.KeysListener() {
            @Override
            public void onStep(int key, int row, StepResult result) {
                keyScores[key][row] = result.likelihood();
                if (result.isAnomaly()) {
                    causes.count(stream.get(key), row, result.anomalyCause());
                }
            }
        });
        rounds.addAndGet(replay.rounds());
        published.addAndGet(replay.published());
        refused.addAll(replay.refused());
        sharedTimestamps.addAll(replay.sharedTimestamps());
        Map<String, double[]> scores = new TreeMap<>();
        for (int k = 0; k < keyScores.length; k++) {
            scores.put(stream.get(k).relativePath(), keyScores[k]);
        }
        return scores;
    }

    /** Rows refused as the stream would refuse them, over all files so far; none has a score. */
    public RefusedRows refused() {
        return refused;
    }

    /** Rows at the same time as their file's row before, taken as the stream takes them, over all files so far. */
    public SharedTimestamps sharedTimestamps() {
        return sharedTimestamps;
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

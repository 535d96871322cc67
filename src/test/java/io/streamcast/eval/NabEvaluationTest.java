package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AlarmRule;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.Rejection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NabEvaluationTest {

    private static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final PredictorSettings SETTINGS = new PredictorSettings(
            new InputSpec(1, new int[] {0}, 1, List.of(), 0.005), 64, 16, 0, AnomalySettings.defaults());

    /** Noise around 10 with a burst of spikes from row {@code burst} on. */
    private static NabDataFile file(String name, long seed, int rows, int burst) {
        Random random = new Random(seed);
        LocalDateTime[] timestamps = new LocalDateTime[rows];
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            timestamps[i] = START.plusMinutes(5L * i);
            values[i] = 10 + random.nextGaussian() + (i >= burst && i < burst + 6 ? 40 : 0);
        }
        return new NabDataFile("synthetic", name, timestamps, values, List.of());
    }

    @Test
    void shouldGiveNabTheStreamsAnomaliesAtTheConfiguredThreshold() {
        NabDataFile file = file("burst.csv", 1, 2000, 1500);
        List<Boolean> anomalies = new ArrayList<>();
        List<Double> stepScores = new ArrayList<>();
        long[] times = new long[file.length()];
        double[][] values = new double[file.length()][];
        for (int i = 0; i < file.length(); i++) {
            times[i] = file.timestamp(i).toInstant(ZoneOffset.UTC).toEpochMilli();
            values[i] = new double[] {file.value(i)};
        }
        new SeriesReplay(SETTINGS, null).run(file.relativePath(), times, values, null, (row, result) -> {
            anomalies.add(result.isAnomaly());
            stepScores.add(result.likelihood());
        });

        double[] scores = new NabEvaluation(SETTINGS, null).detect(file);
        AnomalySettings anomaly = SETTINGS.anomaly();
        double[] alarms = DetectorScores.alarmScores(scores, AlarmRule.of(anomaly));

        List<Integer> detected = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            assertThat(scores[i]).isEqualTo(stepScores.get(i));
            assertThat(alarms[i] >= anomaly.threshold()).as("row %d", i).isEqualTo(anomalies.get(i));
            if (anomalies.get(i)) {
                detected.add(i);
            }
        }
        // The burst is found at its first row, and its other five spikes fall in the refractory period.
        assertThat(detected).contains(1500).doesNotContain(1501, 1502, 1503, 1504, 1505);
    }

    @Test
    void shouldLeaveRowsTheStreamWouldRefuseUnscoredCountThemAndGoOn() {
        NabDataFile clean = file("clean.csv", 5, 1200, 1100);
        LocalDateTime[] timestamps = new LocalDateTime[clean.length()];
        double[] values = clean.values();
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = clean.timestamp(i);
        }
        values[300] = Double.NaN;
        // A clock that steps back an hour and repeats it: within the default grace, applied in arrival order.
        for (int i = 600; i < 612; i++) {
            timestamps[i] = clean.timestamp(i).minusHours(1);
        }
        // One row two hours late: beyond the grace.
        timestamps[800] = clean.timestamp(800).minusHours(2);
        NabDataFile file = new NabDataFile("synthetic", "refusals.csv", timestamps, values, List.of());
        NabEvaluation evaluation = new NabEvaluation(SETTINGS, null);

        double[] scores = evaluation.detect(file);

        assertThat(scores[300]).isNaN();
        assertThat(scores[800]).isNaN();
        assertThat(evaluation.refused().count(Rejection.NON_FINITE_VALUE)).isEqualTo(1);
        assertThat(evaluation.refused().count(Rejection.OUT_OF_ORDER)).isEqualTo(1);
        assertThat(evaluation.refused().total()).isEqualTo(2);
        // A refused row changes nothing: every other row scores as if the refused rows were not there.
        List<LocalDateTime> keptTimes = new ArrayList<>();
        List<Double> keptValues = new ArrayList<>();
        for (int i = 0; i < timestamps.length; i++) {
            if (i != 300 && i != 800) {
                keptTimes.add(timestamps[i]);
                keptValues.add(values[i]);
            }
        }
        double[] without = new NabEvaluation(SETTINGS, null).detect(new NabDataFile("synthetic", "kept.csv",
                keptTimes.toArray(LocalDateTime[]::new), keptValues.stream().mapToDouble(Double::doubleValue).toArray(),
                List.of()));
        for (int i = 0, kept = 0; i < scores.length; i++) {
            if (i != 300 && i != 800) {
                assertThat(scores[i]).as("row %d", i).isEqualTo(without[kept++]);
            }
        }
    }

    @Test
    void shouldGiveTheSameScoresWhateverTheThreadCount() throws InterruptedException {
        NabCorpus corpus = new NabCorpus(List.of(file("a.csv", 2, 1200, 900), file("b.csv", 3, 1500, 1000),
                file("c.csv", 4, 900, 700)));

        Map<String, double[]> one = new NabEvaluation(SETTINGS, null).detect(corpus, 1);
        Map<String, double[]> two = new NabEvaluation(SETTINGS, null).detect(corpus, 2);

        assertThat(one.keySet()).containsExactly("synthetic/a.csv", "synthetic/b.csv", "synthetic/c.csv");
        one.forEach((path, scores) -> assertThat(two.get(path)).containsExactly(scores));
    }

    /**
     * Rows at the same time as the row before them: the stream takes them (not earlier than the key's latest), so
     * they are scored as it would score them, and counted, where they passed without a word.
     */
    @Test
    void shouldScoreRowsThatShareATimestampWithTheRowBeforeAndCountThem() {
        NabDataFile clean = file("clean.csv", 6, 1200, 1100);
        LocalDateTime[] timestamps = new LocalDateTime[clean.length()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = clean.timestamp(i);
        }
        timestamps[401] = timestamps[400];
        timestamps[402] = timestamps[400];
        timestamps[700] = timestamps[699];
        NabEvaluation evaluation = new NabEvaluation(SETTINGS, null);

        double[] scores = evaluation.detect(new NabDataFile("synthetic", "repeats.csv", timestamps, clean.values(),
                List.of()));

        assertThat(scores[401]).isNotNaN();
        assertThat(scores[402]).isNotNaN();
        assertThat(scores[700]).isNotNaN();
        assertThat(evaluation.refused().total()).isZero();
        assertThat(evaluation.sharedTimestamps().count()).isEqualTo(3);
        assertThat(evaluation.sharedTimestamps().describe()).isEqualTo("3 rows share a timestamp with the row before"
                + " (of their key); taken, as the stream takes them");
        NabEvaluation apart = new NabEvaluation(SETTINGS, null);
        apart.detect(clean);
        assertThat(apart.sharedTimestamps().count()).isZero();
    }

    /**
     * A file whose key (its path in the corpus) is longer than the stream's 512 bytes: the stream refuses every
     * record of it (key-too-long), so none of its rows is scored and each is counted, where all were scored.
     */
    @Test
    void shouldRefuseEveryRowOfAKeyLongerThanTheStreamTakes() {
        NabDataFile clean = file("clean.csv", 7, 300, 200);
        LocalDateTime[] timestamps = new LocalDateTime[clean.length()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = clean.timestamp(i);
        }
        // 264 characters, but 514 bytes in UTF-8, as the key goes to the stream
        String name = "\u00e9".repeat(250) + ".csv";
        NabDataFile longKey = new NabDataFile("synthetic", name, timestamps, clean.values(), List.of());
        NabDataFile atTheLimit = new NabDataFile("s", "k".repeat(512 - "s/.csv".length()) + ".csv", timestamps,
                clean.values(), List.of());
        NabEvaluation evaluation = new NabEvaluation(SETTINGS, null);

        double[] scores = evaluation.detect(longKey);
        evaluation.detect(atTheLimit);

        assertThat(Arrays.stream(scores).boxed()).allMatch(score -> score.isNaN());
        assertThat(evaluation.refused().count(Rejection.KEY_TOO_LONG)).isEqualTo(300);
        assertThat(evaluation.refused().describe()).isEqualTo("300 rows refused as the stream would"
                + " (key-too-long 300)");
    }
}

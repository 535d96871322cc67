package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.training.TrainerSettings;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files of a corpus replayed each as its own stream, or each category's files as the keys of one stream. */
class NabEvaluationLayoutTest {

    private static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final PredictorSettings SETTINGS = new PredictorSettings(
            new InputSpec(1, new int[] {0}, 1, List.of(), 0.005), 16, 4, 4, AnomalySettings.defaults());
    /** The first round needs 40 windows: 16 rows of history, then one window every 4 rows. */
    private static final TrainerSettings TRAINER = new TrainerSettings(8, 1, 0, 1000, 40, 4096, 4096, 0.2, 0.0,
            new TrainingSettings(0.01, 8, 3, 2, 1.0, 4, 7, 1));

    /** 96 rows a minute apart: (96 - 16) / 4 + 1 = 21 windows, too few for a round alone. */
    private static NabDataFile file(String category, String name, double level) {
        LocalDateTime[] timestamps = new LocalDateTime[96];
        double[] values = new double[96];
        for (int i = 0; i < values.length; i++) {
            timestamps[i] = START.plusMinutes(i);
            values[i] = level + 10 * Math.sin(i / 5.0);
        }
        return new NabDataFile(category, name, timestamps, values, List.of());
    }

    private static final NabCorpus CORPUS = new NabCorpus(List.of(file("machines", "a.csv", 100),
            file("machines", "b.csv", 300), file("services", "c.csv", 200)));

    @Test
    void shouldTrainEachFileAloneByDefault() throws InterruptedException {
        NabEvaluation evaluation = new NabEvaluation(SETTINGS, TRAINER);

        Map<String, double[]> scores = evaluation.detect(CORPUS, 2);

        assertThat(evaluation.rounds()).isZero();
        assertThat(scores.keySet()).containsExactly("machines/a.csv", "machines/b.csv", "services/c.csv");
    }

    @Test
    void shouldTrainOneModelOnTheWindowsOfEveryFileOfACategory() throws InterruptedException {
        NabEvaluation evaluation = new NabEvaluation(SETTINGS, TRAINER);

        Map<String, double[]> scores = evaluation.detect(CORPUS, 2, StreamLayout.CATEGORY);

        // a.csv and b.csv send 42 windows together, so their stream has a round; c.csv, alone in its category, has none
        assertThat(evaluation.rounds()).isEqualTo(1);
        assertThat(evaluation.published()).isEqualTo(1);
        assertThat(scores.keySet()).containsExactly("machines/a.csv", "machines/b.csv", "services/c.csv");
        scores.values().forEach(fileScores -> assertThat(fileScores).hasSize(96).doesNotContain(Double.NaN));
    }

    @Test
    void shouldScoreAFileAloneInItsCategoryAsIfItWereItsOwnStream() throws InterruptedException {
        Map<String, double[]> byFile = new NabEvaluation(SETTINGS, TRAINER).detect(CORPUS, 1);
        Map<String, double[]> byCategory = new NabEvaluation(SETTINGS, TRAINER).detect(CORPUS, 1,
                StreamLayout.CATEGORY);

        assertThat(byCategory.get("services/c.csv")).containsExactly(byFile.get("services/c.csv"));
    }
}

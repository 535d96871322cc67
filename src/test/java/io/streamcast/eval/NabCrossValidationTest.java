package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AlarmRule;
import io.streamcast.eval.nab.AnomalyWindow;
import io.streamcast.eval.nab.CostProfile;
import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two categories of one 100-row file each, with one window on rows 40-59 (rows 0-14 are NAB's probation). A
 * detection on a window's first row earns exactly the true-positive weight; a missed window costs the
 * false-negative weight; so the expected scores follow by hand.
 */
class NabCrossValidationTest {

    private static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);
    /** Scores as they are: every row at or above the threshold is a detection. */
    private static final AlarmRule EVERY_EVENT = AlarmRule.everyEvent(0.5);

    private static NabDataFile file(String category) {
        return file(category, 40, 59);
    }

    private static NabDataFile file(String category, int first, int last) {
        LocalDateTime[] times = new LocalDateTime[100];
        double[] values = new double[100];
        for (int i = 0; i < times.length; i++) {
            times[i] = START.plusMinutes(5L * i);
        }
        return new NabDataFile(category, "series.csv", times, values,
                List.of(new AnomalyWindow(times[first], times[last])));
    }

    private static double[] scores(double atWindowStart, double afterWindow) {
        double[] scores = new double[100];
        scores[40] = atWindowStart;
        scores[80] = afterWindow;
        return scores;
    }

    /**
     * NAB scores the null detector at one threshold for the whole set: silent, both windows missed, -2; alarming on
     * every row, y's window (all its scored rows) found, +1, but x's found amid 65 false alarms, far below. Each file
     * alone would choose differently (x silent, -1; y alarming, +1), and the sum of those, 0, is no null NAB computes.
     * The detector finds x's window at its first row (+1) and misses y's (-1): raw 0, normalised 100 (0 + 2) / (2 + 2).
     */
    @Test
    void shouldNormalisePooledScoresByTheNullDetectorsScoreOverAllTheFilesAtOneThreshold() {
        NabCorpus corpus = new NabCorpus(List.of(file("x"), file("y", 15, 99)));
        double[] x = new double[100];
        x[40] = 1.0;
        Map<String, double[]> detections = Map.of("x/series.csv", x, "y/series.csv", new double[100]);

        NabCrossValidation.Result cv = NabCrossValidation.run(corpus, List.of(CostProfile.STANDARD), detections,
                EVERY_EVENT);

        assertThat(cv.pooled().get("standard")).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldScoreEachCategoryAtTheThresholdChosenOnTheOthers() {
        NabCorpus corpus = new NabCorpus(List.of(file("x"), file("y")));
        // On x the best thresholds lie in (0.3, 0.6]: above its false alarm, at or below its detection. On y they
        // lie in (0.35, 0.4]. Each category is scored at the highest best threshold of the other.
        Map<String, double[]> scores = Map.of("x/series.csv", scores(0.6, 0.3), "y/series.csv", scores(0.4, 0.35));

        NabCrossValidation.Result result = NabCrossValidation.run(corpus, List.of(CostProfile.STANDARD), scores,
                AlarmRule.everyEvent(0.5));

        NabCrossValidation.Fold x = result.folds().get(0);
        NabCrossValidation.Fold y = result.folds().get(1);
        assertThat(x.category()).isEqualTo("x");
        assertThat(x.threshold()).isGreaterThan(0.35).isLessThanOrEqualTo(0.4);
        assertThat(x.rawScore()).as("x's detection at 0.6 counts, its false alarm at 0.3 does not").isEqualTo(1.0);
        assertThat(y.threshold()).isGreaterThan(0.3).isLessThanOrEqualTo(0.6);
        assertThat(y.threshold()).as("the highest of x's best thresholds on the grid").isGreaterThan(0.4);
        assertThat(y.rawScore()).as("y's detection at 0.4 is missed").isEqualTo(-1.0);
        // Pooled: 1 - 1 = 0 against a null score of -2 (both windows missed) and a perfect 2.
        assertThat(result.pooled().get("standard")).isCloseTo(50.0, within(1e-9));
        assertThat(result.summaryLine("cv")).isEqualTo("cv standard=50.00");
    }

    @Test
    void shouldScoreEachCategoryWithTheCandidateAndThresholdChosenOnTheOthers() {
        NabCorpus corpus = new NabCorpus(List.of(file("x"), file("y")));
        // Candidate a detects x's window (at 0.6, with a false alarm at 0.3) and sends nothing on y; candidate b
        // sends nothing on x and detects y's window at 0.5. So on x alone a is best (+1 at thresholds in (0.3, 0.6],
        // against -1 for b), on y alone b is (+1 at thresholds up to 0.5, against -1 for a): each category is scored
        // with the candidate the other one favours, which misses its window.
        Map<String, double[]> a = Map.of("x/series.csv", scores(0.6, 0.3), "y/series.csv", scores(0, 0));
        Map<String, double[]> b = Map.of("x/series.csv", scores(0, 0), "y/series.csv", scores(0.5, 0));

        NabCrossValidation.Result result = NabCrossValidation.nested(corpus, List.of(CostProfile.STANDARD),
                List.of(new NabCrossValidation.Candidate("a", a, EVERY_EVENT),
                        new NabCrossValidation.Candidate("b", b, EVERY_EVENT)));

        NabCrossValidation.Fold x = result.folds().get(0);
        NabCrossValidation.Fold y = result.folds().get(1);
        assertThat(x.choice()).isEqualTo("b");
        assertThat(x.threshold()).as("the highest of b's best on y: the grid's highest at or below 0.5 (its steps"
                + " are 2.3% apart)").isLessThanOrEqualTo(0.5).isGreaterThan(0.48);
        assertThat(x.rawScore()).isEqualTo(-1.0);
        assertThat(y.choice()).isEqualTo("a");
        assertThat(y.threshold()).isGreaterThan(0.3).isLessThanOrEqualTo(0.6);
        assertThat(y.rawScore()).isEqualTo(-1.0);
        // Pooled: both windows missed, the null detector's score.
        assertThat(result.pooled().get("standard")).isCloseTo(0.0, within(1e-9));
        assertThat(result.table()).contains("chosen").contains("  b\n").contains("  a\n");
    }

    @Test
    void shouldPreferTheEarlierOfEquallyGoodCandidates() {
        NabCorpus corpus = new NabCorpus(List.of(file("x"), file("y")));
        Map<String, double[]> same = Map.of("x/series.csv", scores(0.6, 0.3), "y/series.csv", scores(0.4, 0.35));

        NabCrossValidation.Result result = NabCrossValidation.nested(corpus, List.of(CostProfile.STANDARD),
                List.of(new NabCrossValidation.Candidate("first", same, EVERY_EVENT),
                        new NabCrossValidation.Candidate("second", same, EVERY_EVENT)));

        assertThat(result.folds()).extracting(NabCrossValidation.Fold::choice).containsExactly("first", "first");
        // the same folds as a plain cross-validation of those scores (the first test above)
        assertThat(result.pooled().get("standard")).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldReplayEachCandidatesAlarmsWithItsOwnRefractoryPeriod() {
        NabCorpus corpus = new NabCorpus(List.of(file("x"), file("y")));
        // A false alarm at row 30 and the window's first row at 40: with a refractory period of 20 events the
        // window is not detected; without one it is. Both categories alike, so every fold picks the same candidate.
        double[] early = new double[100];
        early[30] = 0.9;
        early[40] = 0.9;
        Map<String, double[]> scores = Map.of("x/series.csv", early, "y/series.csv", early);

        NabCrossValidation.Result result = NabCrossValidation.nested(corpus, List.of(CostProfile.STANDARD),
                List.of(new NabCrossValidation.Candidate("quiet 20", scores, new AlarmRule(0.5, 20, 0)),
                        new NabCrossValidation.Candidate("quiet 0", scores, EVERY_EVENT)));

        assertThat(result.folds()).extracting(NabCrossValidation.Fold::choice).containsExactly("quiet 0", "quiet 0");
        // each fold: the window detected at its first row (+1) and one false alarm (-0.11 under the standard profile)
        assertThat(result.folds()).extracting(NabCrossValidation.Fold::rawScore)
                .allSatisfy(raw -> assertThat(raw).isCloseTo(1.0 - 0.11, within(1e-9)));
    }
}

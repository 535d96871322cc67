package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The round's windows come from keys sending their last 24 events every 4 events, so consecutive windows share
 * 20 events. The split must keep the judging windows apart from every window that trained a candidate or chose
 * its epoch, by at least the gap, and the early-stopping windows apart from the training ones.
 */
class WindowSplitTest {

    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
    private static final long MINUTE = 60_000L;

    /** Windows of {@code keys} keys, each with events one minute apart, as their predictor sends them. */
    private static List<SampleSeries> windows(int keys, int events) {
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 24, 4, 4, AnomalySettings.defaults()));
        StepResult result = step.newResult();
        List<SampleSeries> windows = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            KeyMemory state = step.newMemory();
            for (int i = 0; i < events; i++) {
                step.apply(state, (1000 + i) * MINUTE, new double[] {Math.sin(i / 5.0)}, null, result);
                if (result.trainingWindowDue()) {
                    windows.add(SampleSeries.decode(step.trainingSample("key-" + key, state), 1, 0.01));
                }
            }
        }
        return windows;
    }

    /**
     * Why {@code training.validation.fraction} is at most 0.45: keys too few windows to split go to the judging set
     * with probability f, to the early-stopping set with f, and to training with what is left, 1 - 2f. At 0.45 a tenth
     * of 1000 such keys trains (100 expected, standard deviation about 9.5); from one half on none does, and every
     * round of an application of many keys ended with too few samples.
     */
    @Test
    void shouldLeaveKeysWithTooFewWindowsToSplitToTrainingOnlyBelowOneHalf() {
        List<SampleSeries> windows = windows(1000, 30);

        List<String> trainedAtMost = WindowSplit.byTime(windows, 0.45, 24).train().stream().map(SampleSeries::key)
                .distinct().toList();
        assertThat(trainedAtMost.size()).isBetween(60, 140);
        assertThat(WindowSplit.byTime(windows, 0.5, 24).train()).isEmpty();
    }

    /**
     * Many keys with a window or two each, as the bounded training set holds them when thousands of keys send
     * windows: no key can be split by time, so keys go whole to one set, in about the configured proportions.
     */
    @Test
    void shouldPutWholeKeysIntoTheSetsWhenKeysHaveTooFewWindowsToSplitByTime() {
        List<SampleSeries> windows = windows(1000, 30);
        assertThat(windows.stream().map(SampleSeries::key).distinct().count()).isEqualTo(1000);

        WindowSplit split = WindowSplit.byTime(windows, 0.2, 24);

        assertThat(split.train().size() + split.earlyStop().size() + split.judge().size()).isEqualTo(windows.size());
        List<String> judged = split.judge().stream().map(SampleSeries::key).distinct().toList();
        List<String> stopping = split.earlyStop().stream().map(SampleSeries::key).distinct().toList();
        List<String> trained = split.train().stream().map(SampleSeries::key).distinct().toList();
        assertThat(judged).doesNotContainAnyElementsOf(trained).doesNotContainAnyElementsOf(stopping);
        assertThat(stopping).doesNotContainAnyElementsOf(trained);
        // 1000 keys, each judged with probability 0.2: 200 expected, standard deviation about 13.
        assertThat(judged.size()).isBetween(150, 250);
        assertThat(stopping.size()).isBetween(150, 250);
        assertThat(trained.size()).isBetween(550, 650);
    }

    @Test
    void shouldKeepJudgingEarlyStoppingAndTrainingWindowsAGapApart() {
        List<SampleSeries> windows = windows(3, 400);
        int gap = 24;

        WindowSplit split = WindowSplit.byTime(windows, 0.2, gap);

        assertThat(split.judge()).isNotEmpty();
        assertThat(split.earlyStop()).isNotEmpty();
        assertThat(split.train()).isNotEmpty();
        for (int key = 0; key < 3; key++) {
            String name = "key-" + key;
            long judgeStart = firstTime(split.judge(), name);
            long earlyStart = firstTime(split.earlyStop(), name);
            assertThat(lastTime(split.earlyStop(), name) + gap * MINUTE).as(name).isLessThan(judgeStart);
            assertThat(lastTime(split.train(), name) + gap * MINUTE).as(name).isLessThan(earlyStart);
            assertThat(lastTime(split.train(), name)).as(name).isLessThan(judgeStart);
        }
        // Every window is either used once or dropped for the gaps; none is used twice.
        assertThat(split.train().size() + split.earlyStop().size() + split.judge().size())
                .isLessThan(windows.size());
        assertThat(split.judge()).doesNotContainAnyElementsOf(split.train()).doesNotContainAnyElementsOf(
                split.earlyStop());
    }

    @Test
    void shouldJudgeTheLatestWindowsOfEveryKey() {
        List<SampleSeries> windows = windows(2, 200);

        WindowSplit split = WindowSplit.byTime(windows, 0.25, 24);

        for (String key : List.of("key-0", "key-1")) {
            long latest = windows.stream().filter(w -> w.key().equals(key)).mapToLong(SampleSeries::lastTime).max()
                    .orElseThrow();
            assertThat(lastTime(split.judge(), key)).isEqualTo(latest);
        }
    }

    /**
     * Windows {@code at} positions of one key's windows, which end 4 events (minutes) apart: window {@code n} ends
     * {@code 4 n} minutes after the first and begins 23 minutes before it ends.
     */
    private static List<SampleSeries> pick(List<SampleSeries> windows, int... at) {
        List<SampleSeries> picked = new ArrayList<>();
        for (int n : at) {
            SampleSeries window = windows.get(n);
            assertThat(window.lastTime()).isEqualTo(windows.get(0).lastTime() + 4 * n * MINUTE);
            assertThat(window.firstTime()).isEqualTo(window.lastTime() - 23 * MINUTE);
            picked.add(window);
        }
        return picked;
    }

    /**
     * A key with only five windows, far apart, is still split by time: a fifth of five rounds to one window each
     * for judging and for early stopping, the latest, and the three before them train; handed over newest first, the
     * split orders them by time itself.
     */
    @Test
    void shouldSplitAKeyOfOnlyFiveWindowsByTimeWhateverOrderTheyComeIn() {
        List<SampleSeries> five = pick(windows(1, 400), 0, 20, 40, 60, 80);
        List<SampleSeries> newestFirst = List.of(five.get(4), five.get(2), five.get(3), five.get(0), five.get(1));

        for (List<SampleSeries> handed : List.of(five, newestFirst)) {
            WindowSplit split = WindowSplit.byTime(handed, 0.2, 24);

            assertThat(split.judge()).containsExactly(five.get(4));
            assertThat(split.earlyStop()).containsExactly(five.get(3));
            assertThat(split.train()).containsExactly(five.get(0), five.get(1), five.get(2));
        }
    }

    /**
     * A gap of 25 events: window 20 ends at minute 80, window 32 (early stopping) begins at minute 128 - 23 = 105,
     * exactly 25 events later. Only 24 events lie strictly between them, one too few, so window 20 trains nothing;
     * window 10, ending at minute 40, is far enough.
     */
    @Test
    void shouldDropAWindowThatEndsExactlyTheGapBeforeTheNextSetBegins() {
        List<SampleSeries> picked = pick(windows(1, 400), 0, 10, 20, 32, 52);

        WindowSplit split = WindowSplit.byTime(picked, 0.2, 25);

        assertThat(split.judge()).containsExactly(picked.get(4));
        assertThat(split.earlyStop()).containsExactly(picked.get(3));
        assertThat(split.train()).containsExactly(picked.get(0), picked.get(1));
    }

    private static long firstTime(List<SampleSeries> windows, String key) {
        return windows.stream().filter(w -> w.key().equals(key)).mapToLong(SampleSeries::firstTime).min()
                .orElseThrow();
    }

    private static long lastTime(List<SampleSeries> windows, String key) {
        return windows.stream().filter(w -> w.key().equals(key)).mapToLong(SampleSeries::lastTime).max()
                .orElseThrow();
    }
}

package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.training.TrainerSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several keys replayed as one stream: interleaved by event time, each with its own state, one shared trainer. */
class SeriesReplayKeysTest {

    private static final long MINUTE = 60_000L;
    private static final long START = 1_767_571_200_000L;

    private static final PredictorSettings SETTINGS = new PredictorSettings(
            new InputSpec(1, new int[] {0}, 1, List.of(), 0.005), 16, 4, 4, AnomalySettings.defaults());
    /** The first round needs 40 windows: 16 rows of history, then one window every 4 rows. */
    private static final TrainerSettings TRAINER = new TrainerSettings(8, 1, 0, 1000, 40, 4096, 4096, 0.2, 0.0,
            new TrainingSettings(0.01, 8, 3, 2, 1.0, 4, 7, 1));

    private static SeriesReplay.KeySeries series(String key, int rows, long offset, double level) {
        long[] times = new long[rows];
        double[][] values = new double[rows][1];
        for (int i = 0; i < rows; i++) {
            times[i] = START + offset + i * MINUTE;
            values[i][0] = level + 10 * Math.sin(i / 5.0);
        }
        return new SeriesReplay.KeySeries(key, times, values);
    }

    @Test
    void shouldInterleaveKeysByEventTimeAndKeepEachKeysState() {
        List<String> order = new ArrayList<>();
        List<Double> observedOfB = new ArrayList<>();
        SeriesReplay.KeySeries a = series("a", 3, 0, 100);
        SeriesReplay.KeySeries b = series("b", 3, MINUTE / 2, 5000);

        new SeriesReplay(SETTINGS, null).run(List.of(a, b), null, (key, row, result) -> {
            order.add((key == 0 ? "a" : "b") + row);
            if (key == 1 && row > 0) {
                // The fallback forecasts the key's own last value, not the other key's.
                observedOfB.add(result.forecast(1, 0));
            }
        });

        assertThat(order).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
        assertThat(observedOfB).containsExactly(b.values()[1][0], b.values()[2][0]);
    }

    @Test
    void shouldTrainOneModelOnEveryKeysWindowsAndForecastEveryKeyWithIt() {
        // Alone, neither key sends the 40 windows a first round needs ((96 - 16) / 4 + 1 = 21 each); together they do.
        SeriesReplay.KeySeries a = series("a", 96, 0, 100);
        SeriesReplay.KeySeries b = series("b", 96, MINUTE / 2, 300);
        long[] lastVersion = new long[2];

        SeriesReplay alone = new SeriesReplay(SETTINGS, TRAINER);
        alone.run(List.of(a), null, (key, row, result) -> { });
        SeriesReplay together = new SeriesReplay(SETTINGS, TRAINER);
        together.run(List.of(a, b), null, (key, row, result) -> lastVersion[key] = result.modelVersion());

        assertThat(alone.rounds()).isZero();
        assertThat(together.rounds()).isEqualTo(1);
        assertThat(together.published()).isEqualTo(1);
        assertThat(lastVersion).containsExactly(1, 1);
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.TrainingSampleCodec;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowFitTest {

    private static StreamcastConfig config(int historyLength) {
        Map<String, Object> settings = TestSettings.smallTrainer(40);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, historyLength);
        return new StreamcastConfig(settings);
    }

    private static WindowFit fit(int historyLength) {
        StreamcastConfig config = config(historyLength);
        return new WindowFit(config.trainerSettings(), config.inputSpec());
    }

    /**
     * The training set holds a longer window as its last rows in memory of their own: a view of the whole window's
     * bytes would keep them all in the heap, which the heap check measured at windows of history.length rows.
     */
    @Test
    void shouldTrainOnALongerWindowsLastRowsInBytesOfTheirOwn() {
        TrainingSample whole = PeriodicKeyWindows.of(config(24).predictorSettings()).get(0);
        assertThat(whole.getTimes().remaining()).isEqualTo(24 * Long.BYTES);

        TrainingSample trained = fit(12).trained(whole);

        assertThat(trained.getTimes().remaining()).isEqualTo(12 * Long.BYTES);
        assertThat(trained.getTimes().array()).hasSize(12 * Long.BYTES);
        assertThat(trained.getRawValues().array()).hasSize(12 * Float.BYTES);
        assertThat(trained.getScalers().array()).isNotSameAs(whole.getScalers().array());
        assertThat(fit(12).unfit(trained)).isNull();
    }

    @Test
    void shouldTrainOnAWindowOfAtMostTheHistoryLengthAsItIs() {
        TrainingSample window = PeriodicKeyWindows.of(config(24).predictorSettings()).get(0);

        assertThat(fit(24).trained(window)).isSameAs(window);
        assertThat(fit(30).trained(window)).isSameAs(window);
    }

    /**
     * A longer window cut is the window a predictor of the shorter history.length sends for the same events: the
     * same times (late events stepping back among them), values of two per event and scaling statistics, byte for
     * byte as stored.
     */
    @Test
    void shouldCutALongerWindowToTheWindowAPredictorOfTheShorterHistorySends() {
        InputSpec spec = new InputSpec(2, new int[] {0, 1}, 2, List.of(CalendarFeature.TIME_OF_DAY), 0.005);
        KeyStep longer = new KeyStep(new PredictorSettings(spec, 24, 4, 8, AnomalySettings.defaults()));
        KeyStep shorter = new KeyStep(new PredictorSettings(spec, 12, 4, 8, AnomalySettings.defaults()));
        KeyMemory longerState = longer.newMemory();
        KeyMemory shorterState = shorter.newMemory();
        StepResult result = longer.newResult();
        for (int i = 0; i < 300; i++) {
            long time = 1_700_000_000_000L + i * 60_000L - (i % 7 == 3 ? 90_000L : 0);
            double[] values = {400 + (i * 37 % 101), -3 + (i % 13) * 0.7};
            longer.apply(longerState, time, values, null, result);
            shorter.apply(shorterState, time, values, null, result);
        }
        Map<String, Object> settings = TestSettings.smallTrainer(40);
        settings.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 12);
        settings.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        StreamcastConfig config = new StreamcastConfig(settings);

        TrainingSample cut = new WindowFit(config.trainerSettings(), config.inputSpec())
                .trained(longer.trainingSample("k", longerState));

        assertThat(TrainingSampleCodec.encode(cut))
                .isEqualTo(TrainingSampleCodec.encode(shorter.trainingSample("k", shorterState)));
    }
}

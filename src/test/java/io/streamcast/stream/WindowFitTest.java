package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
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
}

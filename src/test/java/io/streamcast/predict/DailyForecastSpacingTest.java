package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The key's event spacing, which places its rhythms' forecasts in time and sizes their profiles' memories. */
class DailyForecastSpacingTest {

    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_767_571_200_000L;
    private final KeyStep step = new KeyStep(new PredictorSettings(new InputSpec(1, new int[] {0}, 1, List.of(), 0.01),
            64, 4, 0, AnomalySettings.defaults()));
    private final KeyMemory key = step.newMemory();
    private final StepResult result = step.newResult();

    /**
     * A five-minute key back from a two-day outage: the outage is no interval of the key's. The mean over the 64
     * events of its history, the outage among them, would put it at 50.7 minutes for 63 events.
     */
    @Test
    void shouldLeaveAnOutageOutOfTheSpacing() {
        long time = T0;
        for (int i = 0; i < 100; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += 5 * MINUTE;
        }
        time += 2 * 24 * 60 * MINUTE;
        for (int i = 0; i < 10; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += 5 * MINUTE;
        }

        assertThat(DailyForecast.spacing(key)).isEqualTo(5.0 * MINUTE);
    }

    /**
     * A key whose events come at random (a Poisson stream, one a minute on average) keeps its mean interval, about a
     * minute, not its median (0.7 of it): its k-th next event comes k mean intervals on. The mean of 63 exponential
     * intervals lies within 0.6 and 1.5 minutes with a probability of over 99.9 %.
     */
    @Test
    void shouldKeepTheMeanIntervalOfAKeyWhoseEventsComeAtRandom() {
        SplittableRandom random = new SplittableRandom(3);
        long time = T0;
        for (int i = 0; i < 64; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += Math.round(-Math.log(1 - random.nextDouble()) * MINUTE);
        }
        double mean = (double) (key.historyTimes[63] - key.historyTimes[0]) / 63;

        assertThat(DailyForecast.spacing(key)).isCloseTo(mean, within(1e-9 * mean)).isBetween(0.6 * MINUTE,
                1.5 * MINUTE);
    }
}

package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * A minute key with one event 59 minutes late (within the default grace of an hour, applied in arrival order):
     * its interval back (-59 minutes) and the one forward to the next event (+60) cancel, and the key still sends an
     * event a minute. Leaving out only the forward one, as an outage, the mean of the rest is a few seconds.
     */
    @Test
    void shouldKeepTheSpacingOfAKeyAfterAnEventLateWithinTheGrace() {
        long time = T0;
        for (int i = 0; i < 64; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += MINUTE;
        }
        long latest = time - MINUTE;
        assertThat(step.check(key, latest - 59 * MINUTE, latest, new double[] {0}, 1)).isNull();
        step.apply(key, latest - 59 * MINUTE, new double[] {0}, null, result);
        step.apply(key, time, new double[] {64}, null, result);

        assertThat(DailyForecast.spacing(key)).as("spacing in ms").isBetween(0.5 * MINUTE, 1.5 * MINUTE);
    }

    /**
     * The same with the late event at either end of the 64 events kept: the newest (its interval back the last), the
     * second oldest (its interval back the first) and the oldest (no interval back; the one forward, 60 minutes, left
     * out as an outage). Read in arrival order, the history's intervals put the spacing at 2.9 seconds with the late
     * event newest and 1.9 with it second oldest; in time order, between its earliest and latest times, they do not.
     */
    @ParameterizedTest(name = "{0} events after the late one")
    @ValueSource(ints = {0, 62, 63})
    void shouldKeepTheSpacingOfAKeyWhateverEndOfItsHistoryAnEventLateWithinTheGraceStandsAt(int after) {
        long time = T0;
        for (int i = 0; i < 64; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += MINUTE;
        }
        long latest = time - MINUTE;
        step.apply(key, latest - 59 * MINUTE, new double[] {0}, null, result);
        for (int i = 0; i < after; i++) {
            step.apply(key, time, new double[] {i}, null, result);
            time += MINUTE;
        }
        assertThat(key.historyTimes[63 - after]).as("the late event's place").isEqualTo(latest - 59 * MINUTE);

        assertThat(DailyForecast.spacing(key)).as("spacing in ms").isBetween(0.95 * MINUTE, 1.05 * MINUTE);
    }

    /** 100 in the even half hours of the day, 200 in the odd ones. */
    private static double level(long time) {
        return Math.floorMod(time, 86_400_000L) / (30 * MINUTE) % 2 == 0 ? 100 : 200;
    }

    /**
     * A minute key whose weekly rhythm alternates every half hour, forecast 45 events (45 minutes) ahead: its
     * forecast of the 45th event comes from the next half hour's level. After one event 59 minutes late, within the
     * grace, it should still; placed at the spacing the late event left, 45 events on is under two minutes on, in the
     * half hour of the latest event.
     */
    @Test
    void shouldForecastFortyFiveMinutesAheadFromTheNextHalfHourAfterAnEventLateWithinTheGrace() {
        KeyStep ahead = new KeyStep(new PredictorSettings(new InputSpec(1, new int[] {0}, 45, List.of(), 0.01),
                64, 4, 0, AnomalySettings.defaults()));
        KeyMemory memory = ahead.newMemory();
        StepResult out = ahead.newResult();
        long time = T0;
        for (int i = 0; i < 15 * 1440; i++) {
            ahead.apply(memory, time, new double[] {level(time)}, null, out);
            time += MINUTE;
        }
        long latest = time - MINUTE;
        assertThat(out.forecast(45, 0)).as("before the late event")
                .isCloseTo(level(latest + 45 * MINUTE), within(1.0));

        ahead.apply(memory, latest - 59 * MINUTE, new double[] {level(latest - 59 * MINUTE)}, null, out);
        ahead.apply(memory, time, new double[] {level(time)}, null, out);

        assertThat(level(time + 45 * MINUTE)).isNotEqualTo(level(time));
        assertThat(out.forecast(45, 0)).as("45 minutes after %s", java.time.Instant.ofEpochMilli(time))
                .isCloseTo(level(time + 45 * MINUTE), within(1.0));
    }
}

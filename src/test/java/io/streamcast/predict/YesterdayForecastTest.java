package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class YesterdayForecastTest {

    private static final long HOUR = 3_600_000L;
    private static final long START = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    /** Two values, the second forecast; five steps ahead. */
    private static final InputSpec SPEC = new InputSpec(2, new int[] {1}, 5, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);

    private static KeyMemory keyWithHistory(int historyLength) {
        return new KeyStep(new PredictorSettings(SPEC, historyLength, 4, 8, AnomalySettings.defaults())).newMemory();
    }

    /** A daily rhythm on a rising level: 10 at hour h of day d plus 0.5 a day, plus 3 sin(2 pi h / 24). */
    private static double value(int hour) {
        return 10 + 0.5 * hour / 24.0 + 3 * Math.sin(2 * Math.PI * (hour % 24) / 24);
    }

    private static void send(KeyMemory state, int hours) {
        for (int h = 0; h < hours; h++) {
            state.appendHistory(START + h * HOUR, new double[] {-1, value(h)});
        }
    }

    /** The second value's forecast for {@code at}, the key's latest event being at {@code latest}. */
    private static double forecast(KeyMemory state, long latest, long at, double spacing) {
        return YesterdayForecast.forecast(state, 1, at, spacing, YesterdayForecast.offset(state, 1, latest, spacing));
    }

    @Test
    void shouldForecastYesterdaysValueAtThatHourPlusHowFarTodayRunsAboveYesterday() {
        KeyMemory state = keyWithHistory(40);
        send(state, 30);
        long latest = START + 29 * HOUR;

        // hour 29 is 5 o'clock on the second day: three hours ahead is hour 32, whose day-before is hour 8; today
        // runs value(29) - value(5) = 0.5 above yesterday, the level's rise in a day
        double forecast = forecast(state, latest, latest + 3 * HOUR, HOUR);

        assertThat(forecast).isCloseTo(value(8) + value(29) - value(5), within(1e-5));
        assertThat(forecast).as("exact on a rhythm that keeps its shape on a straight rise")
                .isCloseTo(value(32), within(1e-5));
    }

    @Test
    void shouldTakeTheEventsNearestADayBackWithinHalfTheSpacing() {
        KeyMemory state = keyWithHistory(40);
        send(state, 30);
        long latest = START + 29 * HOUR;

        assertThat(YesterdayForecast.valueNear(state, 1, latest - YesterdayForecast.DAY_MILLIS + HOUR / 2, HOUR))
                .as("half an hour after hour 5: hour 5 or 6, both half the spacing away; the later is found first")
                .isCloseTo(value(6), within(1e-5));
        assertThat(YesterdayForecast.valueNear(state, 1, latest - YesterdayForecast.DAY_MILLIS + HOUR / 4, HOUR))
                .isCloseTo(value(5), within(1e-5));
        assertThat(YesterdayForecast.valueNear(state, 0, latest - YesterdayForecast.DAY_MILLIS, HOUR)).isEqualTo(-1);
    }

    /**
     * An event applied late (within the grace) comes after the key's latest in its history: the search stopped at it
     * and found no value for the latest time (the late event 40 minutes before it, more than half the spacing), or
     * took the late one (20 minutes before), and so no offset or a wrong one.
     */
    @Test
    void shouldFindTheLatestEventBehindAnEventAppliedLate() {
        long latest = START + 29 * HOUR;
        for (long lateBy : new long[] {40 * 60_000L, 20 * 60_000L}) {
            KeyMemory state = keyWithHistory(40);
            send(state, 30);
            state.appendHistory(latest - lateBy, new double[] {-1, 99});

            assertThat(YesterdayForecast.valueNear(state, 1, latest, HOUR)).as("late by %d ms", lateBy)
                    .isCloseTo(value(29), within(1e-5));
            assertThat(YesterdayForecast.offset(state, 1, latest, HOUR)).as("late by %d ms", lateBy)
                    .isCloseTo(value(29) - value(5), within(1e-5));
            assertThat(YesterdayForecast.valueNear(state, 1, latest - lateBy, HOUR / 2)).as("the late event itself")
                    .isEqualTo(99);
        }
    }

    /**
     * The history keeps events in the order they arrived: an event applied late just after the oldest one kept stands
     * second, earlier than the first. A day back from the latest event is that late event's time: the search, which
     * gave up on a time before the oldest arrival's, left the key without an offset, and so without yesterday's
     * forecasts, though its history holds the value sought.
     */
    @Test
    void shouldFindADayBackInALateEventThatArrivedAfterTheOldestKept() {
        KeyMemory state = keyWithHistory(30);
        // hour 0 arrives after hour 1, an hour late; then hours 2 to 24
        state.appendHistory(START + HOUR, new double[] {-1, value(1)});
        state.appendHistory(START, new double[] {-1, value(0)});
        for (int h = 2; h <= 24; h++) {
            state.appendHistory(START + h * HOUR, new double[] {-1, value(h)});
        }
        long latest = START + 24 * HOUR;

        assertThat(YesterdayForecast.valueNear(state, 1, START, HOUR)).isCloseTo(value(0), within(1e-5));
        assertThat(YesterdayForecast.offset(state, 1, latest, HOUR)).isCloseTo(value(24) - value(0), within(1e-5));
        assertThat(forecast(state, latest, latest + HOUR, HOUR))
                .isCloseTo(value(1) + value(24) - value(0), within(1e-5));
        assertThat(YesterdayForecast.valueNear(state, 1, START - HOUR, HOUR))
                .as("an hour before every event kept").isNaN();
    }

    @Test
    void shouldForecastNothingWhereTheHistoryDoesNotReachADayBack() {
        KeyMemory twelveHours = keyWithHistory(12);
        send(twelveHours, 30);
        long latest = START + 29 * HOUR;

        assertThat(forecast(twelveHours, latest, latest + HOUR, HOUR)).isNaN();

        KeyMemory young = keyWithHistory(40);
        send(young, 24);
        long youngLatest = START + 23 * HOUR;
        assertThat(forecast(young, youngLatest, youngLatest + HOUR, HOUR))
                .as("hour 0, a day before hour 24, is there, but not a day before the latest").isNaN();
        assertThat(forecast(young, youngLatest, youngLatest + HOUR, Double.NaN))
                .as("no spacing yet").isNaN();
    }
}

package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DayLagDeviationTest {

    private static final long HALF_HOUR = 30 * 60_000L;
    private static final long DAY = 48 * HALF_HOUR;
    private static final long MONDAY = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    /** Two forecast values; the second's record starts at {@link DayLagDeviation#STRIDE}. */
    private final float[] lags = new float[2 * DayLagDeviation.STRIDE];
    private long latest = DayLagDeviation.NONE;

    DayLagDeviationTest() {
        DayLagDeviation.forget(lags);
    }

    private void fold(long time, double first, double second) {
        latest = DayLagDeviation.advance(lags, 2, latest, time);
        DayLagDeviation.fold(lags, 0, latest, time, first);
        DayLagDeviation.fold(lags, 1, latest, time, second);
    }

    @Test
    void shouldRepeatHalfOfADeviationThatHalvesEveryDay() {
        // each half hour's deviation is half the one a day earlier, whatever the weights: the ratio of the sums is 1/2
        for (int i = 0; i < 3 * 48; i++) {
            double deviation = (1 + i % 48) * Math.pow(0.5, i / 48);
            fold(MONDAY + i * HALF_HOUR, deviation, i % 2 == 0 ? 1 : -1);
        }

        assertThat(DayLagDeviation.share(lags, 0)).isEqualTo(0.5);
        // Wednesday's 10:00 was (1 + 20) / 4; Thursday's forecast for 10:00 applies the share to it
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 3 * DAY + 20 * HALF_HOUR))
                .isCloseTo(21 / 4.0, within(1e-6));
        assertThat(DayLagDeviation.share(lags, 1)).as("the same every day: repeated whole").isEqualTo(1);
    }

    @Test
    void shouldKeepTheShareBetweenZeroAndOne() {
        for (int i = 0; i < 3 * 48; i++) {
            int day = i / 48;
            fold(MONDAY + i * HALF_HOUR, day % 2 == 0 ? 1 : -1, Math.pow(2, day));
        }

        assertThat(DayLagDeviation.share(lags, 0)).as("deviations that flip sign every day").isZero();
        assertThat(DayLagDeviation.share(lags, 1)).as("deviations that double every day").isEqualTo(1);
    }

    @Test
    void shouldHoldTheSameHalfHourYesterdayWhileTodaysIsUnderWay() {
        fold(MONDAY + 20 * HALF_HOUR, 3, 0);
        fold(MONDAY + DAY + 20 * HALF_HOUR + 60_000, 5, 0);

        // Tuesday 10:01: Tuesday 10:15 is still in the half hour whose yesterday was 3
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + DAY + 20 * HALF_HOUR + 15 * 60_000))
                .isEqualTo(3);
        // and Wednesday 10:00's yesterday is today's 5
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 2 * DAY + 20 * HALF_HOUR)).isEqualTo(5);
        assertThat(DayLagDeviation.share(lags, 0)).as("5 against 3, kept at 1").isEqualTo(1);
    }

    @Test
    void shouldForgetTheHalfHoursAKeySkipped() {
        for (int i = 0; i < 48; i++) {
            fold(MONDAY + i * HALF_HOUR, 2, 2);
        }
        // silent from Tuesday 00:00 to 12:00: those half hours tomorrow have no yesterday
        fold(MONDAY + DAY + 24 * HALF_HOUR, 2, 2);

        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 2 * DAY + 10 * HALF_HOUR)).isZero();
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 2 * DAY + 24 * HALF_HOUR)).isEqualTo(2);
        // nor is anything known for a time more than a day after the latest event
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 3 * DAY + 30 * HALF_HOUR)).isZero();

        // two days silent: everything is forgotten
        fold(MONDAY + 4 * DAY, 1, 1);
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 4 * DAY + 24 * HALF_HOUR)).isZero();
    }

    @Test
    void shouldKeepALateEventOfTheLastDayWithoutPairingIt() {
        fold(MONDAY + 10 * HALF_HOUR, 4, 4);
        fold(MONDAY + DAY + 20 * HALF_HOUR, 1, 1);
        fold(MONDAY + DAY + 12 * HALF_HOUR, -6, -6);

        // the late event fills its half hour for tomorrow, but is not paired with a day-earlier one: the only pair
        // so far would be Tuesday 10:00 with nothing (Monday 10:00 was not sent), so there is no share yet
        assertThat(DayLagDeviation.dayEarlier(lags, 1, latest, MONDAY + 2 * DAY + 12 * HALF_HOUR)).isEqualTo(-6);
        assertThat(DayLagDeviation.share(lags, 1)).isZero();
        assertThat(latest).isEqualTo(DayLagDeviation.halfHour(MONDAY + DAY + 20 * HALF_HOUR));

        // a late event whose half hour has left the ring is not kept: it would land where Tuesday 03:00 (not sent)
        // is kept for Wednesday
        fold(MONDAY + 5 * HALF_HOUR, 9, 9);
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 2 * DAY + 6 * HALF_HOUR)).isZero();
    }

    @Test
    void shouldForgetTheHalfHoursSinceATimeOfOneValueOnly() {
        for (int i = 0; i < 48; i++) {
            fold(MONDAY + i * HALF_HOUR, 3, 3);
        }
        fold(MONDAY + DAY + 3 * HALF_HOUR, 3, 3);

        // Tuesday since its midnight goes (its 01:30, the one event), Monday's half hours stay
        DayLagDeviation.forgetSince(lags, 0, latest, MONDAY + DAY);
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + 2 * DAY + 3 * HALF_HOUR)).isZero();
        assertThat(DayLagDeviation.dayEarlier(lags, 0, latest, MONDAY + DAY + 10 * HALF_HOUR)).isEqualTo(3);
        assertThat(DayLagDeviation.dayEarlier(lags, 1, latest, MONDAY + 2 * DAY + 3 * HALF_HOUR)).as("the other value")
                .isEqualTo(3);
        // since a time the ring no longer holds: everything it holds goes
        DayLagDeviation.forgetSince(lags, 1, latest, MONDAY - DAY);
        assertThat(DayLagDeviation.dayEarlier(lags, 1, latest, MONDAY + DAY + 10 * HALF_HOUR)).isZero();
    }
}

package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.anomaly.Statistic;
import io.streamcast.schema.CalendarFeature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyForecastTest {

    private static final long MINUTE = 60_000L;
    private static final long HALF_HOUR = 30 * MINUTE;
    /** Monday, 30 November 2026, midnight UTC. */
    private static final long MONDAY = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);
    private final KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults()));
    private final KeyMemory state = step.newMemory();
    private final StepResult result = step.newResult();

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /**
     * Which steps' forecasts of the latest event could have known the deviation a day before its half hour: those made
     * at or after that half hour. Daily events: only the first step's (made a day before); half-hourly events with a
     * history of 64: the first 48 steps' (made up to a day before).
     */
    @Test
    void shouldCountTheStepsWhoseForecastsSawTheDayBeforeTheEvent() {
        KeyStep daily = new KeyStep(new PredictorSettings(new InputSpec(1, new int[] {0}, 3, List.of(), 0.01), 16, 4,
                0, AnomalySettings.defaults()));
        KeyMemory days = daily.newMemory();
        StepResult result = daily.newResult();
        for (int i = 0; i < 10; i++) {
            daily.apply(days, MONDAY + i * 24 * 60 * MINUTE, new double[] {1}, null, result);
        }
        KeyStep halfHourly = new KeyStep(new PredictorSettings(new InputSpec(1, new int[] {0}, 60, List.of(), 0.01),
                64, 4, 0, AnomalySettings.defaults()));
        KeyMemory halfHours = halfHourly.newMemory();
        for (int i = 0; i < 64; i++) {
            halfHourly.apply(halfHours, MONDAY + i * HALF_HOUR, new double[] {1}, null, halfHourly.newResult());
        }

        assertThat(WeeklyForecast.stepsKnowingDayEarlier(days, days.lastEventTime)).isEqualTo(1);
        assertThat(WeeklyForecast.stepsKnowingDayEarlier(halfHours, halfHours.lastEventTime)).isEqualTo(48);
    }

    @Test
    void shouldNumberTheHalfHoursOfTheWeekFromMondayMidnightUtc() {
        assertThat(WeeklyForecast.slot(MONDAY)).isZero();
        assertThat(WeeklyForecast.slot(at("2026-11-30T00:29:59.999Z"))).isZero();
        assertThat(WeeklyForecast.slot(at("2026-11-30T00:30:00Z"))).isEqualTo(1);
        assertThat(WeeklyForecast.slot(at("2026-12-02T13:15:00Z"))).as("Wednesday 13:15").isEqualTo(2 * 48 + 26);
        assertThat(WeeklyForecast.slot(at("2026-12-06T23:59:00Z"))).as("Sunday 23:59").isEqualTo(335);
        assertThat(WeeklyForecast.slot(at("1970-01-01T00:00:00Z"))).as("a Thursday").isEqualTo(3 * 48);
        assertThat(WeeklyForecast.slot(at("1969-12-31T23:45:00Z"))).as("before the epoch").isEqualTo(3 * 48 - 1);
    }

    @Test
    void shouldRememberTheDailyProfilesSpanOfPeriodsInWeeks() {
        // 8 1/3 weeks of events: six per half hour a week at five minutes, one at half-hourly spacing or slower
        assertThat(WeeklyForecast.memory(5 * MINUTE)).isEqualTo(50);
        assertThat(WeeklyForecast.memory(HALF_HOUR)).isEqualTo(8);
        assertThat(WeeklyForecast.memory(2 * HALF_HOUR)).isEqualTo(8);
        assertThat(WeeklyForecast.memory(MINUTE)).as("250, more than a count holds").isEqualTo(127);
        assertThat(WeeklyForecast.memory(Double.NaN)).as("spacing unknown").isEqualTo(127);
    }

    @Test
    void shouldForecastNothingBeforeTheProfileIsAWeekOld() {
        for (int i = 0; i < 40; i++) {
            step.apply(state, MONDAY + i * MINUTE, new double[] {i % 2 == 0 ? 0 : 10}, null, result);
        }

        // every half hour forecast has been seen this week, but not in an earlier one
        assertThat(state.weeklyCounts[0]).isEqualTo((byte) 30);
        assertThat(state.weeklyForecasts).containsOnly(Double.NaN);
        assertThat(KeyStateView.of(state, SPEC).forecastBy()[0][0]).isNotEqualTo("weekly");
    }

    @Test
    void shouldForecastAKeysWeeklyRhythmOnceItForecastsTheKeyBetterThanTheOthers() {
        // half-hourly, 100 all Monday and 10 every other day, for four weeks
        int events = 4 * WeeklyForecast.SLOTS;
        for (int i = 0; i < events; i++) {
            boolean monday = i % WeeklyForecast.SLOTS < 48;
            step.apply(state, MONDAY + i * HALF_HOUR, new double[] {monday ? 100 : 10}, null, result);
        }

        // the last event is a Sunday's 23:30: persistence says 10 for Monday 00:00 and 00:30, the daily rhythm
        // something between 10 and 100 (it blurs the days), the weekly rhythm 100: every Monday half hour was 100,
        // and the key never strayed from its week, so nothing of the present deviation (0) carries over
        assertThat(result.forecast(1, 0)).isCloseTo(100, within(1e-3));
        assertThat(result.forecast(2, 0)).isCloseTo(100, within(1e-3));
        assertThat(KeyStateView.of(state, SPEC).forecastBy()[0][0]).isEqualTo("weekly");
    }

    /**
     * A half-hourly key with a weekly rhythm: 100 on weekdays from 08:00 to 20:00, 20 at other hours and at weekends,
     * each value off by 2 (up, then down); the Wednesday of its seventh week, {@code holiday}, looks like a Sunday.
     * Returns, per event of that Wednesday, the cause of its anomaly, or null for none.
     */
    private static List<Statistic> holidayAnomalies(KeyStep step) {
        KeyMemory memory = step.newMemory();
        StepResult stepResult = step.newResult();
        long holiday = MONDAY + 6 * WeeklyForecast.WEEK_MILLIS + 2 * 48 * HALF_HOUR;
        List<Statistic> causes = new java.util.ArrayList<>();
        for (int i = 0; i < 7 * 7 * 48; i++) {
            long time = MONDAY + i * HALF_HOUR;
            int day = i / 48;
            int hour = i % 48 / 2;
            boolean onHoliday = time >= holiday && time < holiday + 48 * HALF_HOUR;
            boolean busy = day % 7 < 5 && hour >= 8 && hour < 20 && !onHoliday;
            step.apply(memory, time, new double[] {(busy ? 100 : 20) + (i % 2 == 0 ? 2 : -2)}, null, stepResult);
            if (onHoliday) {
                causes.add(stepResult.isAnomaly() ? stepResult.anomalyCause() : null);
            }
        }
        return causes;
    }

    @Test
    void shouldRaiseAnAnomalyOnAWeekdayThatLooksLikeASundayOnlyAgainstTheKeysWeek() {
        KeyStep daily = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults())
                .withWeeklyRhythm(false));

        assertThat(holidayAnomalies(step)).contains(Statistic.WEEKLY);
        // its day blends weekdays and weekends: against it the holiday is one more weekend day
        assertThat(holidayAnomalies(daily)).containsOnlyNulls();
    }

    @Test
    void shouldKnowAHalfHoursUsualValueOnceTheProfileIsAWeekOldAndHasSeenItThreeTimes() {
        for (int week = 0; week < 3; week++) {
            assertThat(WeeklyForecast.usualValue(state, 0, MONDAY + week * WeeklyForecast.WEEK_MILLIS))
                    .as("week %d", week).isNaN();
            step.apply(state, MONDAY + week * WeeklyForecast.WEEK_MILLIS, new double[] {100}, null, result);
        }
        // three Mondays at midnight, each 100: the usual value is 100 (the profile keeps signed logs; rounded back)
        assertThat(WeeklyForecast.usualValue(state, 0, MONDAY + 3 * WeeklyForecast.WEEK_MILLIS))
                .isCloseTo(100, within(1e-3));
        assertThat(WeeklyForecast.usualValue(state, 0, MONDAY + 3 * WeeklyForecast.WEEK_MILLIS + HALF_HOUR))
                .as("a half hour never seen").isNaN();
    }

    /**
     * A holiday forecast from the day it resembles: the half-hourly key above (100 on weekday working hours, 20
     * otherwise, each off by 2), its fifth Wednesday a Sunday. At 09:00 that day the weekly rhythm forecasts the next
     * half hour near the weekend's 20, where at 09:00 on the Wednesday before, a working day, it forecasts near 100.
     * Without the similar-day rule the holiday's forecast came from Wednesday's profile too (the key's deviations,
     * alternating, carry nothing over).
     */
    @Test
    void shouldForecastTheRestOfAHolidayFromTheDayOfTheWeekItHasSoFarResembled() {
        long holiday = MONDAY + 4 * WeeklyForecast.WEEK_MILLIS + 2 * 48 * HALF_HOUR;
        long ordinary = holiday - WeeklyForecast.WEEK_MILLIS;
        double[] at0900 = new double[2];
        for (int i = 0; i < 5 * 7 * 48; i++) {
            long time = MONDAY + i * HALF_HOUR;
            int hour = i % 48 / 2;
            boolean onHoliday = time >= holiday && time < holiday + 48 * HALF_HOUR;
            boolean busy = i / 48 % 7 < 5 && hour >= 8 && hour < 20 && !onHoliday;
            step.apply(state, time, new double[] {(busy ? 100 : 20) + (i % 2 == 0 ? 2 : -2)}, null, result);
            if (time == ordinary + 18 * HALF_HOUR || time == holiday + 18 * HALF_HOUR) {
                at0900[time == holiday + 18 * HALF_HOUR ? 1 : 0] = state.weeklyForecasts[state.at(0, 1, 0)];
            }
        }

        assertThat(at0900[0]).as("an ordinary Wednesday").isCloseTo(100, within(10.0));
        assertThat(at0900[1]).as("the holiday").isCloseTo(20, within(3.0));
    }

    /**
     * The half-hourly key above (weekdays 100 from 08:00 to 20:00, 20 otherwise, each off by 2), its Mondays' working
     * hours at 80, run to 10:00 on the Thursday of its fifth week; from that week's Tuesday on, every weekday's working
     * hours are at {@code tuesdayOnWorkingHours}, and that Thursday's at {@code thursdayWorkingHours}. Returns the day
     * of the week that forecasts the rest of that Thursday ({@link SimilarDay#dayFor}), -1 for its own.
     */
    private int dayForecastingThursday(double tuesdayOnWorkingHours, double thursdayWorkingHours) {
        return dayForecastingThursday(tuesdayOnWorkingHours, thursdayWorkingHours, false);
    }

    /** As above; with {@code lateEvent}, an event of Wednesday 23:45 arrives after Thursday's 00:30 one. */
    private int dayForecastingThursday(double tuesdayOnWorkingHours, double thursdayWorkingHours, boolean lateEvent) {
        long tuesday = MONDAY + 4 * WeeklyForecast.WEEK_MILLIS + 48 * HALF_HOUR;
        long thursday = tuesday + 2 * 48 * HALF_HOUR;
        long time = MONDAY;
        for (int i = 0; time <= thursday + 20 * HALF_HOUR; i++, time += HALF_HOUR) {
            int hour = i % 48 / 2;
            boolean working = i / 48 % 7 < 5 && hour >= 8 && hour < 20;
            double level = i / 48 % 7 == 0 ? 80 : time >= thursday ? thursdayWorkingHours
                    : time >= tuesday ? tuesdayOnWorkingHours : 100;
            step.apply(state, time, new double[] {(working ? level : 20) + (i % 2 == 0 ? 2 : -2)}, null, result);
            if (lateEvent && time == thursday + HALF_HOUR) {
                step.apply(state, thursday - 15 * MINUTE, new double[] {20}, null, result);
            }
        }
        return SimilarDay.dayFor(state, 0, time);
    }

    /**
     * A season is not a holiday. When every weekday has fallen to Monday's level since Tuesday, by 10:00 on Thursday
     * Monday's profile has fitted the day far better than Thursday's own, but the day strays from its own profile no
     * further than Tuesday and Wednesday strayed from theirs: it is forecast from Thursday's profile, with the
     * deviation carried. (Without the test for an unusual day, Monday's profile forecast it.)
     */
    @Test
    void shouldForecastADayThatDriftsAsTheDaysBeforeItDidFromItsOwnProfile() {
        assertThat(dayForecastingThursday(80, 80)).as("the third day at Monday's level").isEqualTo(-1);
    }

    /** A Thursday that looks like a Sunday, in a week that held its level, is forecast from the weekend. */
    @Test
    void shouldForecastAThursdayThatLooksLikeASundayFromTheWeekend() {
        assertThat(dayForecastingThursday(100, 20)).isIn(5, 6);
    }

    /**
     * An event of the day before, applied late (within the late-event grace) after the day's first hour has begun,
     * neither restarts the day's fits nor counts as one of its events: the day's fits still start at its midnight and
     * count its 21 events to 10:00, and the day is still forecast from the weekend. (Before, the late event restarted
     * the fits on Wednesday and the next event restarted them again at 01:00, with 19 events.)
     */
    @Test
    void shouldKeepTheDaysFitsWhenAnEventOfThePreviousDayArrivesLate() {
        int day = dayForecastingThursday(100, 20, true);

        long thursday = MONDAY + 4 * WeeklyForecast.WEEK_MILLIS + 3 * 48 * HALF_HOUR;
        assertThat(state.similarDayStart).isEqualTo(thursday);
        assertThat(state.similarDayEvents).isEqualTo(21);
        assertThat(day).isIn(5, 6);
    }

    /**
     * An ordinary Thursday whose own profile has never seen one of its half hours (the key sent nothing at 02:00 on
     * the Thursdays before) has an infinite fit to that profile, which says nothing of how unusual it is: it is
     * forecast from its own profile. (Before, the infinite fit passed both tests and a Tuesday, Wednesday or
     * Friday forecast it.)
     */
    @Test
    void shouldForecastADayFromItsOwnProfileWhenThatProfileHasNotSeenOneOfItsHalfHours() {
        long thursday = MONDAY + 4 * WeeklyForecast.WEEK_MILLIS + 3 * 48 * HALF_HOUR;
        long time = MONDAY;
        for (int i = 0; time <= thursday + 20 * HALF_HOUR; i++, time += HALF_HOUR) {
            if (i / 48 % 7 == 3 && time < thursday && i % 48 == 4) {
                continue;
            }
            int hour = i % 48 / 2;
            boolean working = i / 48 % 7 < 5 && hour >= 8 && hour < 20;
            double level = i / 48 % 7 == 0 ? 80 : 100;
            step.apply(state, time, new double[] {(working ? level : 20) + (i % 2 == 0 ? 2 : -2)}, null, result);
        }
        assertThat(state.dayFits[3]).as("Thursday's own fit").isInfinite();
        assertThat(SimilarDay.dayFor(state, 0, time)).isEqualTo(-1);
    }

    /**
     * A half-hourly key at 100 for three weeks, then at 300 in the half hour from 10:00 on Monday, Tuesday and
     * Wednesday of its fourth week: a daily peak its weekly profile has not learnt (each day of the week sees it once).
     * At 09:00 on Thursday, the key's present deviation is 0 and its deviations do not carry from event to event, so
     * without yesterday's deviation the weekly rhythm forecasts 10:00 at its profile's 100. The peaks repeated whole
     * from day to day, so the share is 1, and Wednesday's deviation at 10:00 (the signed log of 301 less the
     * Wednesday profile's mean after folding it, (3 ln 101 + ln 301) / 4) is added: exp(ln 101 + (ln 301 - ln 101)
     * 3 / 4) - 1 = 101^(1/4) 301^(3/4) - 1, about 228.
     */
    @Test
    void shouldForecastAHalfHourWithTheShareOfYesterdaysDeviationThereThatRepeats() {
        long thursday = MONDAY + 3 * WeeklyForecast.WEEK_MILLIS + 3 * 48 * HALF_HOUR;
        long time = MONDAY;
        for (int i = 0; time <= thursday + 18 * HALF_HOUR; i++, time += HALF_HOUR) {
            boolean peak = time >= MONDAY + 3 * WeeklyForecast.WEEK_MILLIS && i % 48 == 20;
            step.apply(state, time, new double[] {peak ? 300 : 100}, null, result);
        }

        // the event at 09:00: the second step ahead is 10:00
        assertThat(state.weeklyForecasts[state.at(0, 1, 0)]).as("09:30").isCloseTo(100, within(1e-3));
        assertThat(state.weeklyForecasts[state.at(0, 2, 0)]).as("10:00")
                .isCloseTo(Math.pow(101, 0.25) * Math.pow(301, 0.75) - 1, within(0.01));
        assertThat(WeeklyForecast.usualValue(state, 0, thursday + 20 * HALF_HOUR)).isCloseTo(100, within(1e-3));
    }

    /**
     * The morning after a holiday. A half-hourly key (100 on weekday working hours, 20 otherwise, each off by 2, up
     * then down) whose fifth Wednesday looks like a Sunday: from 03:00 that day is forecast from the weekend's
     * profile. Its deviations from its own profile (20 where Wednesdays run at 100) say nothing of Thursday, so the
     * half hours forecast from another day are not kept for it: at 07:30 on Thursday nothing of the holiday's 08:00 is
     * applied to Thursday's 08:00, though the share of yesterday's deviation that repeats is well above a half (the
     * key's small deviations repeat day after day). Once the rule has found the day unusual (after its first three
     * hours), the whole day's deviations are let go; Thursday's own are kept for Friday.
     */
    @Test
    void shouldNotCarryAHolidaysDeviationIntoTheNextDay() {
        long holiday = MONDAY + 4 * WeeklyForecast.WEEK_MILLIS + 2 * 48 * HALF_HOUR;
        long thursday = holiday + 48 * HALF_HOUR;
        long time = MONDAY;
        boolean forecastFromAnotherDay = false;
        for (int i = 0; time <= thursday + 15 * HALF_HOUR; i++, time += HALF_HOUR) {
            int hour = i % 48 / 2;
            boolean onHoliday = time >= holiday && time < thursday;
            boolean working = i / 48 % 7 < 5 && hour >= 8 && hour < 20 && !onHoliday;
            step.apply(state, time, new double[] {(working ? 100 : 20) + (i % 2 == 0 ? 2 : -2)}, null, result);
            forecastFromAnotherDay |= onHoliday && SimilarDay.dayFor(state, 0, time) >= 0;
        }

        assertThat(forecastFromAnotherDay).as("the holiday forecast from another day's profile").isTrue();
        long latest = state.weeklyDayLagHalfHour;
        assertThat(DayLagDeviation.dayEarlier(state.weeklyDayLag, 0, latest, thursday + 16 * HALF_HOUR))
                .as("the holiday's 08:00, for Thursday 08:00").isZero();
        assertThat(DayLagDeviation.dayEarlier(state.weeklyDayLag, 0, latest, thursday + 48 * HALF_HOUR + 2 * HALF_HOUR))
                .as("Thursday's own 01:00, for Friday's").isNotZero();
        assertThat(DayLagDeviation.share(state.weeklyDayLag, 0)).as("the key's days repeat their small deviations")
                .isGreaterThan(0.5);
    }
}

package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.EventTimePolicy.LateEvents;
import org.junit.jupiter.api.Test;

class EventTimePolicyTest {

    private static final long HOUR = 3_600_000L;
    private static final long NOW = 1_767_571_200_000L; // 2026-01-05T00:00Z
    private static final long YEAR_3000 = 32_503_680_000_000L; // 3000-01-01T00:00Z
    private static final EventTimePolicy APPLY = new EventTimePolicy(LateEvents.APPLY, HOUR, HOUR);
    private static final EventTimePolicy REFUSE = new EventTimePolicy(LateEvents.REFUSE, HOUR, HOUR);

    @Test
    void shouldRefuseAnEventTimeFurtherAheadOfItsReferenceThanTheLimit() {
        assertThat(APPLY.judge(false, 0, YEAR_3000, NOW)).isEqualTo(Rejection.FAR_FUTURE);
        assertThat(APPLY.judge(false, 0, NOW * 1000, NOW)).as("microseconds").isEqualTo(Rejection.FAR_FUTURE);
        assertThat(APPLY.judge(false, 0, NOW + HOUR + 1, NOW)).isEqualTo(Rejection.FAR_FUTURE);
        assertThat(APPLY.judge(false, 0, NOW + HOUR, NOW)).isNull();
        assertThat(REFUSE.judge(true, NOW, YEAR_3000, NOW)).isEqualTo(Rejection.FAR_FUTURE);
    }

    @Test
    void shouldApplyLateEventsWithinTheGraceAndRefuseLaterOnes() {
        long latest = NOW - 10_000;
        assertThat(APPLY.judge(true, latest, latest - HOUR, NOW)).isNull();
        assertThat(APPLY.judge(true, latest, latest - HOUR - 1, NOW)).isEqualTo(Rejection.OUT_OF_ORDER);
        assertThat(APPLY.judge(true, latest, latest, NOW)).isNull();
    }

    @Test
    void shouldRefuseEveryLateEventUnderTheRefusePolicyButAcceptEqualTimes() {
        long latest = NOW - 10_000;
        assertThat(REFUSE.judge(true, latest, latest - 1, NOW)).isEqualTo(Rejection.OUT_OF_ORDER);
        assertThat(REFUSE.judge(true, latest, latest, NOW)).isNull();
        assertThat(REFUSE.judge(true, latest, latest + 1, NOW)).isNull();
    }

    /** A key never seen takes any past time from the year 1 (0001-01-01T00:00:00Z is -62,135,596,800,000 ms) on. */
    @Test
    void shouldAcceptAnyPastTimeFromTheYearOneForAKeyNeverSeen() {
        assertThat(REFUSE.judge(false, Long.MIN_VALUE, 0, NOW)).isNull();
        assertThat(APPLY.judge(false, Long.MIN_VALUE, -62_135_596_800_000L, NOW)).isNull();
        assertThat(APPLY.judge(false, Long.MIN_VALUE, -62_135_596_800_001L, NOW)).isEqualTo(Rejection.FAR_PAST);
        assertThat(APPLY.judge(false, Long.MIN_VALUE, Long.MIN_VALUE, NOW)).isEqualTo(Rejection.FAR_PAST);
    }

    /** Whatever the future limit, a time after 9999-12-31T23:59:59.999Z (253,402,300,799,999 ms) is refused. */
    @Test
    void shouldRefuseATimeAfterTheYear9999WhateverTheLimit() {
        EventTimePolicy unlimited = new EventTimePolicy(LateEvents.APPLY, HOUR, Long.MAX_VALUE);

        assertThat(unlimited.judge(false, 0, 253_402_300_799_999L, NOW)).isNull();
        assertThat(unlimited.judge(false, 0, 253_402_300_800_000L, NOW)).isEqualTo(Rejection.FAR_FUTURE);
        assertThat(unlimited.judge(false, 0, Long.MAX_VALUE, NOW)).isEqualTo(Rejection.FAR_FUTURE);
    }

    @Test
    void shouldJudgeTimesAtOppositeEndsOfTheRangeWithoutOverflow() {
        assertThat(APPLY.judge(true, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE))
                .as("a time before the year 1 is far-past before it is late").isEqualTo(Rejection.FAR_PAST);
        assertThat(APPLY.judge(true, Long.MAX_VALUE, 0, Long.MAX_VALUE)).isEqualTo(Rejection.OUT_OF_ORDER);
        assertThat(APPLY.judge(false, 0, Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(Rejection.FAR_FUTURE);
        EventTimePolicy unlimited = new EventTimePolicy(LateEvents.APPLY, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(unlimited.judge(true, Long.MAX_VALUE, 0, NOW)).isNull();
        assertThat(unlimited.judge(true, Long.MAX_VALUE, -1, NOW)).as("late by more than Long.MAX_VALUE")
                .isEqualTo(Rejection.OUT_OF_ORDER);
    }

    @Test
    void shouldDefaultToApplyingAnHourLateAndRefusingMoreThanAnHourAhead() {
        assertThat(EventTimePolicy.defaults()).isEqualTo(new EventTimePolicy(LateEvents.APPLY, HOUR, HOUR));
    }

    /**
     * An event is accepted at most the limit ahead of the wall clock (an hour here), so a key's latest time further
     * ahead than that and the minute a clock may be stepped back by can only come from a clock that went back.
     */
    @Test
    void shouldTellALatestTimeNoEventCouldHaveReachedUnderTheClock() {
        long minute = 60_000L;
        assertThat(APPLY.outrunsTheClock(NOW + HOUR + minute + 1, NOW)).isTrue();
        assertThat(APPLY.outrunsTheClock(NOW + HOUR + minute, NOW)).isFalse();
        assertThat(APPLY.outrunsTheClock(NOW + HOUR, NOW)).isFalse();
        assertThat(APPLY.outrunsTheClock(NOW - HOUR, NOW)).isFalse();
        assertThat(REFUSE.outrunsTheClock(YEAR_3000, NOW)).isTrue();
        assertThat(new EventTimePolicy(LateEvents.REFUSE, 0, 0).outrunsTheClock(NOW + minute + 1, NOW)).isTrue();
        assertThat(new EventTimePolicy(LateEvents.REFUSE, 0, 0).outrunsTheClock(NOW + minute, NOW)).isFalse();
        assertThat(new EventTimePolicy(LateEvents.APPLY, HOUR, Long.MAX_VALUE - 1).outrunsTheClock(YEAR_3000, NOW))
                .as("a limit that with the minute does not fit a long").isFalse();
        assertThat(APPLY.outrunsTheClock(Long.MAX_VALUE, Long.MIN_VALUE)).as("times at opposite ends").isTrue();
    }
}

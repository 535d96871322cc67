package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void shouldHalveTheRateAfterFourEpochsInARowWithoutABetterValidationLoss() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.01);
        schedule.afterEpoch(true);
        schedule.afterEpoch(false);
        schedule.afterEpoch(false);
        schedule.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.01);
        schedule.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.005);
        for (int epoch = 0; epoch < 3; epoch++) {
            schedule.afterEpoch(false);
        }
        assertThat(schedule.rate()).as("the count starts again after a halving").isEqualTo(0.005);
        schedule.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.0025);
    }

    @Test
    void shouldStartTheCountAgainAtABetterEpoch() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.02);
        for (int epoch = 0; epoch < 3; epoch++) {
            schedule.afterEpoch(false);
        }
        schedule.afterEpoch(true);
        for (int epoch = 0; epoch < 3; epoch++) {
            schedule.afterEpoch(false);
        }
        assertThat(schedule.rate()).as("never four in a row").isEqualTo(0.02);
        schedule.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.01);
    }
}

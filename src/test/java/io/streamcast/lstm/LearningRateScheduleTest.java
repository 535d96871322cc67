package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    /** Feeds epochs to the schedule as the trainer does: the count of epochs in a row without a better loss. */
    private static final class Epochs {
        private final LearningRateSchedule schedule;
        private int withoutBetter;

        Epochs(LearningRateSchedule schedule) {
            this.schedule = schedule;
        }

        void afterEpoch(boolean better) {
            withoutBetter = better ? 0 : withoutBetter + 1;
            schedule.afterEpoch(withoutBetter);
        }
    }

    @Test
    void shouldHalveTheRateAfterFourEpochsInARowWithoutABetterValidationLoss() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.01);
        Epochs epochs = new Epochs(schedule);
        epochs.afterEpoch(true);
        epochs.afterEpoch(false);
        epochs.afterEpoch(false);
        epochs.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.01);
        epochs.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.005);
        for (int n = 0; n < 3; n++) {
            epochs.afterEpoch(false);
        }
        assertThat(schedule.rate()).as("the count starts again after a halving").isEqualTo(0.005);
        epochs.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.0025);
    }

    @Test
    void shouldStartTheCountAgainAtABetterEpoch() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.02);
        Epochs epochs = new Epochs(schedule);
        for (int n = 0; n < 3; n++) {
            epochs.afterEpoch(false);
        }
        epochs.afterEpoch(true);
        for (int n = 0; n < 3; n++) {
            epochs.afterEpoch(false);
        }
        assertThat(schedule.rate()).as("never four in a row").isEqualTo(0.02);
        epochs.afterEpoch(false);
        assertThat(schedule.rate()).isEqualTo(0.01);
    }
}

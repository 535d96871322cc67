package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.TrainerSettings;
import io.streamcast.training.TrainingSchedule;
import org.junit.jupiter.api.Test;

/**
 * The round on record as a life of the trainer starts: this instance's is one cut short with the process alive,
 * another's one the process may have stopped in. Each life here is a new record and schedule over the same counters,
 * as a revived or re-created trainer builds them over its rebuilt store.
 */
class RunningRoundRecordTest {

    private static final TrainerSettings SETTINGS =
            new StreamcastConfig(TestSettings.smallTrainer(40)).trainerSettings();

    /**
     * A challenger's turn whose rounds were each cut short by a revival of the task in the same instance keeps its
     * place: the next round tries the same challenger. Counted as rounds the process stopped in, two of them would
     * pass the turn over.
     */
    @Test
    void shouldKeepAChallengersTurnWhoseRoundsTheSameInstanceRevived() {
        TrainingSchedule.Progress progress = TrainingSchedule.Progress.inMemory();
        InstanceLife instance = InstanceLife.drawn();

        for (int life = 0; life < 2; life++) {
            TrainingSchedule schedule = TrainingSchedule.onWallClock(SETTINGS, progress);
            new RunningRoundRecord(progress, schedule, instance).settleAtStart();
            schedule.roundStarted(1_000L * life);
            assertThat(schedule.challengerRoundStarted()).as("the turn of the round in life %d", life).isZero();
            new RunningRoundRecord(progress, schedule, instance).started(false);
        }
        TrainingSchedule schedule = TrainingSchedule.onWallClock(SETTINGS, progress);
        boolean cutShort = new RunningRoundRecord(progress, schedule, instance).settleAtStart();

        assertThat(schedule.challengerRoundStarted()).as("the turn of the third round").isZero();
        assertThat(cutShort).as("the round on record is this instance's").isTrue();
    }

    /** Two rounds of a turn that other lives started and never ended pass the turn over, as before. */
    @Test
    void shouldPassOverAChallengersTurnWhoseRoundsOtherLivesStartedAndNeverEnded() {
        TrainingSchedule.Progress progress = TrainingSchedule.Progress.inMemory();

        for (int life = 0; life < 2; life++) {
            TrainingSchedule schedule = TrainingSchedule.onWallClock(SETTINGS, progress);
            new RunningRoundRecord(progress, schedule, InstanceLife.drawn()).settleAtStart();
            schedule.roundStarted(1_000L * life);
            schedule.challengerRoundStarted();
            new RunningRoundRecord(progress, schedule, InstanceLife.drawn()).started(false);
        }
        TrainingSchedule schedule = TrainingSchedule.onWallClock(SETTINGS, progress);
        boolean cutShort = new RunningRoundRecord(progress, schedule, InstanceLife.drawn()).settleAtStart();

        assertThat(cutShort).as("the round on record is another life's").isFalse();
        assertThat(schedule.challengerRoundStarted()).as("the turn of the third round").isEqualTo(1);
    }
}

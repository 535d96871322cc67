package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.testing.TestSettings;
import org.junit.jupiter.api.Test;

class TrainingScheduleTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, java.util.List.of(), 0.01);
    /** At least 10 windows, 5 new ones since the last round, 1 s between round starts. */
    private static final TrainerSettings SETTINGS = new TrainerSettings(8, 1, 1_000, 5, 10, 100, 100, 0.2, 0.01,
            new TrainingSettings(0.01, 8, 5, 2, 1.0, 2, 1, 1));

    private final TrainingSchedule.Progress progress = TrainingSchedule.Progress.inMemory();
    private final TrainingSchedule schedule = TrainingSchedule.onWallClock(SETTINGS, progress);

    private void arrive(int windows) {
        for (int i = 0; i < windows; i++) {
            schedule.windowArrived();
        }
    }

    /**
     * Counters appended to the progress store's changelog by hand, a last round start at the smallest long and a count
     * of new windows at the largest or the smallest, still let rounds start: the time since that start overflowed to a
     * negative number, the next window's count wrapped to the smallest long, and a count from there would not reach
     * training.min.new.samples in any lifetime; no round was due again, for good.
     */
    @Test
    void shouldStartRoundsWhateverExtremeCountersTheProgressHolds() {
        arrive(10);
        assertThat(schedule.due(T0, 10)).isTrue();
        schedule.roundStarted(T0);

        progress.put("last.round.start", Long.MIN_VALUE);
        arrive(5);
        assertThat(schedule.due(T0, 10)).as("a last round start at the smallest long").isTrue();

        progress.put("last.round.start", T0 - 1_000);
        progress.put("new.samples", Long.MAX_VALUE);
        arrive(1);
        assertThat(schedule.due(T0, 10)).as("new windows counted up to the largest long").isTrue();

        progress.put("new.samples", Long.MIN_VALUE);
        arrive(5);
        assertThat(schedule.due(T0, 10)).as("new windows counted from the smallest long").isTrue();
    }

    /** The topic keeps a trainer's two newest publications; the one before them is retired, whatever its number. */
    @Test
    void shouldRetireThePublicationBeforeTheTwoNewestEvenWhenVersionsJump() {
        schedule.publishVersion(null);
        assertThat(schedule.retiredVersion()).isZero();
        schedule.publishVersion(null);
        assertThat(schedule.retiredVersion()).isZero();
        schedule.publishVersion(null);
        assertThat(schedule.retiredVersion()).isEqualTo(1);
        assertThat(schedule.publishVersion(TestSettings.model("m", 100, SPEC, 4, 1))).isEqualTo(101);
        assertThat(schedule.retiredVersion()).as("the publication two back, not 101 - 2").isEqualTo(2);

        TrainingSchedule restarted = TrainingSchedule.onWallClock(SETTINGS, progress);
        restarted.publishVersion(null);
        assertThat(restarted.retiredVersion()).as("carried over a restart").isEqualTo(3);
    }

    /**
     * The turns of the challengers are counted in the progress as rounds end, so a restarted trainer goes on with the
     * next, and a round cut short by the restart leaves its turn to the next round.
     */
    @Test
    void shouldCountTheChallengersTurnsAsRoundsEndAcrossARestart() {
        assertThat(schedule.challengerTurn()).isZero();
        schedule.challengerTried();
        assertThat(schedule.challengerTurn()).isEqualTo(1);
        schedule.challengerTried();
        assertThat(schedule.challengerTurn()).as("asked again before a round ends").isEqualTo(2);

        TrainingSchedule restarted = TrainingSchedule.onWallClock(SETTINGS, progress);
        assertThat(restarted.challengerTurn()).isEqualTo(2);
        restarted.challengerTried();
        assertThat(restarted.challengerTurn()).isEqualTo(3);
    }

    /**
     * A turn whose rounds started twice and never ended (the process stopped during each: a challenger that kills it
     * would otherwise be tried after every restart) is passed over by the next round; one unfinished round keeps its
     * turn, and a round that ends clears the count.
     */
    @Test
    void shouldPassOverATurnWhoseRoundsTwiceStartedAndNeverEnded() {
        assertThat(schedule.challengerRoundStarted()).as("first life").isZero();
        assertThat(restarted().challengerRoundStarted()).as("second life, after one unfinished round").isZero();
        TrainingSchedule third = restarted();
        assertThat(third.challengerRoundStarted()).as("third life, after two").isEqualTo(1);
        assertThat(third.challengerTurn()).isEqualTo(1);
        third.challengerTried();
        assertThat(third.challengerTurn()).isEqualTo(2);

        assertThat(restarted().challengerRoundStarted()).isEqualTo(2);
        TrainingSchedule fifth = restarted();
        assertThat(fifth.challengerRoundStarted()).as("one unfinished round of turn 2").isEqualTo(2);
        fifth.challengerTried();
        assertThat(restarted().challengerRoundStarted()).as("the count starts again with each turn").isEqualTo(3);
    }

    /**
     * Lives of the trainer on one progress, each starting a round without a champion that the process stops during:
     * after two, no more start under the same settings; under others (a smaller model) they start again, counted
     * afresh; and a round that ends clears the count.
     */
    @Test
    void shouldStartNoFirstRoundAfterTwoStartedAndNeverEndedUntilTheSettingsChange() {
        assertThat(schedule.firstRoundMayStart()).as("first life").isTrue();
        schedule.firstRoundStarted();
        TrainingSchedule second = restarted();
        assertThat(second.firstRoundMayStart()).as("second life, after one unfinished round").isTrue();
        second.firstRoundStarted();
        assertThat(restarted().firstRoundMayStart()).as("third life, after two").isFalse();

        TrainerSettings fewerUnits = new TrainerSettings(4, 1, 1_000, 5, 10, 100, 100, 0.2, 0.01,
                SETTINGS.training());
        TrainingSchedule smaller = TrainingSchedule.onWallClock(fewerUnits, progress);
        assertThat(smaller.firstRoundMayStart()).as("other settings").isTrue();
        smaller.firstRoundStarted();
        assertThat(TrainingSchedule.onWallClock(fewerUnits, progress).firstRoundMayStart())
                .as("one unfinished round under the other settings").isTrue();
        smaller.firstRoundEnded();
        TrainingSchedule again = TrainingSchedule.onWallClock(SETTINGS, progress);
        again.firstRoundStarted();
        assertThat(restarted().firstRoundMayStart()).as("counted afresh after a round ended").isTrue();
    }

    /**
     * Two first rounds started under settings and never ended; another life under {@code later} asks whether it may
     * start one.
     */
    private boolean firstRoundMayStartAfterTwoUnfinished(TrainerSettings earlier, TrainerSettings later) {
        for (int life = 0; life < 2; life++) {
            TrainingSchedule.onWallClock(earlier, progress).firstRoundStarted();
        }
        return TrainingSchedule.onWallClock(later, progress).firstRoundMayStart();
    }

    /**
     * When rounds start is no setting of the round: a first round that stopped the process twice does not start again
     * because only the interval or the windows a round waits for changed.
     */
    @Test
    void shouldStartNoFirstRoundAfterTwoUnfinishedWhenOnlyTheScheduleChanged() {
        TrainerSettings otherSchedule = new TrainerSettings(8, 1, 60_000, 50, 20, 100, 100, 0.2, 0.01,
                SETTINGS.training());

        assertThat(firstRoundMayStartAfterTwoUnfinished(SETTINGS, otherSchedule)).isFalse();
    }

    /**
     * A training runs at most 8 threads, one per shard of a mini-batch, so 12 and 16 threads (say, the cores left on
     * two machines) run the same round; 1 and 2 threads do not, as each thread holds a workspace of its own.
     */
    @Test
    void shouldCountTheTrainingThreadsInTheFirstRoundGuardOnlyUpToTheThreadsATrainingRuns() {
        assertThat(firstRoundMayStartAfterTwoUnfinished(SETTINGS.withTrainingThreads(12),
                SETTINGS.withTrainingThreads(16))).as("12 then 16 threads").isFalse();
        assertThat(firstRoundMayStartAfterTwoUnfinished(SETTINGS.withTrainingThreads(2),
                SETTINGS.withTrainingThreads(1))).as("2 then 1 thread").isTrue();
    }

    /** Unfinished first rounds an earlier release recorded under the same settings still count after an upgrade. */
    @Test
    void shouldStartNoFirstRoundAfterTwoUnfinishedRecordedByAnEarlierReleaseUnderTheSameSettings() {
        // the progress as an earlier release left it: the hash of the settings' whole text, and two starts
        progress.put("first.round.settings", SETTINGS.toString().hashCode());
        progress.put("first.round.starts", 2);

        assertThat(restarted().firstRoundMayStart()).isFalse();
    }

    /**
     * A first round that ends, whatever its outcome, clears the count of unfinished ones under the same settings: a
     * round that later starts and is cut short is the only unfinished one, and the next life may start another.
     */
    @Test
    void shouldCountUnfinishedFirstRoundsAfreshOnceOneEndsUnderTheSameSettings() {
        schedule.firstRoundStarted();
        schedule.firstRoundEnded();
        TrainingSchedule second = restarted();
        second.firstRoundStarted();

        assertThat(restarted().firstRoundMayStart()).as("one unfinished round since the last that ended").isTrue();
    }

    /**
     * A round cut short by the trainer's clean close (a rolling restart, a rebalance) is no round the process stopped
     * during: lives that each start one and close cleanly keep starting first rounds, and keep the challenger's turn.
     */
    @Test
    void shouldNotCountARoundCutShortByACleanCloseAsOneThatNeverEnded() {
        for (int life = 0; life < 3; life++) {
            TrainingSchedule trainer = restarted();
            assertThat(trainer.firstRoundMayStart()).as("life " + life).isTrue();
            trainer.firstRoundStarted();
            trainer.roundCutShort(true);
        }
        for (int life = 0; life < 3; life++) {
            TrainingSchedule trainer = restarted();
            assertThat(trainer.challengerRoundStarted()).as("life " + life).isZero();
            trainer.roundCutShort(false);
        }
    }

    /**
     * A first round cut short by a clean close is no round for the schedule: the next life starts one as soon as the
     * training set holds {@code training.min.samples} windows, without 5 new ones or the interval.
     */
    @Test
    void shouldStartTheNextFirstRoundAtOnceWhenOneWasCutShort() {
        arrive(10);
        schedule.roundStarted(T0);
        schedule.firstRoundStarted();
        schedule.roundCutShort(true);

        assertThat(restarted().due(T0 + 1, 10)).isTrue();
    }

    /**
     * A later round cut short by a clean close leaves the next due as it was: the 5 windows that made it due and the 2
     * that arrived during it still count as new, and the interval runs from the round before.
     */
    @Test
    void shouldStartTheNextRoundAtOnceWhenARoundWithAChampionWasCutShort() {
        arrive(10);
        schedule.roundStarted(T0);
        arrive(5);
        schedule.roundStarted(T0 + 1_000);
        schedule.challengerRoundStarted();
        arrive(2);
        schedule.roundCutShort(false);

        TrainingSchedule next = restarted();
        assertThat(next.due(T0 + 1_001, 17)).as("right after the cut-short round's start").isTrue();
        next.roundStarted(T0 + 1_001);
        arrive(4);
        assertThat(next.due(T0 + 5_000, 21)).as("the round after counts from the one that ran: 4 new of 5")
                .isFalse();
    }

    /** A schedule on this test's progress, as a restarted trainer makes it from its changelogged store. */
    private TrainingSchedule restarted() {
        return TrainingSchedule.onWallClock(SETTINGS, progress);
    }

    @Test
    void shouldStartTheFirstRoundOnceTheTrainingSetHoldsEnoughWindows() {
        arrive(9);
        assertThat(schedule.due(T0, 9)).isFalse();
        arrive(1);
        assertThat(schedule.due(T0, 10)).isTrue();
    }

    @Test
    void shouldStartTheFirstRoundWithoutWaitingForMoreNewWindowsThanTheTrainingSetNeeds() {
        TrainerSettings quickFirst = new TrainerSettings(8, 1, 1_000, 50, 3, 100, 100, 0.2, 0.01,
                SETTINGS.training());
        TrainingSchedule first = TrainingSchedule.onWallClock(quickFirst, progress);
        for (int i = 0; i < 3; i++) {
            first.windowArrived();
        }
        assertThat(first.due(T0, 3)).isTrue();

        first.roundStarted(T0);
        for (int i = 0; i < 49; i++) {
            first.windowArrived();
        }
        assertThat(first.due(T0 + 5_000, 52)).as("49 new windows of 50").isFalse();
    }

    @Test
    void shouldWaitForEnoughNewWindowsAndTheIntervalAfterARoundStarts() {
        arrive(10);
        schedule.roundStarted(T0);

        arrive(4);
        assertThat(schedule.due(T0 + 5_000, 14)).as("4 new windows of 5").isFalse();
        arrive(1);
        assertThat(schedule.due(T0 + 999, 15)).as("999 ms of 1000").isFalse();
        assertThat(schedule.due(T0 + 1_000, 15)).isTrue();
    }

    /**
     * The last round started on a machine whose clock was a year ahead; the trainer now runs where the clock is right
     * (a fail-over, or the clock corrected). The next round waits one interval from the present, not for the clock to
     * reach a start a year away.
     */
    @Test
    void shouldWaitOneIntervalFromThePresentWhenTheLastRoundStartedAheadOfTheClock() {
        long yearAhead = T0 + 365L * 24 * 3_600_000;
        arrive(10);
        schedule.roundStarted(yearAhead);
        arrive(5);

        TrainingSchedule restarted = restarted();

        assertThat(restarted.due(T0, 15)).as("the interval starts again at the present").isFalse();
        assertThat(restarted.due(T0 + 999, 15)).as("999 ms of 1000").isFalse();
        assertThat(restarted.due(T0 + 1_000, 15)).isTrue();
    }

    @Test
    void shouldIgnoreTheIntervalOffline() {
        TrainingSchedule offline = TrainingSchedule.offline(SETTINGS, progress);
        arrive(10);
        offline.roundStarted(T0);
        arrive(5);

        assertThat(offline.due(T0, 15)).isTrue();
        assertThat(schedule.due(T0, 15)).isFalse();
    }

    /**
     * The version counters count one model.name's publications: those on record without a name (an earlier
     * release's) are kept as this name's, and so are this name's own. Another name's go on above the newest the name
     * before published, so that none has the number of a version a key's state was built with (KeyStep re-warms a key
     * only on another version number or state size), but retire none of the name before's.
     */
    @Test
    void shouldNumberTheVersionsOfAnotherModelNameAboveTheNameBeforesAndRetireNoneOfThem() {
        schedule.publishVersion(null);
        schedule.versionsOf("a");
        assertThat(schedule.publishVersion(null)).as("an earlier release's count kept").isEqualTo(2);
        schedule.versionsOf("a");
        assertThat(schedule.publishVersion(null)).isEqualTo(3);
        assertThat(schedule.retiredVersion()).isEqualTo(1);

        schedule.versionsOf("b");
        assertThat(schedule.retiredVersion()).as("no version of b's to retire").isZero();
        assertThat(schedule.publishVersion(null)).as("above a's 3").isEqualTo(4);
        assertThat(schedule.publishVersion(null)).isEqualTo(5);
        assertThat(schedule.retiredVersion()).as("a's 3 is not b's").isZero();
        assertThat(schedule.publishVersion(TestSettings.model("b", 7, SPEC, 4, 1))).isEqualTo(8);
        assertThat(schedule.retiredVersion()).isEqualTo(4);
    }

    /**
     * A name whose versions reached the largest leaves the next name, which the trainer says to train under, no
     * version above it: that name's versions start from 1.
     */
    @Test
    void shouldNumberAnotherModelNamesVersionsFromOneWhenTheNameBeforeReachedTheLargest() {
        schedule.versionsOf("a");
        schedule.versionInUse(ForecastModel.MAX_VERSION);
        assertThat(schedule.versionLeft(0)).isFalse();

        schedule.versionsOf("b");
        assertThat(schedule.publishVersion(null)).isEqualTo(1);
    }

    @Test
    void shouldPublishVersionsAboveEveryPublishedOneAndTheOneInUse() {
        assertThat(schedule.publishVersion(null)).isEqualTo(1);
        assertThat(schedule.publishVersion(null)).isEqualTo(2);
        assertThat(schedule.publishVersion(TestSettings.model("m", 7, SPEC, 4, 1))).isEqualTo(8);
        assertThat(schedule.publishVersion(TestSettings.model("m", 3, SPEC, 4, 1))).isEqualTo(9);
    }

    /**
     * A version recorded in use (published by hand, say) holds the numbering above it on the same progress, when no
     * model is in use any more (the models topic made again); not a lower one. Another model.name's versions go on
     * above it too: keys' states built with it stay.
     */
    @Test
    void shouldPublishVersionsAboveTheNewestRecordedInUse() {
        schedule.versionsOf("m");
        schedule.publishVersion(null);
        schedule.versionInUse(7);
        schedule.versionInUse(4);

        TrainingSchedule restarted = TrainingSchedule.onWallClock(SETTINGS, progress);
        restarted.versionsOf("m");
        assertThat(restarted.publishVersion(null)).isEqualTo(8);
        restarted.versionInUse(30);
        restarted.versionsOf("n");
        assertThat(restarted.publishVersion(null)).as("another name's first").isEqualTo(31);
    }

    @Test
    void shouldCarryTheScheduleAndVersionsOverToANewScheduleOnTheSameProgress() {
        arrive(10);
        schedule.roundStarted(T0);
        schedule.publishVersion(null);
        arrive(5);

        TrainingSchedule restarted = TrainingSchedule.onWallClock(SETTINGS, progress);

        assertThat(restarted.due(T0 + 500, 15)).isFalse();
        assertThat(restarted.due(T0 + 1_000, 15)).isTrue();
        assertThat(restarted.publishVersion(null)).isEqualTo(2);
    }
}

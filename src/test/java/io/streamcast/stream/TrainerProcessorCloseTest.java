package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import io.streamcast.training.TrainingSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Lives of the trainer on one set of stores, as a task moves between instances: each closed cleanly (a rolling
 * restart, a rebalance) while its first round runs. Only a process that stops during a round may count against
 * starting the next; the guard against a round that kills the process must not stop training after two restarts.
 */
class TrainerProcessorCloseTest {

    private static final int MIN_WINDOWS = 40;

    /** Each test's trainer settings, topology, windows and processor context, with its two stores, made afresh. */
    private final StreamcastConfig config = new StreamcastConfig(TestSettings.smallTrainer(MIN_WINDOWS));
    private final StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
            ManualExecutor::new);
    private final List<TrainingSample> windows = PeriodicKeyWindows.of(config.predictorSettings());
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final KeyValueStore<Bytes, TrainingSample> windowStore = windowStore(context);
    private final KeyValueStore<String, Long> progress = progressStore(context);
    private final KeyValueStore<String, byte[]> outcome = outcomeStore(context);

    @Test
    void shouldStartAFirstRoundInEveryLifeWhenEachEarlierOneClosedCleanlyDuringIts() {

        List<Integer> roundsStarted = new ArrayList<>();
        long now = 1_000_000L;
        for (int life = 0; life < 3; life++) {
            ManualExecutor executor = new ManualExecutor();
            TrainerProcessor trainer = trainer(config, built, () -> executor);
            trainer.init(context);
            for (int i = 0; i < MIN_WINDOWS; i++) {
                TrainingSample window = windows.get((life * MIN_WINDOWS + i) % windows.size());
                trainer.process(new Record<>(window.getKey().getBytes(StandardCharsets.UTF_8),
                        built.topics().trainingSamples().serializeValue(window), 0L));
            }
            now += 60_000;
            // this life's tick: the context keeps the closed lives' schedules before it
            List<MockProcessorContext.CapturedPunctuator> ticks = context.scheduledPunctuators();
            ticks.get(ticks.size() - 1).getPunctuator().punctuate(now);
            roundsStarted.add(executor.pending());

            trainer.close();
        }

        assertThat(roundsStarted).containsExactly(1, 1, 1);
    }

    /**
     * A first round cut short by a clean close did not happen, for the schedule as for the guard: the next life, with
     * the same windows in its store and none new, starts one at its first tick, as it would have had the first life
     * not started one. It would otherwise wait for {@code training.min.new.samples} windows and the interval.
     */
    @Test
    void shouldStartTheNextFirstRoundWithoutNewWindowsWhenTheLastWasCutShortByACleanClose() {
        long now = 1_000_000L;

        ManualExecutor first = new ManualExecutor();
        TrainerProcessor trainer = trainer(config, built, () -> first);
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(first.pending()).as("the first life's round").isEqualTo(1);
        trainer.close();

        ManualExecutor second = new ManualExecutor();
        TrainerProcessor next = trainer(config, built, () -> second);
        next.init(context);
        tick(context, now + TrainerProcessor.TICK.toMillis());

        assertThat(second.pending()).as("a round in the next life, one tick later").isEqualTo(1);
    }

    /**
     * At a shutdown Kafka Streams commits the trainer's task for the last time before it closes the processor, so what
     * {@code close} writes then reaches no commit. The instance's close asks first ({@link TrainerStandDown}), and the
     * trainer's next tick records the running first round as cut short: the progress as that last commit leaves it
     * lets the next life, on another instance, start a first round at its first tick with no new windows.
     */
    @Test
    void shouldRecordAFirstRoundCutShortByAShutdownInTheTickTheCloseAsksFor() throws InterruptedException {
        long now = 1_000_000L;
        TrainerStandDown standDown = new TrainerStandDown();
        ManualExecutor first = new ManualExecutor();
        TrainerProcessor trainer = new TrainerProcessor(built.topics(), built.models(), config.inputSpec(),
                config.trainerSettings(), StreamcastMetrics.discarding(), () -> first, CpuShare.UNLIMITED, standDown,
                InstanceLife.drawn());
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(first.pending()).as("the first life's round").isEqualTo(1);

        Thread closing = new Thread(standDown::standDown, "closing");
        closing.start();
        await().atMost(Duration.ofSeconds(10)).until(standDown::requested);
        tick(context, now + TrainerProcessor.TICK.toMillis());
        closing.join(Duration.ofSeconds(10).toMillis());
        assertThat(closing.isAlive()).as("the close's wait ended by the tick").isFalse();
        Map<String, Long> lastCommitted = contents(progress);
        tick(context, now + 2 * TrainerProcessor.TICK.toMillis());
        assertThat(first.pending()).as("no round started once the close asked").isEqualTo(1);
        trainer.close();
        contents(progress).keySet().forEach(progress::delete);
        lastCommitted.forEach(progress::put);

        ManualExecutor second = new ManualExecutor();
        TrainerProcessor next = trainer(config, built, () -> second);
        next.init(context);
        tick(context, now + 3 * TrainerProcessor.TICK.toMillis());

        assertThat(second.pending()).as("a round in the next life, at its first tick").isEqualTo(1);
    }

    /**
     * Under exactly-once, a task whose transaction aborts is revived: its stores are rebuilt from their changelogs,
     * without what the aborted transaction wrote, and {@code init} is called again on the same processor. The
     * transaction that wrote the round's report and version 1 aborts; the round's end and outcome, committed before
     * it, are in the rebuilt stores, and the revived life writes them again: a commit that counts its attempt, then
     * the report and version 1. The winner was judged against the fallback, and no version is in use: the version
     * whose publication aborted never reached the models topic, and must not keep the winner from it.
     */
    @Test
    void shouldWriteAgainInTheRevivedLifeTheReportAndWinnerWhoseWriteAborted() {
        List<ManualExecutor> executors = new ArrayList<>();
        TrainerProcessor trainer = trainer(config, built, () -> {
            ManualExecutor executor = new ManualExecutor();
            executors.add(executor);
            return executor;
        });
        long now = 1_000_000L;

        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(executors.get(0).runAll()).isEqualTo(1);
        tick(context, now + 500);
        Committed committed = committed();
        assertThat(committed.outcome()).as("the round's outcome, committed with its end").isNotEmpty();
        tick(context, now + 1000);
        assertThat(publishedVersions(context, built)).as("version 1 published, in a transaction that aborts")
                .containsExactly(1L);

        trainer.close();
        restore(committed);
        context.resetForwards();
        context.resetCommit();
        trainer.init(context);
        tick(context, now + 1500);
        assertThat(context.committed()).as("the revived life's attempt, counted in a commit").isTrue();
        assertThat(context.forwarded()).as("before anything is written").isEmpty();
        tick(context, now + 2000);

        assertThat(publishedVersions(context, built)).as("version 1, written again").containsExactly(1L);
        assertThat(reports(context, built)).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).as("judged against the fallback").isZero();
            assertThat(report.getPublishedVersion()).isEqualTo(1L);
            assertThat(report.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1_000_000L));
        });
        assertThat(committed().outcome()).as("the kept outcome, deleted with the write").isEmpty();
        assertThat(executors).as("no round of the revived life's: no new windows").allMatch(e -> e.pending() == 0);
    }

    /**
     * A task revived in the same instance (a corrupted task, a fenced producer under exactly-once) is closed dirty and
     * its stores rebuilt from their changelogs, where its first round shows as started and never ended, though the
     * process never stopped. Three lives of one processor object, each revived during its first round, each with new
     * windows and the interval passed: every life starts one. Two revivals would otherwise stop first rounds for good.
     */
    @Test
    void shouldStartAFirstRoundInEveryLifeWhenEachEarlierOneWasRevivedDuringIts() {
        List<ManualExecutor> executors = new ArrayList<>();
        TrainerProcessor trainer = trainer(config, built, () -> {
            ManualExecutor executor = new ManualExecutor();
            executors.add(executor);
            return executor;
        });

        List<Integer> roundsStarted = new ArrayList<>();
        long now = 1_000_000L;
        trainer.init(context);
        for (int life = 0; life < 3; life++) {
            for (int i = 0; i < MIN_WINDOWS; i++) {
                process(trainer, built, windows.get((life * MIN_WINDOWS + i) % windows.size()));
            }
            now += 60_000;
            tick(context, now);
            roundsStarted.add(executors.get(life).pending());
            revive(trainer, context, progress, contents(progress));
        }

        assertThat(roundsStarted).containsExactly(1, 1, 1);
    }

    /**
     * A first round cut short by a revival did not happen, for the schedule as for the guard, also for a new processor
     * object of the same instance (a task that lost its partitions and got them back): the next life starts one at
     * its first tick with no new windows, as it would have had the round not started.
     */
    @Test
    void shouldStartTheNextFirstRoundWithoutNewWindowsWhenTheSameInstanceTakesTheTaskBack() {
        InstanceLife instance = InstanceLife.drawn();
        long now = 1_000_000L;

        ManualExecutor first = new ManualExecutor();
        TrainerProcessor trainer = trainer(config, built, () -> first, instance);
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(first.pending()).as("the first life's round").isEqualTo(1);
        Map<String, Long> committed = contents(progress);
        trainer.close();
        restore(progress, committed);

        ManualExecutor second = new ManualExecutor();
        TrainerProcessor next = trainer(config, built, () -> second, instance);
        next.init(context);
        tick(context, now + TrainerProcessor.TICK.toMillis());

        assertThat(second.pending()).as("a round in the next life, one tick later").isEqualTo(1);
    }

    /**
     * Rounds that other lives started and never ended still count, whether their store was written by a release
     * that did not record the round's life or by another instance: after two, a life that takes the task over from
     * the changelog starts no first round.
     */
    @Test
    void shouldStartNoFirstRoundAfterTwoThatOtherLivesStartedAndNeverEnded() {
        List<Integer> roundsStarted = new ArrayList<>();
        long now = 1_000_000L;

        for (int life = 0; life < 3; life++) {
            ManualExecutor executor = new ManualExecutor();
            TrainerProcessor trainer = trainer(config, built, () -> executor, InstanceLife.drawn());
            trainer.init(context);
            for (int i = 0; i < MIN_WINDOWS; i++) {
                process(trainer, built, windows.get((life * MIN_WINDOWS + i) % windows.size()));
            }
            now += 60_000;
            tick(context, now);
            roundsStarted.add(executor.pending());
            // the process stops in the round: no close, and the store holds what the last commit left
            Map<String, Long> committed = contents(progress);
            if (life == 0) {
                // as a release that did not record which life started a round left it
                committed.remove(RunningRoundRecord.LIFE);
                committed.remove(RunningRoundRecord.FIRST);
            }
            context.scheduledPunctuators().forEach(MockProcessorContext.CapturedPunctuator::cancel);
            restore(progress, committed);
        }

        assertThat(roundsStarted).containsExactly(1, 1, 0);
    }

    /**
     * The transaction that holds a round's report and publication can abort after the round's training has ended: the
     * models topic refuses the record (too large, not authorized) or is missing, or the commit fails. The process did
     * not stop in the round's training, so the round must not count as one it stopped in, and its outcome, kept with
     * its end, is written again by the lives after it: here each such write aborts too, each life on an instance of
     * its own. The third life to try gives it up, saying so, and starts a first round; so does the sixth, after the
     * next round's outcome met the same fate. A fault of the models topic would otherwise stop first rounds for good
     * after two such rounds, or hold back every round after the first.
     */
    @Test
    void shouldGiveUpTheOutcomeOfARoundAfterThreeAbortedWritesAndGoOnStartingFirstRounds() {
        List<Integer> roundsStarted = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long now = 1_000_000L;
        for (int life = 0; life < 7; life++) {
            now += 60_000;
            try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
                roundsStarted.add(lifeWhoseWritesAbort(life, now));
                warnings.addAll(log.warnings());
            }
        }

        assertThat(roundsStarted).containsExactly(1, 0, 0, 1, 0, 0, 1);
        assertThat(warnings).containsExactly(
                "Giving up the report and any publication of the training round started at 1970-01-01T00:17:40Z: 3"
                        + " attempts to write them did not commit (the models or training-rounds topic refused a"
                        + " record, a commit failed, or the trainer moved or stopped before it wrote them)",
                "Giving up the report and any publication of the training round started at 1970-01-01T00:20:40Z: 3"
                        + " attempts to write them did not commit (the models or training-rounds topic refused a"
                        + " record, a commit failed, or the trainer moved or stopped before it wrote them)");
    }

    /**
     * The same for rounds with a champion: each such round counts as its challenger's turn tried, so the round after
     * the outcome is given up tries the next challenger. A turn whose two rounds trained to their end and lost their
     * output would otherwise count as one that stopped the process twice, and be passed over.
     */
    @Test
    void shouldTryTheNextChallengerAfterGivingUpTheOutcomeOfARoundWhoseWritesAborted() {
        built.models().offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 3,
                config.inputSpec(), 8, 1));
        TrainingSchedule schedule = TrainingSchedule.onWallClock(config.trainerSettings(), StoreProgress.of(progress));
        List<Long> turns = new ArrayList<>();
        long now = 1_000_000L;
        for (int life = 0; life < 7; life++) {
            now += 60_000;
            lifeWhoseWritesAbort(life, now);
            turns.add(schedule.challengerTurn());
        }

        assertThat(turns).as("the turn after each life").containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L);
    }

    /**
     * A rebalance that revokes the trainer's task between the tick that records a finished round's end and the next
     * tick, which writes the round's report and publication: the revocation commits the task, whose last commit holds
     * the round's end and its outcome, and closes the processor. The new owner, on another instance, restores both and
     * writes the report and version 1.
     */
    @Test
    void shouldHaveTheNextOwnerWriteTheReportAndWinnerOfARoundWhoseEndWasCommittedBeforeARevocation() {
        long now = 1_000_000L;
        ManualExecutor executor = new ManualExecutor();
        TrainerProcessor trainer = trainer(config, built, () -> executor, InstanceLife.drawn());
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(executor.runAll()).as("the first round, trained to its end").isEqualTo(1);
        context.resetCommit();
        tick(context, now + TrainerProcessor.TICK.toMillis());
        assertThat(context.committed()).as("the tick that saw the round finished asked for a commit").isTrue();
        assertThat(context.forwarded()).as("and wrote nothing of the round yet").isEmpty();
        Committed committed = committed();
        assertThat(committed.progress()).as("the round's end, in that commit").containsEntry(RunningRoundRecord.LIFE,
                0L);

        // the rebalance: Kafka Streams commits the revoked task, which holds nothing new, and closes the processor
        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            trainer.close();
            assertThat(log.warnings()).as("nothing lost").isEmpty();
        }

        // the new owner, on another instance, restores that commit
        restore(committed);
        ManualExecutor next = new ManualExecutor();
        TrainerProcessor owner = trainer(config, built, () -> next, InstanceLife.drawn());
        owner.init(context);
        for (int t = 2; t <= 5; t++) {
            tick(context, now + t * TrainerProcessor.TICK.toMillis());
        }
        assertThat(next.pending()).as("no round of the new owner's: no new windows").isZero();
        assertThat(publishedVersions(context, built)).as("the round's winner").containsExactly(1L);
        assertThat(reports(context, built)).singleElement().satisfies(report -> {
            assertThat(report.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1_000_000L));
            assertThat(report.getPublishedVersion()).isEqualTo(1L);
        });
    }

    /**
     * An instance that took the trainer over with a kept outcome, and is closed before it has written it, writes it
     * before its last commit: its close waits for the two ticks (the attempt counted, then the write) as it waits for
     * the outcome of a round of its own. Not waited for, the close counted an attempt and wrote nothing, and three such
     * closes in a row (a rolling restart during which the trainer moves from instance to instance) gave the outcome up.
     */
    @Test
    void shouldHaveAClosingInstanceWriteTheKeptOutcomeItFoundBeforeItsLastCommit() throws InterruptedException {
        long now = 1_000_000L;
        TrainerProcessor trainer = trainerWithARoundEnded(now);
        Committed committed = committed();
        trainer.close();

        restore(committed);
        TrainerStandDown standDown = new TrainerStandDown();
        TrainerProcessor owner = new TrainerProcessor(built.topics(), built.models(), config.inputSpec(),
                config.trainerSettings(), StreamcastMetrics.discarding(), ManualExecutor::new, CpuShare.UNLIMITED,
                standDown, InstanceLife.drawn());
        owner.init(context);
        Thread closing = new Thread(standDown::standDown, "closing");
        closing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.getState() == Thread.State.TIMED_WAITING
                || closing.getState() == Thread.State.TERMINATED);
        assertThat(closing.getState()).as("the close, waiting for the kept outcome's write")
                .isEqualTo(Thread.State.TIMED_WAITING);
        tick(context, now + 2 * TrainerProcessor.TICK.toMillis());
        assertThat(reports(context, built)).as("nothing written in the tick that counts the attempt").isEmpty();
        tick(context, now + 3 * TrainerProcessor.TICK.toMillis());
        closing.join(Duration.ofSeconds(10).toMillis());

        assertThat(closing.isAlive()).as("the close's wait ended by the write").isFalse();
        assertThat(publishedVersions(context, built)).containsExactly(1L);
        assertThat(reports(context, built)).singleElement()
                .satisfies(report -> assertThat(report.getPublishedVersion()).isEqualTo(1L));
        assertThat(committed().outcome()).as("the kept outcome, deleted before the last commit").isEmpty();
    }

    /**
     * A kept winner judged against version 7, published by hand, is written by a new owner whose models store is
     * empty (the models topic deleted and made again): it gets version 8, above the version it was judged against,
     * which keys' states were built with. The trainer's own counter knew no version, and the winner got version 1:
     * below 7, keys built with 7 would wait for it and go back.
     */
    @Test
    void shouldPublishAKeptWinnerAboveTheVersionItWasJudgedAgainstWhenNoneIsInUse() {
        long now = 1_000_000L;
        assertThat(built.models().offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 7,
                config.inputSpec(), 8, 1))).as("version 7, taken into use").isNull();
        TrainerProcessor trainer = trainerWithARoundEnded(now);
        assertThat(outcome.get(PendingOutcome.WINNER)).as("the round's winner, kept").isNotNull();
        Committed committed = committed();
        trainer.close();

        restore(committed);
        StreamcastTopology emptyModels = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        assertThat(emptyModels.models().current()).as("no model in use").isNull();
        TrainerProcessor owner = trainer(config, emptyModels, ManualExecutor::new, InstanceLife.drawn());
        owner.init(context);
        for (int t = 2; t <= 5; t++) {
            tick(context, now + t * TrainerProcessor.TICK.toMillis());
        }

        assertThat(publishedVersions(context, emptyModels)).containsExactly(8L);
        assertThat(reports(context, emptyModels)).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).isEqualTo(7L);
            assertThat(report.getPublishedVersion()).isEqualTo(8L);
        });
    }

    /**
     * Version 7, published by hand above every version the trainer published, was in use while a life of the trainer
     * ran; the models topic is then deleted and made again, and the next owner's first round, judged against the
     * fallback, publishes version 8. Keys' states built with 7 outlive the topic: under the trainer's counter + 1
     * (version 1) each later version would have such a key wait for 7 again, and the trainer's own 7 would be taken
     * for the one the key was built with.
     */
    @Test
    void shouldPublishAFirstRoundAboveAVersionSeenInUseBeforeTheModelsTopicWasMadeAgain() {
        long now = 1_000_000L;
        assertThat(built.models().offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 7,
                config.inputSpec(), 8, 1))).as("version 7, taken into use").isNull();
        TrainerProcessor trainer = trainer(config, built, ManualExecutor::new, InstanceLife.drawn());
        trainer.init(context);
        tick(context, now);
        Committed committed = committed();
        trainer.close();

        restore(committed);
        StreamcastTopology emptyModels = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        ManualExecutor executor = new ManualExecutor();
        TrainerProcessor owner = trainer(config, emptyModels, () -> executor, InstanceLife.drawn());
        owner.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(owner, emptyModels, windows.get(i));
        }
        tick(context, now + TrainerProcessor.TICK.toMillis());
        assertThat(executor.runAll()).as("the first round, trained to its end").isEqualTo(1);
        for (int t = 2; t <= 3; t++) {
            tick(context, now + t * TrainerProcessor.TICK.toMillis());
        }

        assertThat(publishedVersions(context, emptyModels)).containsExactly(8L);
        assertThat(reports(context, emptyModels)).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).isZero();
            assertThat(report.getPublishedVersion()).isEqualTo(8L);
        });
    }

    /**
     * A winner judged against version 7 is published as version 9 where version 8 was read and refused here (published
     * by hand for other inputs, say): under 8 it would share that version's key, and instances that took the other 8
     * into use would keep it and refuse the winner as another model of the version in use.
     */
    @Test
    void shouldPublishAWinnerAboveAVersionReadAndRefusedHere() {
        long now = 1_000_000L;
        String name = config.getString(StreamcastConfig.MODEL_NAME_CONFIG);
        Map<String, Object> reshaped = new HashMap<>(config.originals());
        reshaped.put(StreamcastConfig.FORECAST_HORIZON_CONFIG, 2);
        assertThat(built.models().offer(TestSettings.model(name, 7, config.inputSpec(), 8, 1)))
                .as("version 7, taken into use").isNull();
        assertThat(built.models().offer(TestSettings.model(name, 8, new StreamcastConfig(reshaped).inputSpec(), 8,
                1))).as("version 8, refused").isNotNull();

        trainerWithARoundEnded(now);
        tick(context, now + 2 * TrainerProcessor.TICK.toMillis());

        assertThat(publishedVersions(context, built)).containsExactly(9L);
        assertThat(reports(context, built)).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).isEqualTo(7L);
            assertThat(report.getPublishedVersion()).isEqualTo(9L);
        });
    }

    /**
     * A winner kept while its trainer moves is judged against what is in use when it is written: version 5, published
     * by hand after the round started against the fallback, was never compared with it, and is not replaced by it.
     * The round's report is written, without a published version.
     */
    @Test
    void shouldNotPublishAKeptWinnerOverAVersionThatCameIntoUseAfterItsRoundStarted() {
        long now = 1_000_000L;
        TrainerProcessor trainer = trainerWithARoundEnded(now);
        Committed committed = committed();
        trainer.close();
        assertThat(built.models().offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 5,
                config.inputSpec(), 8, 1))).as("version 5, taken into use").isNull();

        restore(committed);
        TrainerProcessor owner = trainer(config, built, ManualExecutor::new, InstanceLife.drawn());
        owner.init(context);
        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            for (int t = 2; t <= 5; t++) {
                tick(context, now + t * TrainerProcessor.TICK.toMillis());
            }
            assertThat(log.warnings()).containsExactly("Not publishing the winner of the round started at"
                    + " 1970-01-01T00:16:40Z: version 5 came into use after the round started, and the winner was"
                    + " judged against the fallback only");
        }

        assertThat(publishedVersions(context, built)).as("no version published").isEmpty();
        assertThat(reports(context, built)).singleElement().satisfies(report -> {
            assertThat(report.getVerdict()).isEqualTo("publish");
            assertThat(report.getPublishedVersion()).isZero();
        });
        assertThat(committed().outcome()).as("the kept outcome, deleted").isEmpty();
    }

    /**
     * Under {@code processing.guarantee=at_least_once} the write of a kept outcome is not one transaction: a crash
     * before the task's commit can leave the publication in the models topic and the kept outcome in the store (its
     * deletion and the version counter not sent). The next life writes the outcome again: its instance has taken the
     * published version 1 into use, so the winner, judged against the fallback, is refused as a version newer than its
     * champion, not published a second time; the round's report is written again, without a published version.
     */
    @Test
    void shouldNotPublishAKeptWinnerAgainWhenItsPublicationReachedTheModelsTopicWithoutItsDeletion() {
        long now = 1_000_000L;
        TrainerProcessor trainer = trainerWithARoundEnded(now);
        Committed committed = committed();
        tick(context, now + 2 * TrainerProcessor.TICK.toMillis());
        assertThat(publishedVersions(context, built)).as("the winner, sent").containsExactly(1L);
        byte[] published = context.forwarded().stream()
                .filter(f -> StreamcastTopology.MODELS_SINK.equals(f.childName().orElse(null)))
                .findFirst().orElseThrow().record().value();

        // the crash: the models topic got version 1, which the instance takes into use; the stores' changelogs got
        // nothing of the tick that sent it
        context.scheduledPunctuators().forEach(MockProcessorContext.CapturedPunctuator::cancel);
        context.resetForwards();
        assertThat(built.models().offer(ModelSnapshotCodec.fromSnapshot(
                built.topics().models().deserializeValue(published)))).as("version 1, taken into use").isNull();
        restore(committed);
        assertThat(outcome.get(PendingOutcome.WINNER)).as("the winner, still kept").isNotNull();

        TrainerProcessor next = trainer(config, built, ManualExecutor::new, InstanceLife.drawn());
        next.init(context);
        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            for (int t = 3; t <= 6; t++) {
                tick(context, now + t * TrainerProcessor.TICK.toMillis());
            }
            assertThat(log.warnings()).containsExactly("Not publishing the winner of the round started at"
                    + " 1970-01-01T00:16:40Z: version 1 came into use after the round started, and the winner was"
                    + " judged against the fallback only");
        }

        assertThat(publishedVersions(context, built)).as("no second publication").isEmpty();
        assertThat(reports(context, built)).singleElement().satisfies(report -> {
            assertThat(report.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1_000_000L));
            assertThat(report.getPublishedVersion()).isZero();
        });
        assertThat(committed().outcome()).as("the kept outcome, deleted").isEmpty();
    }

    /**
     * A winner kept while its trainer restarts with another {@code model.name} was trained for the model it was named
     * for: the trainer that writes it now trains another, and does not publish it under that name. The round's report
     * is written, without a published version.
     */
    @Test
    void shouldNotPublishAKeptWinnerTrainedForAnotherModelName() {
        Map<String, Object> renamed = new HashMap<>(config.originals());
        renamed.put(StreamcastConfig.MODEL_NAME_CONFIG, "renamed");

        List<String> warnings = writtenByANewOwnerWith(new StreamcastConfig(renamed));

        assertThat(warnings).containsExactly("Not publishing the winner of the round started at"
                + " 1970-01-01T00:16:40Z: it was trained for model default, and the trainer now trains renamed");
    }

    /**
     * A winner kept while its trainer restarts with other input settings reads inputs the predictors no longer send:
     * here a round trained for a horizon of 1 written by a trainer configured for 2. The round's report is written,
     * without a published version.
     */
    @Test
    void shouldNotPublishAKeptWinnerTrainedForInputsOfAnotherShape() {
        Map<String, Object> reshaped = new HashMap<>(config.originals());
        reshaped.put(StreamcastConfig.FORECAST_HORIZON_CONFIG, 2);

        List<String> warnings = writtenByANewOwnerWith(new StreamcastConfig(reshaped));

        assertThat(warnings).containsExactly("Not publishing the winner of the round started at"
                + " 1970-01-01T00:16:40Z: it was trained for inputs other than those configured: horizon 1 where"
                + " forecast.horizon is 2");
    }

    /**
     * A winner kept while its trainer restarts with another {@code model.hidden.size} has the network of the settings
     * before: here 8 hidden units written by a trainer configured for 4, which an operator may have lowered for a
     * state too long to send. The round's report is written, without a published version.
     */
    @Test
    void shouldNotPublishAKeptWinnerOfAnotherHiddenSize() {
        Map<String, Object> smaller = new HashMap<>(config.originals());
        smaller.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 4);

        List<String> warnings = writtenByANewOwnerWith(new StreamcastConfig(smaller));

        assertThat(warnings).containsExactly("Not publishing the winner of the round started at"
                + " 1970-01-01T00:16:40Z: it has 1 layer(s) of 8 hidden units, and the trainer now trains 1 of 4"
                + " (model.layers, model.hidden.size)");
    }

    /** As {@link #shouldNotPublishAKeptWinnerOfAnotherHiddenSize}, for a trainer restarted with 2 layers, not 1. */
    @Test
    void shouldNotPublishAKeptWinnerOfAnotherLayerCount() {
        Map<String, Object> deeper = new HashMap<>(config.originals());
        deeper.put(StreamcastConfig.MODEL_LAYERS_CONFIG, 2);

        List<String> warnings = writtenByANewOwnerWith(new StreamcastConfig(deeper));

        assertThat(warnings).containsExactly("Not publishing the winner of the round started at"
                + " 1970-01-01T00:16:40Z: it has 1 layer(s) of 8 hidden units, and the trainer now trains 2 of 8"
                + " (model.layers, model.hidden.size)");
    }

    /**
     * A trainer over {@code built}'s stores that ran a round to its end from {@code now} and recorded the end, its
     * report and winner kept, at the tick after: what a commit then carries.
     */
    private TrainerProcessor trainerWithARoundEnded(long now) {
        ManualExecutor executor = new ManualExecutor();
        TrainerProcessor trainer = trainer(config, built, () -> executor, InstanceLife.drawn());
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get(i));
        }
        tick(context, now);
        assertThat(executor.runAll()).as("the round, trained to its end").isEqualTo(1);
        tick(context, now + TrainerProcessor.TICK.toMillis());
        return trainer;
    }

    /**
     * A first round at 1,000,000 ms whose winner is kept at its end, in a commit; its trainer closes, and a new owner
     * with {@code settings} (the same stores, restored from that commit) writes it over four ticks. Asserts that
     * the round's report was written without a published version, nothing was published and the kept outcome was
     * deleted.
     *
     * @return the warnings the new owner's ticks logged
     */
    private List<String> writtenByANewOwnerWith(StreamcastConfig settings) {
        long now = 1_000_000L;
        TrainerProcessor trainer = trainerWithARoundEnded(now);
        assertThat(outcome.get(PendingOutcome.WINNER)).as("the round's winner, kept").isNotNull();
        Committed committed = committed();
        trainer.close();

        restore(committed);
        StreamcastTopology rebuilt = StreamcastTopology.build(settings, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        TrainerProcessor owner = trainer(settings, rebuilt, ManualExecutor::new, InstanceLife.drawn());
        owner.init(context);
        List<String> warnings;
        try (LogCapture log = LogCapture.of(TrainerProcessor.class)) {
            for (int t = 2; t <= 5; t++) {
                tick(context, now + t * TrainerProcessor.TICK.toMillis());
            }
            warnings = log.warnings();
        }

        assertThat(publishedVersions(context, rebuilt)).as("no version published").isEmpty();
        assertThat(reports(context, rebuilt)).singleElement().satisfies(report -> {
            assertThat(report.getVerdict()).isEqualTo("publish");
            assertThat(report.getPublishedVersion()).isZero();
        });
        assertThat(committed().outcome()).as("the kept outcome, deleted").isEmpty();
        return warnings;
    }

    /**
     * A life of the trainer on an instance of its own, at {@code now}, with new windows: each tick's round trains to
     * its end at once, and each tick that writes nothing is followed by a commit (one the trainer asks for, or the
     * commit interval's); then the transaction of the first tick that writes (a round's report and publication)
     * aborts and the process stops, the stores left as the last commit left them.
     *
     * @return the rounds the life started in a committed transaction (one that starts in the tick that writes, after
     *         the write, is lost with it)
     */
    private int lifeWhoseWritesAbort(int life, long now) {
        ManualExecutor executor = new ManualExecutor();
        TrainerProcessor trainer = trainer(config, built, () -> executor, InstanceLife.drawn());
        trainer.init(context);
        for (int i = 0; i < MIN_WINDOWS; i++) {
            process(trainer, built, windows.get((life * MIN_WINDOWS + i) % windows.size()));
        }
        Committed committed = committed();
        int rounds = 0;
        for (int t = 0; t <= 4 && context.forwarded().isEmpty(); t++) {
            tick(context, now + t * TrainerProcessor.TICK.toMillis());
            if (context.forwarded().isEmpty()) {
                rounds += executor.runAll();
                committed = committed();
            }
        }
        assertThat(context.forwarded()).as("life %d's write", life).isNotEmpty();

        context.scheduledPunctuators().forEach(MockProcessorContext.CapturedPunctuator::cancel);
        context.resetForwards();
        restore(committed);
        return rounds;
    }

    /**
     * Windows stored under earlier settings, here 24 rows where history.length is now 12 and 2 values where
     * value.dimension is now 1, stay in the store when the trainer starts: the longer ones are trained on as their last
     * 12 rows, cut in memory only (TrainerHistoryLengthRestartTest), those of another value dimension unused
     * (TrainerValueDimensionRestartTest). A setting changed by mistake must not cost the windows that the right one
     * trains on.
     */
    @Test
    void shouldKeepStoredWindowsLongerThanTheHistoryAndThoseOfAnotherValueDimensionWhenTheTrainerStarts() {
        StreamcastConfig earlier = new StreamcastConfig(TestSettings.smallTrainer(MIN_WINDOWS));
        Map<String, Object> twoValues = TestSettings.smallTrainer(MIN_WINDOWS);
        twoValues.put(StreamcastConfig.VALUE_DIMENSION_CONFIG, 2);
        twoValues.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 12);
        Map<String, Object> lowered = TestSettings.smallTrainer(MIN_WINDOWS);
        lowered.put(StreamcastConfig.HISTORY_LENGTH_CONFIG, 12);
        StreamcastConfig config = new StreamcastConfig(lowered);
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding(),
                ManualExecutor::new);
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, TrainingSample> windowStore = windowStore(context);
        progressStore(context);
        outcomeStore(context);
        long id = 0;
        for (TrainingSample window : PeriodicKeyWindows.of(earlier.predictorSettings()).subList(0, 5)) {
            assertThat(window.getTimes().remaining()).as("a stored window's rows").isEqualTo(24 * Long.BYTES);
            windowStore.put(TrainerStores.windowKey(id++), window);
        }
        List<TrainingSample> fits = PeriodicKeyWindows.of(config.predictorSettings()).subList(0, 3);
        for (TrainingSample window : fits) {
            windowStore.put(TrainerStores.windowKey(id++), window);
        }
        for (TrainingSample window : PeriodicKeyWindows.of(
                new StreamcastConfig(twoValues).predictorSettings(), 2).subList(0, 4)) {
            windowStore.put(TrainerStores.windowKey(id++), window);
        }

        TrainerProcessor trainer = trainer(config, built, ManualExecutor::new);
        trainer.init(context);

        List<Long> kept = new ArrayList<>();
        try (KeyValueIterator<Bytes, TrainingSample> all = windowStore.all()) {
            all.forEachRemaining(entry -> kept.add(TrainerStores.windowId(entry.key)));
        }
        assertThat(kept).as("the five windows of 24 rows, the three of 12, and the four of two values")
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(windowStore.get(TrainerStores.windowKey(0)).getTimes().remaining()).as("kept whole")
                .isEqualTo(24 * Long.BYTES);
    }

    /** The trainer's store of training windows, in memory, registered with {@code context}. */
    private static KeyValueStore<Bytes, TrainingSample> windowStore(MockProcessorContext<byte[], byte[]> context) {
        KeyValueStore<Bytes, TrainingSample> store = TrainerStores.windows(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINING_SET_STORE)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** The trainer's store of a round's outcome yet to be written, in memory, registered with {@code context}. */
    private static KeyValueStore<String, byte[]> outcomeStore(MockProcessorContext<byte[], byte[]> context) {
        KeyValueStore<String, byte[]> store = TrainerStores.outcome(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_OUTCOME_STORE)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** The trainer's progress store, in memory, registered with {@code context}. */
    private static KeyValueStore<String, Long> progressStore(MockProcessorContext<byte[], byte[]> context) {
        KeyValueStore<String, Long> store = TrainerStores.progress(
                Stores.inMemoryKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static TrainerProcessor trainer(StreamcastConfig config, StreamcastTopology built,
                                            Supplier<ExecutorService> executors) {
        return new TrainerProcessor(built.topics(), built.models(), config.inputSpec(), config.trainerSettings(),
                StreamcastMetrics.discarding(), executors, CpuShare.UNLIMITED);
    }

    private static TrainerProcessor trainer(StreamcastConfig config, StreamcastTopology built,
                                            Supplier<ExecutorService> executors, InstanceLife life) {
        return new TrainerProcessor(built.topics(), built.models(), config.inputSpec(), config.trainerSettings(),
                StreamcastMetrics.discarding(), executors, CpuShare.UNLIMITED, new TrainerStandDown(), life);
    }

    /**
     * Revives the trainer's task as Kafka Streams does: closes the processor (a dirty close still closes the topology),
     * rebuilds the progress store from its changelog, which holds {@code committed}, and calls {@code init} again.
     */
    private static void revive(TrainerProcessor trainer, MockProcessorContext<byte[], byte[]> context,
                               KeyValueStore<String, Long> progress, Map<String, Long> committed) {
        trainer.close();
        restore(progress, committed);
        trainer.init(context);
    }

    /** Leaves {@code store} holding {@code contents} only, as a store rebuilt from its changelog. */
    private static <V> void restore(KeyValueStore<String, V> store, Map<String, V> contents) {
        contents(store).keySet().forEach(store::delete);
        contents.forEach(store::put);
    }

    private static void process(TrainerProcessor trainer, StreamcastTopology built, TrainingSample window) {
        trainer.process(new Record<>(window.getKey().getBytes(StandardCharsets.UTF_8),
                built.topics().trainingSamples().serializeValue(window), 0L));
    }

    /** Fires the live punctuations, as the stream thread would at wall-clock time {@code now}. */
    private static void tick(MockProcessorContext<byte[], byte[]> context, long now) {
        context.setCurrentSystemTimeMs(now);
        for (MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            if (!punctuator.cancelled()) {
                punctuator.getPunctuator().punctuate(now);
            }
        }
    }

    private static <V> Map<String, V> contents(KeyValueStore<String, V> store) {
        Map<String, V> contents = new HashMap<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                contents.put(entry.key, entry.value);
            }
        }
        return contents;
    }

    /** The trainer's progress and outcome stores as a commit leaves them in their changelogs. */
    private record Committed(Map<String, Long> progress, Map<String, byte[]> outcome) {
    }

    private Committed committed() {
        return new Committed(contents(progress), contents(outcome));
    }

    /** Leaves the trainer's progress and outcome stores as {@code committed}, as stores rebuilt from changelogs. */
    private void restore(Committed committed) {
        restore(progress, committed.progress());
        restore(outcome, committed.outcome());
    }

    private static List<TrainingRoundReport> reports(MockProcessorContext<byte[], byte[]> context,
                                                     StreamcastTopology built) {
        return context.forwarded().stream()
                .filter(f -> StreamcastTopology.TRAINING_ROUNDS_SINK.equals(f.childName().orElse(null)))
                .map(f -> built.topics().trainingRounds().deserializeValue(f.record().value()))
                .toList();
    }

    private static List<Long> publishedVersions(MockProcessorContext<byte[], byte[]> context,
                                                StreamcastTopology built) {
        return context.forwarded().stream()
                .filter(f -> StreamcastTopology.MODELS_SINK.equals(f.childName().orElse(null)))
                .filter(f -> f.record().value() != null)
                .map(f -> built.topics().models().deserializeValue(f.record().value()).getVersion())
                .distinct()
                .toList();
    }
}

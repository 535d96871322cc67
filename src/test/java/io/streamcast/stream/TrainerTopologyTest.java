package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.training.TrainingSchedule;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.ManualExecutor;
import io.streamcast.testing.PeriodicKeyWindows;
import io.streamcast.testing.TestSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer sub-topology on the wall clock: rounds start on schedule, run on the injected executor (stepped by
 * the test, so the stream thread is never the one training) and publish versions that only increase.
 */
class TrainerTopologyTest {

    private static final Duration TICK = TrainerProcessor.TICK;
    /** The interval between rounds that TestSettings.smallTrainer sets. */
    private static final long INTERVAL_MS = 10_000;
    private static final int MIN_WINDOWS = 40;

    private final ManualExecutor executor = new ManualExecutor();
    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> samples;
    private TestInputTopic<byte[], byte[]> modelsIn;
    private TestOutputTopic<String, ModelSnapshot> modelsOut;
    private List<TrainingSample> windows;
    private int sent;

    @BeforeEach
    void start() {
        config = new StreamcastConfig(TestSettings.smallTrainer(MIN_WINDOWS));
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding(), () -> executor);
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        samples = driver.createInputTopic(topics.trainingSamples().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        modelsIn = driver.createInputTopic(topics.models().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        modelsOut = driver.createOutputTopic(topics.models().name(), new StringDeserializer(),
                topics.models().valueSerde().deserializer());
        windows = PeriodicKeyWindows.of(config.predictorSettings());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            TrainingSample window = windows.get(sent++ % windows.size());
            samples.pipeInput(window.getKey().getBytes(StandardCharsets.UTF_8),
                    built.topics().trainingSamples().serializeValue(window));
        }
    }

    private void tick() {
        driver.advanceWallClockTime(TICK);
    }

    /**
     * The two ticks after a round finished: the first records its end, which the commit it asks for carries; the next
     * writes its report and publication.
     */
    private void collect() {
        tick();
        tick();
    }

    /** Collects the round's outcome, returning the trainer's errors logged meanwhile. */
    private List<String> collectLoggingErrors() {
        try (LogCapture trainer = LogCapture.of(TrainerProcessor.class)) {
            collect();
            return trainer.errors();
        }
    }

    private void publishInUse(long version) {
        ForecastModel model = TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), version,
                config.inputSpec(), 8, 1);
        modelsIn.pipeInput(model.name().getBytes(StandardCharsets.UTF_8),
                built.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model)));
        modelsOut.readValuesToList();
    }

    @Test
    void shouldStartARoundOnTheExecutorOnlyOnceEnoughWindowsArrived() {
        send(MIN_WINDOWS - 1);
        tick();
        assertThat(executor.pending()).isZero();

        send(1);
        tick();
        assertThat(executor.pending()).isEqualTo(1);
        assertThat(modelsOut.isEmpty()).as("nothing is published while the round runs").isTrue();
    }

    /**
     * A model in use at the largest version (published by hand, under the bare name) leaves no version to publish: the
     * round's winner is reported and not published, and the trainer goes on, where making the next version failed the
     * task each time a round ended.
     */
    @Test
    void shouldReportAndNotPublishAWinnerWhenTheModelInUseHasTheLargestVersion() {
        TestOutputTopic<String, TrainingRoundReport> rounds = driver.createOutputTopic(
                built.topics().trainingRounds().name(), new StringDeserializer(),
                built.topics().trainingRounds().valueSerde().deserializer());
        publishInUse(ForecastModel.MAX_VERSION);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);

        List<String> errors = collectLoggingErrors();

        assertThat(errors).containsExactly("Not publishing the round's winner: model default has reached version"
                + " 1000000000000000000, the largest a version may have. Train under another model.name to publish"
                + " again");
        assertThat(modelsOut.isEmpty()).isTrue();
        assertThat(rounds.readValuesToList()).singleElement()
                .satisfies(report -> assertThat(report.getPublishedVersion()).isZero());
        assertThat(built.models().current().version()).isEqualTo(ForecastModel.MAX_VERSION);
    }

    /**
     * A record under the largest version's own key that was refused here (spoilt, here bytes that are no snapshot)
     * leaves no version to publish above it, though the model's versions are not used up (version 7 is in use): the
     * trainer names that record and its deletion, not another model.name, as what lets it publish again.
     */
    @Test
    void shouldNameTheRefusedRecordOfTheLargestVersionWhenItLeavesNoVersionToPublish() {
        publishInUse(7);
        modelsIn.pipeInput("default@1000000000000000000".getBytes(StandardCharsets.UTF_8),
                "not a snapshot".getBytes(StandardCharsets.UTF_8));
        assertThat(built.models().refusedAhead(ForecastModel.MAX_VERSION)).as("the largest version, refused").isTrue();
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);

        List<String> errors = collectLoggingErrors();

        assertThat(modelsOut.isEmpty()).as("nothing published").isTrue();
        assertThat(errors).containsExactly("Not publishing the round's winner: a record of model default version"
                + " 1000000000000000000, the largest a version may have, is on the models topic and was refused here"
                + " (the warning that refused it says why), and no version is left above it. Delete it, with a"
                + " tombstone under its key default@1000000000000000000, for the trainer to publish again");
    }

    /**
     * The largest version, published by this trainer and then refused here (by a limit on the key states that fell
     * while the instance ran): the model's versions are used up, and deleting that record would not give the trainer
     * a version back; it says to train under another model.name.
     */
    @Test
    void shouldSayTheVersionsAreUsedUpWhenTheLargestVersionPublishedHereWasRefused() {
        publishInUse(ForecastModel.MAX_VERSION - 1);
        built.models().limitStoredState(1);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        collect();
        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("default@1000000000000000000");
        assertThat(built.models().refusedAhead(ForecastModel.MAX_VERSION)).as("the largest version, refused").isTrue();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.runAll()).as("the next round").isEqualTo(1);

        List<String> errors = collectLoggingErrors();

        assertThat(modelsOut.isEmpty()).as("nothing published").isTrue();
        assertThat(errors).containsExactly("Not publishing the round's winner: model default has reached version"
                + " 1000000000000000000, the largest a version may have. Train under another model.name to publish"
                + " again");
    }

    /**
     * A record under the largest version's own key that was refused here (spoilt, here bytes that are no snapshot)
     * leaves no version to publish above it; once it is deleted, with a tombstone under its key, the trainer publishes
     * again, above the version in use, where the refusal, kept after the deletion, held it back until a restart found
     * the record compacted away.
     */
    @Test
    void shouldPublishAgainOnceTheRefusedRecordOfTheLargestVersionIsDeleted() {
        publishInUse(7);
        byte[] key = "default@1000000000000000000".getBytes(StandardCharsets.UTF_8);
        modelsIn.pipeInput(key, "not a snapshot".getBytes(StandardCharsets.UTF_8));
        assertThat(built.models().refusedAhead(ForecastModel.MAX_VERSION)).as("the largest version, refused").isTrue();

        modelsIn.pipeInput(key, (byte[]) null);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        collect();

        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("default@8");
    }

    /**
     * A model that reached the largest version is to be trained on under another model.name, as the trainer says. The
     * trainer's progress store is kept across that change (it belongs to the application, not to the model): the count
     * of the old name's versions must not leave the new name without a version to publish.
     */
    @Test
    void shouldPublishUnderAnotherModelNameOnceTheOldOneReachedTheLargestVersion(@TempDir Path stateDir) {
        publishInUse(ForecastModel.MAX_VERSION - 1);
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        collect();
        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("default@1000000000000000000");

        assertThat(publishedAfterRenaming(stateDir)).contains("renamed@1");
    }

    /**
     * Keys' states know the model version that built them by its number alone, and outlive a change of model.name
     * with the trainer's progress: a version of the new name numbered as one of the old name's would be taken by such
     * a key, when it comes next, for the one it was built with (KeyStep re-warms only on another number or state
     * size), and its recurrent state fed to another network. The new name's versions go on above the old name's.
     */
    @Test
    void shouldNumberAnotherModelNamesVersionsAboveTheOldOnes(@TempDir Path stateDir) {
        publishInUse(4);
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        collect();
        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("default@5");

        assertThat(publishedAfterRenaming(stateDir)).as("none of default's numbers").contains("renamed@6")
                .noneMatch(key -> key.matches("renamed@[1-5]"));
    }

    /**
     * The keys a trainer restarted under model.name {@code renamed} publishes in its first round, on the progress store
     * as this test's trainer left it and {@link #MIN_WINDOWS} windows.
     */
    private List<String> publishedAfterRenaming(Path stateDir) {
        Map<String, Object> renamed = TestSettings.smallTrainer(MIN_WINDOWS);
        renamed.put(StreamcastConfig.MODEL_NAME_CONFIG, "renamed");
        StreamcastConfig again = new StreamcastConfig(renamed);
        StreamcastTopology restarted = StreamcastTopology.build(again, StreamcastMetrics.discarding(), () -> executor);
        Properties streams = again.streamsProperties();
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver next = new TopologyTestDriver(restarted.topology(), streams)) {
            KeyValueStore<String, Long> progress = next.getKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE);
            KeyValueStore<String, Long> before = driver.getKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE);
            try (var all = before.all()) {
                all.forEachRemaining(entry -> progress.put(entry.key, entry.value));
            }
            TestInputTopic<byte[], byte[]> input = next.createInputTopic(restarted.topics().trainingSamples().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < MIN_WINDOWS; i++) {
                TrainingSample window = windows.get(i);
                input.pipeInput(window.getKey().getBytes(StandardCharsets.UTF_8),
                        restarted.topics().trainingSamples().serializeValue(window));
            }
            TestOutputTopic<String, ModelSnapshot> published = next.createOutputTopic(
                    restarted.topics().models().name(), new StringDeserializer(),
                    restarted.topics().models().valueSerde().deserializer());
            // the round before started on the first driver's clock, which starts no later than this one's
            next.advanceWallClockTime(Duration.ofMillis(2 * INTERVAL_MS));
            assertThat(executor.runAll()).isEqualTo(1);
            next.advanceWallClockTime(TICK);
            next.advanceWallClockTime(TICK);

            assertThat(restarted.models().current()).isNotNull();
            return published.readKeyValuesToList().stream().map(kv -> kv.key).toList();
        }
    }

    /**
     * The largest version a model may have is published under its own key like any other, and that key is read as the
     * version it names: it has one digit more than the versions below it.
     */
    @Test
    void shouldTakeTheLargestVersionUnderItsOwnKeyWithoutARefusal() {
        publishInUse(ForecastModel.MAX_VERSION - 1);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);

        collect();

        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("default@1000000000000000000", "default");
        assertThat(built.models().current().version()).isEqualTo(ForecastModel.MAX_VERSION);
        assertThat(built.models().refusedCount()).as("neither the version's key nor the copy refused").isZero();
    }

    /**
     * A round that took longer than the interval, with enough new windows meanwhile: the tick that collects it and
     * publishes version 1 starts the next round at once, before the catalog has read version 1 back from the models
     * topic. That round must be judged against version 1, which it would replace, not against the fallback.
     */
    @Test
    void shouldJudgeARoundStartedInThePublishingTickAgainstTheVersionJustPublished() {
        TestOutputTopic<String, TrainingRoundReport> rounds = driver.createOutputTopic(
                built.topics().trainingRounds().name(), new StringDeserializer(),
                built.topics().trainingRounds().valueSerde().deserializer());
        send(MIN_WINDOWS);
        tick();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.runAll()).isEqualTo(1);

        collect();
        assertThat(modelsOut.readValuesToList()).extracting(ModelSnapshot::getVersion).contains(1L);
        assertThat(executor.pending()).as("the second round started in the same tick").isEqualTo(1);
        executor.runAll();
        collect();

        List<TrainingRoundReport> reports = rounds.readValuesToList();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).getReferenceVersion()).isEqualTo(1L);
    }

    /**
     * A window with more rows than history.length (24 here), sent by a predictor of a longer one (a rolling restart
     * that lowers it), is trained on as its last 24 rows and counts towards a round: training keeps state for every
     * row, and a megabyte holds a window of a few hundred thousand rows, so the training set holds no more of it.
     */
    @Test
    void shouldTrainOnTheLastRowsOfAWindowLongerThanTheHistory() {
        send(MIN_WINDOWS - 1);
        TrainingSample window = windows.get(0);
        int rows = window.getTimes().remaining() / Long.BYTES;
        assertThat(rows).isEqualTo(24);
        ByteBuffer times = ByteBuffer.allocate(8 * (rows + 1)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = ByteBuffer.allocate(4 * (rows + 1)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i <= rows; i++) {
            times.putLong(8 * i, 1_700_000_000_000L + i * 60_000L);
            values.putFloat(4 * i, i);
        }
        TrainingSample longer = TrainingSample.newBuilder(window).setTimes(times).setRawValues(values).build();
        samples.pipeInput(longer.getKey().getBytes(StandardCharsets.UTF_8),
                built.topics().trainingSamples().serializeValue(longer));
        tick();
        assertThat(executor.pending()).as("the round on the 40th window").isEqualTo(1);
    }

    /**
     * A version that came into use while a round ran (published by hand, or by a trainer elsewhere) was never
     * compared with the round's winner, which was judged against the fallback only: publishing the winner would
     * replace it unjudged, however much better it forecasts. The winner is reported unpublished, and the version in
     * use is what the next round is judged against.
     */
    @Test
    void shouldNotPublishAWinnerOverAVersionThatCameIntoUseWhileTheRoundRan() {
        TestOutputTopic<String, TrainingRoundReport> rounds = driver.createOutputTopic(
                built.topics().trainingRounds().name(), new StringDeserializer(),
                built.topics().trainingRounds().valueSerde().deserializer());
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.pending()).isEqualTo(1);
        publishInUse(5);
        assertThat(executor.runAll()).isEqualTo(1);

        collect();

        assertThat(modelsOut.isEmpty()).as("nothing published over version 5").isTrue();
        assertThat(rounds.readValuesToList()).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).isZero();
            assertThat(report.getPublishedVersion()).isZero();
        });
        assertThat(built.models().current().version()).isEqualTo(5L);

        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.runAll()).isEqualTo(1);
        collect();
        assertThat(rounds.readValuesToList()).singleElement()
                .satisfies(report -> assertThat(report.getReferenceVersion()).isEqualTo(5L));
    }

    /**
     * The version just above the round's champion, come into use while the round ran, was never compared with the
     * winner either, which was judged against the champion only: the winner is reported and not published over it.
     */
    @Test
    void shouldNotPublishAWinnerOverTheVersionAfterItsChampionThatCameIntoUseWhileTheRoundRan() {
        TestOutputTopic<String, TrainingRoundReport> rounds = driver.createOutputTopic(
                built.topics().trainingRounds().name(), new StringDeserializer(),
                built.topics().trainingRounds().valueSerde().deserializer());
        publishInUse(3);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.pending()).as("a round against version 3").isEqualTo(1);
        publishInUse(4);
        assertThat(executor.runAll()).isEqualTo(1);

        collect();

        assertThat(modelsOut.isEmpty()).as("nothing published over version 4").isTrue();
        assertThat(rounds.readValuesToList()).singleElement().satisfies(report -> {
            assertThat(report.getReferenceVersion()).isEqualTo(3L);
            assertThat(report.getPublishedVersion()).isZero();
        });
        assertThat(built.models().current().version()).isEqualTo(4L);
    }

    @Test
    void shouldPublishAFinishedRoundsCandidateAsVersionOne() {
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        collect();

        List<KeyValue<String, ModelSnapshot>> published = modelsOut.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).as("under the version's own key, and a copy under the name for"
                + " earlier releases").containsExactly("default@1", "default");
        assertThat(published).extracting(kv -> kv.value.getVersion()).containsExactly(1L, 1L);
        assertThat(built.models().refusedCount()).as("the copy of the version in use is passed over").isZero();
        assertThat(built.models().current().version()).as("taken into use through the models topic").isEqualTo(1);
    }

    @Test
    void shouldNotStartAnotherRoundWhileOneRunsNorBeforeTheInterval() {
        send(MIN_WINDOWS);
        tick();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(2 * INTERVAL_MS));
        assertThat(executor.pending()).as("only the first round, which has not finished").isEqualTo(1);

        executor.runAll();
        collect();
        assertThat(executor.pending()).as("collected, and the next one started at once: it is due").isEqualTo(1);

        executor.runAll();
        collect();
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS - 3 * TICK.toMillis()));
        assertThat(executor.pending()).as("within the interval after the second round started").isZero();
        tick();
        assertThat(executor.pending()).isEqualTo(1);
    }

    /**
     * The progress store as a life of the trainer on a machine whose clock ran a year ahead left it, having started a
     * round then: here the clock is right, and the next round starts one interval on, not a year on.
     */
    @Test
    void shouldStartTheNextRoundOneIntervalOnWhenTheLastStartedAheadOfTheClock() {
        writableProgressSchedule().roundStarted(System.currentTimeMillis() + 365L * 24 * 3_600_000);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.pending()).as("the interval counts from the present").isZero();

        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.pending()).isEqualTo(1);
    }

    /**
     * A round with a champion tries the challenger of its turn, and the turn moves on in the changelogged progress only
     * when the round ends: a restart while it runs (which drops the round) leaves the same challenger to the next round
     * instead of skipping it. A round without a champion tries none and takes no turn.
     */
    @Test
    void shouldCountAChallengersTurnOnlyWhenItsRoundEnds() {
        TrainingSchedule schedule = progressSchedule();
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        tick();
        assertThat(schedule.challengerTurn()).as("after a round against the fallback").isZero();

        publishInUse(3);
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.pending()).as("a round against version 3 runs").isEqualTo(1);
        assertThat(schedule.challengerTurn()).as("while it runs").isZero();

        executor.runAll();
        tick();
        assertThat(schedule.challengerTurn()).as("once it ended").isEqualTo(1);
    }

    /**
     * The progress store as one earlier life of the trainer left it, having started a round on turn 0 and stopped
     * during it (a restart, or a challenger that kills the process): the next round tries the same challenger again.
     */
    @Test
    void shouldTryTheSameChallengerAgainAfterOneRoundOfItsTurnStoppedTheProcess() {
        publishInUse(3);
        send(MIN_WINDOWS);
        writableProgressSchedule().challengerRoundStarted();
        tick();
        assertThat(executor.pending()).isEqualTo(1);
        assertThat(progressSchedule().challengerTurn()).as("after one unfinished round, the same turn").isZero();
    }

    /**
     * The progress store as two earlier lives left it, each having started a round on turn 0 and stopped during it:
     * the next round passes that challenger over (it would otherwise stop the process after every restart, for good)
     * and tries the next.
     */
    @Test
    void shouldTryTheNextChallengerAfterTwoRoundsOfATurnStoppedTheProcess() {
        publishInUse(3);
        send(MIN_WINDOWS);
        writableProgressSchedule().challengerRoundStarted();
        writableProgressSchedule().challengerRoundStarted();
        tick();
        assertThat(executor.pending()).isEqualTo(1);
        assertThat(progressSchedule().challengerTurn()).as("turn 0 passed over").isEqualTo(1);

        executor.runAll();
        tick();
        assertThat(progressSchedule().challengerTurn()).as("turn 1 tried").isEqualTo(2);
    }

    /**
     * The progress store as two earlier lives left it, each having started a round without a champion and stopped
     * during it: no round starts (there is no other challenger to turn to), until a model comes into use from
     * elsewhere. After one such life the round starts.
     */
    @Test
    void shouldStartNoRoundWithoutAChampionAfterTwoSuchRoundsStoppedTheProcess() {
        send(MIN_WINDOWS);
        writableProgressSchedule().firstRoundStarted();
        writableProgressSchedule().firstRoundStarted();
        tick();
        assertThat(executor.pending()).as("no round after two unfinished").isZero();
        tick();
        assertThat(executor.pending()).isZero();

        publishInUse(3);
        tick();
        assertThat(executor.pending()).as("a round against the model in use").isEqualTo(1);
    }

    @Test
    void shouldStartARoundWithoutAChampionAgainAfterOneSuchRoundStoppedTheProcess() {
        send(MIN_WINDOWS);
        writableProgressSchedule().firstRoundStarted();
        tick();
        assertThat(executor.pending()).isEqualTo(1);

        executor.runAll();
        tick();
        assertThat(progressSchedule().firstRoundMayStart()).as("the count cleared by the round's end").isTrue();
    }

    /** The trainer's schedule over this driver's progress store, as a restarted trainer would read it. */
    private TrainingSchedule progressSchedule() {
        return scheduleOver(false);
    }

    /** The same, writing to the store, as an earlier life of the trainer did. */
    private TrainingSchedule writableProgressSchedule() {
        return scheduleOver(true);
    }

    private TrainingSchedule scheduleOver(boolean writable) {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(StreamcastTopology.TRAINER_PROGRESS_STORE);
        return TrainingSchedule.onWallClock(config.trainerSettings(),
                writable ? StoreProgress.of(store) : StoreProgress.readOnly(store));
    }

    @Test
    void shouldPublishAboveTheVersionInUse() {
        publishInUse(7);
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        collect();

        List<KeyValue<String, ModelSnapshot>> published = modelsOut.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).as("nothing of this trainer's to retire yet")
                .containsExactly("default@8", "default");
        assertThat(published.get(0).value.getVersion()).isEqualTo(8L);
    }

    /**
     * Each publication retires with a tombstone the one this trainer made before the two newest, by its number,
     * however the versions jumped (here above models published by hand).
     */
    @Test
    void shouldRetireItsPublicationBeforeTheTwoNewest() {
        List<List<KeyValue<String, ModelSnapshot>>> rounds = new ArrayList<>();
        for (long handPublished : new long[] {7, 20, 30}) {
            publishInUse(handPublished);
            send(MIN_WINDOWS);
            tick();
            executor.runAll();
            collect();
            rounds.add(modelsOut.readKeyValuesToList());
            driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        }

        assertThat(rounds.get(0)).extracting(kv -> kv.key).containsExactly("default@8", "default");
        assertThat(rounds.get(1)).extracting(kv -> kv.key).containsExactly("default@21", "default");
        assertThat(rounds.get(2)).extracting(kv -> kv.key).containsExactly("default@31", "default", "default@8");
        assertThat(rounds.get(2).get(2).value).isNull();
        assertThat(built.models().refusedCount()).as("retiring a version not in use is no refusal").isZero();
    }

    /**
     * The trainer's first publication, version 1, is retired like any later one: the third publication writes its
     * tombstone. Models published by hand between the rounds, freshly initialised, are what each round's winner beats.
     */
    @Test
    void shouldRetireVersionOneWithTheThirdPublication() {
        List<List<KeyValue<String, ModelSnapshot>>> rounds = new ArrayList<>();
        for (long handPublished : new long[] {0, 5, 10}) {
            if (handPublished > 0) {
                publishInUse(handPublished);
            }
            send(MIN_WINDOWS);
            tick();
            assertThat(executor.runAll()).isEqualTo(1);
            collect();
            rounds.add(modelsOut.readKeyValuesToList());
            driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        }

        assertThat(rounds.get(0)).extracting(kv -> kv.key).containsExactly("default@1", "default");
        assertThat(rounds.get(1)).extracting(kv -> kv.key).containsExactly("default@6", "default");
        assertThat(rounds.get(2)).extracting(kv -> kv.key).containsExactly("default@11", "default", "default@1");
        assertThat(rounds.get(2).get(2).value).as("a tombstone").isNull();
        assertThat(built.models().refusedCount()).isZero();
    }

    /**
     * The trainer's two newest publications refused here, after the key states' changelog came to allow less than the
     * recurrent state of model.hidden.size=8 (as the limits read while the instance runs say), and its publication
     * before them, made under model.hidden.size=4, in use: retiring that one retired the version in use, a tombstone
     * the trainer's own instance refused, and once compaction had removed it an instance that restarted with the
     * smaller network configured again, which fits, had no model at all.
     */
    @Test
    void shouldNotRetireTheVersionInUseWhenTheNewerPublicationsWereRefused(@TempDir Path stateDir) {
        String models = built.topics().models().name();
        TestOutputTopic<String, byte[]> raw = driver.createOutputTopic(models, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<KeyValue<String, byte[]>> log = new ArrayList<>();
        ForecastModel eight = TestSettings.model("default", 8, config.inputSpec(), 4, 1);
        ForecastModel nine = TestSettings.model("default", 9, config.inputSpec(), 8, 2);
        TrainingSchedule earlier = writableProgressSchedule();
        earlier.publishVersion(TestSettings.model("default", 7, config.inputSpec(), 4, 1));
        earlier.publishVersion(eight);
        log.add(pipe("default@8", serialized(eight)));
        built.models().limitStoredState(15);
        log.add(pipe("default@9", serialized(nine)));
        raw.readKeyValuesToList();
        assertThat(built.models().current().version()).isEqualTo(8);

        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        collect();
        List<KeyValue<String, byte[]>> written = raw.readKeyValuesToList();
        assertThat(written).extracting(kv -> kv.key).contains("default@10");
        log.addAll(written);
        assertThat(built.models().current().version()).as("10 refused, as 9 was").isEqualTo(8);
        assertThat(built.models().refusedCount()).as("9 and 10, and no tombstone of the trainer's").isEqualTo(2);

        Map<String, Object> smaller = TestSettings.smallTrainer(MIN_WINDOWS);
        smaller.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 4);
        StreamcastConfig again = new StreamcastConfig(smaller);
        StreamcastTopology restarted = StreamcastTopology.build(again, StreamcastMetrics.discarding(), () -> executor);
        restarted.models().limitStoredState(15);
        Properties streams = again.streamsProperties();
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver next = new TopologyTestDriver(restarted.topology(), streams)) {
            TestInputTopic<String, byte[]> input = next.createInputTopic(models, new StringSerializer(),
                    new ByteArraySerializer());
            compacted(log).forEach(record -> input.pipeInput(record.key, record.value));
            assertThat(restarted.models().current()).as("the version in use before the restart").isNotNull();
            assertThat(restarted.models().current().version()).isEqualTo(8);
        }
    }

    /**
     * The trainer's publication refused here (the key states' changelog allowed less than its recurrent state, then
     * more again) is no champion: the next round was judged against it, a model no key used, and its winner, better
     * than the version in use, was not published for not beating it.
     */
    @Test
    void shouldJudgeTheRoundAfterARefusedPublicationAgainstTheVersionInUse() {
        publishInUse(7);
        int sendable = built.models().largestState();
        built.models().limitStoredState(15);
        send(MIN_WINDOWS);
        tick();
        assertThat(executor.runAll()).isEqualTo(1);
        collect();
        assertThat(modelsOut.readKeyValuesToList()).extracting(kv -> kv.key).contains("default@8");
        assertThat(built.models().current().version()).as("8 refused").isEqualTo(7);

        built.models().limitStoredState(sendable);
        send(MIN_WINDOWS);
        driver.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
        assertThat(executor.runAll()).isEqualTo(1);
        collect();

        assertThat(built.models().current().version()).isEqualTo(9);
    }

    /**
     * The models topic is compacted: each key keeps only its latest record. A version published under a key of its
     * own survives records refused after it (garbage or a tombstone under the model's name, a lower version), so an
     * instance that restarts on the compacted topic takes the newest version again.
     */
    @Test
    void shouldTakeTheNewestVersionAgainFromTheCompactedTopicWhateverWasRefusedAfterIt(@TempDir Path stateDir) {
        String models = built.topics().models().name();
        TestOutputTopic<String, byte[]> raw = driver.createOutputTopic(models, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<KeyValue<String, byte[]>> log = new ArrayList<>();
        ForecastModel legacy = TestSettings.model("default", 7, config.inputSpec(), 8, 1);
        log.add(pipe("default", serialized(legacy)));
        raw.readKeyValuesToList();
        send(MIN_WINDOWS);
        tick();
        executor.runAll();
        collect();
        log.addAll(raw.readKeyValuesToList());
        log.add(pipe("default", "garbage".getBytes(StandardCharsets.UTF_8)));
        log.add(pipe("default", null));
        log.add(pipe("default@5", serialized(TestSettings.model("default", 5, config.inputSpec(), 8, 1))));
        assertThat(built.models().current().version()).isEqualTo(8);
        assertThat(built.models().refusedCount()).as("garbage, the name's tombstone, version 5").isEqualTo(3);

        StreamcastTopology restarted = StreamcastTopology.build(config, StreamcastMetrics.discarding(), () -> executor);
        Properties streams = config.streamsProperties();
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver again = new TopologyTestDriver(restarted.topology(), streams)) {
            TestInputTopic<String, byte[]> input = again.createInputTopic(models, new StringSerializer(),
                    new ByteArraySerializer());
            compacted(log).forEach(record -> input.pipeInput(record.key, record.value));
            assertThat(restarted.models().current()).isNotNull();
            assertThat(restarted.models().current().version()).isEqualTo(8);
        }
    }

    /**
     * A snapshot under another version's key, a key of the model that names no version and a tombstone of the version
     * in use are refused, and the model in use stays; a tombstone retiring an older version is no refusal.
     */
    @Test
    void shouldRefuseWhatDoesNotMatchItsKeyAndATombstoneOfTheVersionInUse() {
        publishInUse(7);
        pipe("default@9", serialized(TestSettings.model("default", 8, config.inputSpec(), 8, 1)));
        pipe("default@v9", serialized(TestSettings.model("default", 9, config.inputSpec(), 8, 1)));
        pipe("default@7", null);
        assertThat(built.models().refusedCount()).isEqualTo(3);

        pipe("default@5", null);
        assertThat(built.models().refusedCount()).isEqualTo(3);
        assertThat(built.models().current().version()).isEqualTo(7);
    }

    private KeyValue<String, byte[]> pipe(String key, byte[] value) {
        modelsIn.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
        return KeyValue.pair(key, value);
    }

    private byte[] serialized(ForecastModel model) {
        return built.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model));
    }

    /** What compaction leaves of a log: each key's latest record, in log order, without tombstones. */
    private static List<KeyValue<String, byte[]>> compacted(List<KeyValue<String, byte[]>> log) {
        Map<String, Integer> latest = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            latest.put(log.get(i).key, i);
        }
        List<KeyValue<String, byte[]>> kept = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (latest.get(log.get(i).key) == i && log.get(i).value != null) {
                kept.add(log.get(i));
            }
        }
        return kept;
    }
}

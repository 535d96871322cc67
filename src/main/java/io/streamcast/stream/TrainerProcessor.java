package io.streamcast.stream;

import io.streamcast.lstm.CpuShare;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.training.TrainerSettings;
import io.streamcast.training.TrainingRound;
import io.streamcast.training.TrainingSchedule;
import io.streamcast.training.TrainingSet;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: collects training windows into a bounded, changelogged training set and, on the wall-clock
 * {@link TrainingSchedule}, trains a candidate on a background executor so that the stream thread keeps polling
 * and committing.
 * A punctuation on the stream thread records the finished round's end, with the round's report and any winner kept in
 * a changelogged store ({@link PendingOutcome}), and asks for a commit; the next publishes a better candidate to the
 * models topic within the task's transaction, under a version higher than any published before (kept in a changelogged
 * store, so also after a restart or a fail-over to another instance). Every round, published or not, is reported to
 * the training-rounds topic in the same transaction as its publication, which deletes the kept outcome.
 *
 * <p>Its source topic has one partition, so exactly one task, on one instance, trains at a time.
 */
final class TrainerProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    /** How often the schedule is checked and a finished round collected. */
    static final Duration TICK = Duration.ofMillis(500);
    static final String NEXT_ID = "next.id";
    /**
     * How many lives of the trainer may set out to write a round's kept outcome: one whose write aborts each time (a
     * models topic that refuses the record, say) would otherwise hold back every later round.
     */
    static final int OUTCOME_ATTEMPTS = 3;

    private final StreamcastTopics topics;
    private final ModelCatalog models;
    private final InputSpec spec;
    private final TrainerSettings settings;
    private final StreamcastMetrics metrics;
    private final Supplier<ExecutorService> executors;
    private final CpuShare cpu;
    private final TrainerStandDown standDown;
    private final InstanceLife life;
    private final WindowFit fit;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, TrainingSample> windows;
    private KeyValueStore<String, Long> progress;
    private PendingOutcome pending;
    private TrainingSchedule schedule;
    private RunningRoundRecord roundOnRecord;
    private RoundOutcomeWriter outcomes;
    private TrainingSet trainingSet;
    private TrainingRound round;
    private ExecutorService executor;
    private Cancellable ticks;
    private Future<TrainingRound.Outcome> running;
    /**
     * Whether this life has counted its attempt to write the kept outcome ({@link PendingOutcome#attempts}) in a commit
     * it asked for, so that the next tick may write it. Written in the same transaction as the round's end, a report or
     * a publication that failed (the models topic refused the record, or was missing, or the commit failed) would take
     * the end with it: the next owner would count the round as one the process stopped in, and two such faults of a
     * topic would stop first rounds for good. A write that aborts is followed by a new life of the trainer (a revived
     * task, a replaced thread, another owner), which counts its own attempt first.
     */
    private boolean outcomeAttemptCounted;
    /**
     * Whether this life has an outcome to write, of a round it ended or one it found kept, which an instance's close
     * waits for: a close that did not would count an attempt and write nothing.
     */
    private boolean outcomeUnwritten;
    private ForecastModel runningChampion;
    /**
     * The version this trainer published last in this life. The catalog learns of it only once the models topic's
     * record comes back through the global store, and a round can start in the tick that published it: judged
     * against the catalog's older model, its winner would replace one it was never compared with.
     */
    private ForecastModel lastPublished;
    private long runningStart;
    private int runningWindows;
    private int runningKeys;
    /** Whether this life of the processor has said that it starts no round without a champion. */
    private boolean firstRoundsStopped;
    /** Whether this life of the processor has said that it cuts arriving windows longer than history.length. */
    private boolean arrivingCutSaid;

    /**
     * @param executors makes the executor that runs training rounds off the stream thread
     * @param cpu       the most CPU a round may take
     */
    TrainerProcessor(StreamcastTopics topics, ModelCatalog models, InputSpec spec, TrainerSettings settings,
                     StreamcastMetrics metrics, Supplier<ExecutorService> executors, CpuShare cpu) {
        this(topics, models, spec, settings, metrics, executors, cpu, new TrainerStandDown(), InstanceLife.drawn());
    }

    /**
     * @param standDown how the instance's close asks the trainer to record a round it cuts short
     * @param life      the life of the instance this trainer runs in, the same for every trainer the instance makes
     */
    TrainerProcessor(StreamcastTopics topics, ModelCatalog models, InputSpec spec, TrainerSettings settings,
                     StreamcastMetrics metrics, Supplier<ExecutorService> executors, CpuShare cpu,
                     TrainerStandDown standDown, InstanceLife life) {
        this.standDown = standDown;
        this.life = life;
        this.topics = topics;
        this.models = models;
        this.spec = spec;
        this.settings = settings;
        this.metrics = metrics;
        this.executors = executors;
        this.cpu = cpu;
        this.fit = new WindowFit(settings, spec);
    }

    /**
     * One daemon thread, so a round in progress never keeps the JVM alive, below the stream threads' priority
     * ({@link TrainerThreads}).
     */
    static ExecutorService trainingThread() {
        return Executors.newSingleThreadExecutor(new TrainerThreads());
    }

    /**
     * (Re)sets everything this processor works with. Kafka Streams calls it again on the same object when it revives
     * a corrupted task, whose stores it has rebuilt from their changelogs: a round of the previous life is dropped
     * with its executor and its tick, and the trainer starts over from the stores, where that round, when its start
     * was committed, shows as started and never ended ({@link RunningRoundRecord#settleAtStart}).
     */
    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        stop();
        this.firstRoundsStopped = false;
        this.arrivingCutSaid = false;
        // a revival follows an aborted transaction, which may have held that publication: the models topic then never
        // had it, and a round judged against it would keep a worse model in use
        this.lastPublished = null;
        this.context = context;
        this.windows = context.getStateStore(StreamcastTopology.TRAINING_SET_STORE);
        this.progress = context.getStateStore(StreamcastTopology.TRAINER_PROGRESS_STORE);
        this.pending = new PendingOutcome(context.getStateStore(StreamcastTopology.TRAINER_OUTCOME_STORE));
        TrainingSchedule.Progress counters = new TrainingSchedule.Progress() {
            @Override
            public long get(String name) {
                return TrainerProcessor.this.get(name);
            }

            @Override
            public void put(String name, long value) {
                progress.put(name, value);
            }
        };
        this.schedule = TrainingSchedule.onWallClock(settings, counters);
        this.roundOnRecord = new RunningRoundRecord(counters, schedule, life);
        this.outcomes = new RoundOutcomeWriter(context, topics, models, schedule, metrics, spec, settings);
        this.round = new TrainingRound(spec, settings, cpu);
        this.trainingSet = new TrainingSet(settings.capacity(), settings.perKeyCapacity());
        TrainerStores.dropUnreadableCounters(progress);
        if (roundOnRecord.settleAtStart()) {
            LOG.info("Recording the training round this instance started before its trainer's task was revived as cut"
                    + " short: the process did not stop in it");
        }
        if (pending.present()) {
            LOG.info("Found the report and any publication of a training round that ended kept unwritten in the"
                    + " trainer's store ({} of {} attempts to write them made); writing them", pending.attempts(),
                    OUTCOME_ATTEMPTS);
            outcomeUnwritten = true;
            standDown.roundStarted();
        }
        StoredWindows.load(windows, counters, trainingSet, fit);
        this.executor = executors.get();
        this.ticks = context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
        int unusable = trainingSet.size() - trainingSet.usable();
        LOG.info("Trainer ready with {} training windows from {} keys{}", trainingSet.usable(),
                trainingSet.usableKeys(), unusable == 0 ? "" : ", holding " + unusable + " more of another"
                        + " value.dimension untrained on");
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        TrainingSample sample;
        try {
            sample = topics.trainingSamples().deserializeValue(record.value());
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Skipping an unreadable training sample: {}", e.getMessage());
            return;
        }
        if (sample == null) {
            return;
        }
        // stored cut too: whole, its record may be larger than the largest start-up measured the store's changelog
        // and the producer against, and failing to store it would fail the task at each attempt
        TrainingSample trained = fit.trained(sample);
        String why = fit.unfit(trained);
        boolean usable = why == null;
        if (!usable && !fit.keptOnArrival(trained)) {
            LOG.warn("Skipping a training window of key {}: {}", sample.getKey(), why);
            return;
        }
        if (!usable) {
            LOG.warn("Keeping a training window of key {} untrained on: {}; a trainer with the value.dimension it"
                    + " was sent under trains on it", sample.getKey(), why);
        }
        if (trained != sample && !arrivingCutSaid) {
            LOG.warn("Training on and storing the last {} rows of arriving training windows longer than"
                    + " history.length={} (sent by predictors of a longer one), the first of key {}: whole, they would"
                    + " be larger than the records start-up measured the store's changelog against",
                    fit.windowRows(), fit.windowRows(), sample.getKey());
            arrivingCutSaid = true;
        }
        long id = get(NEXT_ID);
        progress.put(NEXT_ID, id + 1);
        windows.put(TrainerStores.windowKey(id), trained);
        for (long evicted : trainingSet.add(id, trained, usable)) {
            windows.delete(TrainerStores.windowKey(evicted));
        }
        if (usable) {
            // one no round here can train on does not bring the next round nearer
            schedule.windowArrived();
        }
    }

    private long get(String name) {
        Long value = progress.get(name);
        return value == null ? 0 : value;
    }

    private void tick(long now) {
        recordVersionInUse();
        if (pending.present()) {
            if (!writeOutcome()) {
                return;
            }
        } else if (running != null && running.isDone()) {
            // the next round waits for this one's publication, which it is to be judged against
            recordEnd();
            return;
        }
        if (standDown.requested()) {
            if (running != null) {
                cutShort();
            }
            return;
        }
        if (running == null && schedule.due(now, trainingSet.usable())) {
            start(now);
        }
    }

    /**
     * Records a newer version in use in the trainer's progress: one published by hand, above the versions the trainer
     * published, is lost with the models topic when the topic is deleted and made again, while keys' states built with
     * it stay. Numbered below it, the trainer's next versions would each have such a key wait for it again, and the
     * one that reached its number would be taken for it, the key's state fed to another network. The progress is
     * written only when the version rises.
     */
    private void recordVersionInUse() {
        ForecastModel inUse = models.current();
        if (inUse != null) {
            schedule.versionsOf(models.modelName());
            schedule.versionInUse(inUse.version());
        }
    }

    private void start(long now) {
        if (lastPublished != null && models.refusedAhead(lastPublished.version())) {
            // no key uses it (a limit on the key states fell, say): a winner better than the version in use, judged
            // against it, would not be published
            lastPublished = null;
        }
        ForecastModel champion = newer(models.current(), lastPublished);
        if (champion == null && firstRoundsStopped()) {
            return;
        }
        List<TrainingSample> snapshot = trainingSet.windows();
        schedule.roundStarted(now);
        long challenger;
        if (champion == null) {
            schedule.firstRoundStarted();
            challenger = 0;
        } else {
            challenger = challengerTurn();
        }
        roundOnRecord.started(champion == null);
        runningChampion = champion;
        runningStart = now;
        runningWindows = snapshot.size();
        // not the set's keys: those whose windows are all of another value dimension give the round none
        runningKeys = (int) snapshot.stream().map(TrainingSample::getKey).distinct().count();
        LOG.info("Training round started on {} windows from {} keys against {}", snapshot.size(),
                runningKeys, champion == null ? "the fallback" : "version " + champion.version());
        running = executor.submit(() -> round.run(snapshot, champion, challenger));
        standDown.roundStarted();
    }

    /** Whether no round without a champion may start; says so once in this life of the processor. */
    private boolean firstRoundsStopped() {
        if (schedule.firstRoundMayStart()) {
            return false;
        }
        if (!firstRoundsStopped) {
            LOG.error("Starting no training round: the last {} rounds without a model in use started and never"
                    + " ended (the process stopped during each; out of memory?). Keys forecast without a model"
                    + " until one is published from elsewhere or the model and training settings change",
                    TrainingSchedule.UNFINISHED_FIRST_ROUNDS);
            firstRoundsStopped = true;
        }
        return true;
    }

    /** Starts the turn of a round with a champion, saying so when it passes over a turn that stopped the process. */
    private long challengerTurn() {
        long turn = schedule.challengerTurn();
        long started = schedule.challengerRoundStarted();
        if (started != turn) {
            LOG.warn("Passing over the challenger of turn {}: its last {} rounds started and never ended (the process"
                    + " stopped during each)", turn, TrainingSchedule.UNFINISHED_ROUNDS_PER_TURN);
        }
        return started;
    }

    /**
     * Records the end of the round that ran, whatever its outcome, with its report and any winner kept to be written,
     * and asks for the commit that carries them before the next tick writes them ({@link #outcomeAttemptCounted}).
     */
    private void recordEnd() {
        roundOnRecord.ended();
        if (runningChampion != null) {
            schedule.challengerTried();
        } else {
            schedule.firstRoundEnded();
        }
        pending.save(outcomes.settle(new RoundOutcomeWriter.EndedRound(running, runningChampion, runningStart,
                context.currentSystemTimeMs() - runningStart, runningWindows, runningKeys)));
        running = null;
        runningChampion = null;
        outcomeAttemptCounted = true;
        outcomeUnwritten = true;
        context.commit();
    }

    /**
     * Writes the kept outcome and deletes it, in one transaction, once this life's attempt is counted in a commit;
     * counts it first, or gives the outcome up after {@link #OUTCOME_ATTEMPTS}. Returns whether no outcome is left
     * to write, so that a round may start.
     */
    private boolean writeOutcome() {
        if (!outcomeAttemptCounted) {
            long attempt = pending.attempts() + 1;
            if (attempt <= OUTCOME_ATTEMPTS) {
                pending.attempts(attempt);
                outcomeAttemptCounted = true;
                context.commit();
                return false;
            }
        }
        PendingOutcome.Outcome outcome = pending.read();
        if (outcome != null && !outcomeAttemptCounted) {
            LOG.warn("Giving up the report and any publication of the training round started at {}: {} attempts to"
                    + " write them did not commit (the models or training-rounds topic refused a record, a commit"
                    + " failed, or the trainer moved or stopped before it wrote them)",
                    outcome.report().getStartedAt(), OUTCOME_ATTEMPTS);
        } else if (outcome != null) {
            ForecastModel published = outcomes.write(outcome, newer(models.current(), lastPublished));
            if (published != null) {
                lastPublished = published;
            }
        }
        pending.clear();
        outcomeAttemptCounted = false;
        if (outcomeUnwritten) {
            outcomeUnwritten = false;
            standDown.roundEnded();
        }
        return true;
    }

    /** The newer of two models, either of which may be null. */
    private static ForecastModel newer(ForecastModel a, ForecastModel b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.version() > a.version() ? b : a;
    }

    /**
     * A clean close (a shutdown, a rebalance that moves the task) cuts the running round short without the process
     * stopping in it: it is recorded as such, so that only rounds during which the process stopped count towards
     * passing over a challenger or starting no more first rounds. Two rolling restarts during first rounds would
     * otherwise stop the trainer's first rounds for good.
     *
     * <p>Kafka Streams commits a task before it closes its processors. At a shutdown what is written here reaches no
     * commit, so the tick the instance's close asks for records the round first. When a rebalance revokes the task,
     * what is written here goes into the stream thread's next transaction. The thread rejoins the group at once for
     * the follow-up rebalance that hands the task over, makes no commit during it, and commits that transaction at its
     * first commit after it (within {@code commit.interval.ms}); the new owner reads the changelog's end only once it
     * has opened the task's stores, so it normally restores the record. Not surely: a new owner that reads the end
     * first, or an old instance that stops before its commit, counts the round as one the process stopped in. A task
     * revived in this instance, its stores rebuilt without what is written here, tells its round apart by the
     * instance life on record ({@link RunningRoundRecord}).
     *
     * <p>A round whose end is recorded and whose outcome is not yet written needs nothing here: its outcome is in the
     * store with its end, for whichever life of the trainer opens the task next ({@link PendingOutcome}).
     */
    @Override
    public void close() {
        if (running != null) {
            roundOnRecord.cutShort();
        }
        stop();
    }

    /**
     * Records the running round as cut short by the instance's clean close and cancels it, on the stream thread while
     * a commit can still carry the record ({@link TrainerStandDown}).
     */
    private void cutShort() {
        LOG.info("Cutting the training round short: the instance closes");
        roundOnRecord.cutShort();
        running.cancel(true);
        roundOver();
        runningChampion = null;
    }

    /** The running round is over: cut short or cancelled. */
    private void roundOver() {
        running = null;
        standDown.roundEnded();
    }

    /**
     * Cancels the running round, leaves the report and publication of one whose end is recorded in the store, for the
     * next life of the trainer, and stops the executor and the tick.
     */
    private void stop() {
        if (running != null) {
            running.cancel(true);
            roundOver();
        }
        if (outcomeUnwritten) {
            LOG.info("Keeping the report and any publication of the training round that ended in the trainer's"
                    + " store, for the trainer's next owner to write: its trainer closes");
            outcomeUnwritten = false;
            standDown.roundEnded();
        }
        outcomeAttemptCounted = false;
        runningChampion = null;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (ticks != null) {
            ticks.cancel();
            ticks = null;
        }
    }
}

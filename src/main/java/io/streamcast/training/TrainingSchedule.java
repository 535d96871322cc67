package io.streamcast.training;

import io.streamcast.predict.ForecastModel;
import java.util.HashMap;
import java.util.Map;

/**
 * When a training round starts and which version a published candidate gets: the one schedule the stream's
 * trainer and the offline replays follow. The first round starts as soon as the training set holds
 * {@code training.min.samples} windows, so that keys get a model early; a later round once
 * {@code training.min.new.samples} windows have arrived since the last round started and, on the wall clock,
 * {@code training.interval.ms} has passed since then. A published version
 * is above every version published before and above every version in use it was told of, so versions only increase.
 *
 * <p>Its counters live in a {@link Progress} the caller keeps: the stream's trainer keeps them in a changelogged
 * store, so that the schedule and the versions carry over restarts and fail-overs.
 */
public final class TrainingSchedule {

    /** Named counters that outlive the schedule object; a counter never set reads 0. */
    public interface Progress {
        long get(String name);

        void put(String name, long value);

        /** Counters kept in memory, for a replay that starts from nothing. */
        static Progress inMemory() {
            Map<String, Long> values = new HashMap<>();
            return new Progress() {
                @Override
                public long get(String name) {
                    return values.getOrDefault(name, 0L);
                }

                @Override
                public void put(String name, long value) {
                    values.put(name, value);
                }
            };
        }
    }

    private static final String LAST_VERSION = "last.version";
    private static final String NEW_SAMPLES = "new.samples";
    private static final String LAST_ROUND_START = "last.round.start";
    private static final String ROUNDS = "rounds";
    /** The new windows counted, and the last round's start, when the round started last began: a cut-short round's. */
    private static final String NEW_SAMPLES_BEFORE_ROUND = "new.samples.before.round";
    private static final String ROUND_START_BEFORE_ROUND = "last.round.start.before.round";
    private static final String CHALLENGERS = "challengers";
    private static final String TURN_STARTS = "challenger.turn.starts";
    private static final String FIRST_ROUND_STARTS = "first.round.starts";
    private static final String FIRST_ROUND_SETTINGS = "first.round.settings";
    private static final String PREVIOUS_VERSION = "previous.version";
    private static final String RETIRED_VERSION = "retired.version";
    /**
     * The newest version the trainer saw in use, kept for when the models topic no longer has it (deleted and made
     * again): keys' states built with it outlive the topic.
     */
    private static final String SEEN_VERSION = "seen.version";
    /** Which model.name the version counters count the publications of, as {@link #nameFingerprint}. */
    private static final String VERSIONS_MODEL = "versions.model";

    /**
     * Rounds of one turn that may start and never end (each time the process stopped during the round) before the
     * next round passes over that turn's challenger.
     */
    public static final int UNFINISHED_ROUNDS_PER_TURN = 2;

    /**
     * Rounds without a champion that may start under the same settings and never end (each time the process stopped
     * during the round) before the trainer starts no more of them.
     */
    public static final int UNFINISHED_FIRST_ROUNDS = 2;

    private final TrainerSettings settings;
    /** What a round computes and holds in memory under the settings, as a number the same in every process. */
    private final long settingsFingerprint;
    /** The fingerprint earlier releases stored: the hash of the settings' whole text, threads as this machine caps. */
    private final long storedByEarlierRelease;
    private final boolean wallClock;
    private final Progress progress;

    private TrainingSchedule(TrainerSettings settings, boolean wallClock, Progress progress) {
        this.settings = settings;
        this.settingsFingerprint = roundFingerprint(settings);
        this.storedByEarlierRelease = settings.toString().hashCode();
        this.wallClock = wallClock;
        this.progress = progress;
    }

    /**
     * The hash of the text of the settings a round runs under: what it trains and judges, how many windows it holds,
     * and how many training threads it runs, each with a backpropagation workspace of its own
     * ({@link io.streamcast.lstm.TrainingSettings#workers}). Not when rounds start ({@code training.interval.ms},
     * {@code training.min.samples}, {@code training.min.new.samples}), and not a thread count beyond the workers a
     * training runs, which a machine with more cores would otherwise change without changing the round.
     */
    private static long roundFingerprint(TrainerSettings settings) {
        TrainerSettings round = new TrainerSettings(settings.hiddenSize(), settings.layers(), 0, 0, 0,
                settings.capacity(), settings.perKeyCapacity(), settings.validationFraction(),
                settings.improvementMargin(), settings.training().withThreads(settings.training().workers()),
                settings.choices(), settings.gapEvents());
        return round.toString().hashCode();
    }

    /**
     * Whether the unfinished first rounds on record started under these settings: also when an earlier release
     * recorded them under its own fingerprint of the same settings, so that an upgrade is no change of settings.
     */
    private boolean sameFirstRoundSettings() {
        long stored = progress.get(FIRST_ROUND_SETTINGS);
        return stored == settingsFingerprint || stored == storedByEarlierRelease;
    }

    /** The stream's schedule: rounds at least {@code training.interval.ms} apart on the wall clock. */
    public static TrainingSchedule onWallClock(TrainerSettings settings, Progress progress) {
        return new TrainingSchedule(settings, true, progress);
    }

    /**
     * The schedule of an offline replay, which has no wall clock: the interval is taken as passed, so rounds
     * follow the count of new windows alone.
     */
    public static TrainingSchedule offline(TrainerSettings settings, Progress progress) {
        return new TrainingSchedule(settings, false, progress);
    }

    /**
     * Counts a training window that arrived. A count below 0 or at the largest long (no trainer writes one; it was
     * appended to the changelog by hand) is taken as 0 or kept: counted on from there, it would stay below
     * {@code training.min.new.samples}, or wrap to the smallest long, and no round would be due again.
     */
    public void windowArrived() {
        long counted = Math.max(0, progress.get(NEW_SAMPLES));
        progress.put(NEW_SAMPLES, counted == Long.MAX_VALUE ? counted : counted + 1);
    }

    /**
     * Whether a round should start at {@code now} with {@code windows} windows in the training set. A last round start
     * later than {@code now} is taken as {@code now}, and kept so: the wall clock has gone back since (the round ran on
     * a machine whose clock was ahead, and the progress moved here with the task, or the clock was corrected), and a
     * start months ahead would otherwise hold every round back until the clock reached it, on whichever instance took
     * the trainer over. The next round waits one interval from the clock's present time instead.
     */
    public boolean due(long now, int windows) {
        if (wallClock && progress.get(LAST_ROUND_START) > now) {
            progress.put(LAST_ROUND_START, now);
        }
        if (windows < settings.minSamples()) {
            return false;
        }
        return progress.get(ROUNDS) == 0
                || progress.get(NEW_SAMPLES) >= settings.minNewSamples()
                // not now - start >= interval: a start near the smallest long (written by hand) overflows that to a
                // negative number, and no round would be due again
                && (!wallClock || progress.get(LAST_ROUND_START) <= now - settings.intervalMillis());
    }

    /** Records that a round started at {@code now}: new windows are counted from here. */
    public void roundStarted(long now) {
        progress.put(NEW_SAMPLES_BEFORE_ROUND, progress.get(NEW_SAMPLES));
        progress.put(ROUND_START_BEFORE_ROUND, progress.get(LAST_ROUND_START));
        progress.put(LAST_ROUND_START, now);
        progress.put(NEW_SAMPLES, 0L);
        progress.put(ROUNDS, progress.get(ROUNDS) + 1);
    }

    /**
     * The turn of the next round with a champion, counted from 0: which other choice it tries
     * ({@link TrainingRound#run(java.util.List, ForecastModel, long)}). It moves on only when such a round ends
     * ({@link #challengerTried}), and is kept in the progress, so the rotation carries over restarts and a round cut
     * short by one leaves its turn to the next round.
     */
    public long challengerTurn() {
        return progress.get(CHALLENGERS);
    }

    /**
     * Records that a round with a champion starts, and returns the turn it takes. A turn whose rounds started
     * {@link #UNFINISHED_ROUNDS_PER_TURN} times and never ended is passed over: a challenger that kills the process
     * (say, one whose training takes more memory than the container has) would otherwise be tried again after every
     * restart, for good. A turn cut short once (an ordinary restart) keeps its place.
     *
     * @return the round's turn: {@link #challengerTurn} as it was, or the one after it where that was passed over
     */
    public long challengerRoundStarted() {
        long starts = progress.get(TURN_STARTS);
        if (starts >= UNFINISHED_ROUNDS_PER_TURN) {
            progress.put(CHALLENGERS, progress.get(CHALLENGERS) + 1);
            starts = 0;
        }
        progress.put(TURN_STARTS, starts + 1);
        return progress.get(CHALLENGERS);
    }

    /**
     * Whether a round without a champion may start: not once {@link #UNFINISHED_FIRST_ROUNDS} of them started under
     * these settings and never ended. Such a round has no other challenger to turn to, and trying it again would stop
     * the process again after every restart, for good; until a model comes into use from elsewhere or the trainer's
     * settings change (a smaller model, say), the keys keep their forecasts without a model.
     */
    public boolean firstRoundMayStart() {
        return !sameFirstRoundSettings() || progress.get(FIRST_ROUND_STARTS) < UNFINISHED_FIRST_ROUNDS;
    }

    /** Records that a round without a champion starts. */
    public void firstRoundStarted() {
        long starts = sameFirstRoundSettings() ? progress.get(FIRST_ROUND_STARTS) : 0;
        progress.put(FIRST_ROUND_SETTINGS, settingsFingerprint);
        progress.put(FIRST_ROUND_STARTS, starts + 1);
    }

    /** Records that a round without a champion ended, whatever its outcome. */
    public void firstRoundEnded() {
        progress.put(FIRST_ROUND_STARTS, 0L);
    }

    /**
     * Records that the round started last, without a champion ({@code first}) or with one, was cut short by the
     * trainer's clean close, not by the process stopping during it: it does not count as a round that never ended,
     * nor as a round at all for the schedule, so the next is due as that one was, with the windows that made it due
     * still counted as new. A lost first round would otherwise leave the next waiting for
     * {@code training.min.new.samples} windows and the interval, not {@code training.min.samples}.
     */
    public void roundCutShort(boolean first) {
        String starts = first ? FIRST_ROUND_STARTS : TURN_STARTS;
        progress.put(starts, Math.max(0, progress.get(starts) - 1));
        progress.put(ROUNDS, Math.max(0, progress.get(ROUNDS) - 1));
        progress.put(NEW_SAMPLES, progress.get(NEW_SAMPLES) + progress.get(NEW_SAMPLES_BEFORE_ROUND));
        progress.put(NEW_SAMPLES_BEFORE_ROUND, 0L);
        progress.put(LAST_ROUND_START, progress.get(ROUND_START_BEFORE_ROUND));
    }

    /** Records that a round with a champion ended, whatever its verdict, having tried its {@link #challengerTurn}. */
    public void challengerTried() {
        progress.put(CHALLENGERS, progress.get(CHALLENGERS) + 1);
        progress.put(TURN_STARTS, 0L);
    }

    /**
     * Makes the version counters count the publications of {@code modelName}. The progress belongs to the application
     * and outlives a change of {@code model.name}, and so do the keys' states, which know the version that built them
     * by its number alone: the new name's versions go on above the newest the name before published or had in use, so
     * that none has the number of a version some key was built with, and such a key re-warms rather than feed one
     * network's state to another. What retires its own publications starts afresh, having none of the new name's. A
     * name that had reached {@link ForecastModel#MAX_VERSION} leaves the new one, which the trainer says to train under
     * then, no version above it: that name's versions start afresh from 1. Counters on record without a name (an
     * earlier release's) are taken as this name's.
     */
    public void versionsOf(String modelName) {
        long fingerprint = nameFingerprint(modelName);
        long stored = progress.get(VERSIONS_MODEL);
        if (stored == fingerprint) {
            return;
        }
        if (stored != 0) {
            long newest = newestAbove(0);
            progress.put(LAST_VERSION, 0L);
            progress.put(PREVIOUS_VERSION, 0L);
            progress.put(RETIRED_VERSION, 0L);
            progress.put(SEEN_VERSION, newest < ForecastModel.MAX_VERSION ? newest : 0L);
        }
        progress.put(VERSIONS_MODEL, fingerprint);
    }

    /** A 64-bit FNV-1a hash of the name's UTF-8 bytes, the same on every JVM; never 0, which stands for none. */
    private static long nameFingerprint(String modelName) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : modelName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }

    /**
     * Whether a version is left to publish: the last one published under this progress and the one in use (which may
     * have come from elsewhere, by hand) are both below {@link ForecastModel#MAX_VERSION}.
     */
    public boolean versionLeft(ForecastModel inUse) {
        return versionLeft(inUse == null ? 0 : inUse.version());
    }

    /**
     * Records that {@code version} of the model {@link #versionsOf} names is in use, so that no later publication
     * takes a version at or below it, also once the models topic no longer has it.
     */
    public void versionInUse(long version) {
        if (version > progress.get(SEEN_VERSION)) {
            progress.put(SEEN_VERSION, version);
        }
    }

    /**
     * Whether a version is left to publish above the last one published, the newest seen in use and
     * {@code newestKnown}.
     */
    public boolean versionLeft(long newestKnown) {
        return newestAbove(newestKnown) < ForecastModel.MAX_VERSION;
    }

    private long newestAbove(long newestKnown) {
        return Math.max(Math.max(progress.get(LAST_VERSION), progress.get(SEEN_VERSION)), newestKnown);
    }

    /**
     * The version a candidate published now gets, recorded as published: one above both the last version
     * published under this progress and the version in use (which another trainer may have published).
     *
     * @param inUse the model in use, or null before the first
     */
    public long publishVersion(ForecastModel inUse) {
        return publishVersion(inUse == null ? 0 : inUse.version());
    }

    /**
     * The version a candidate published now gets, recorded as published: one above the last version published
     * under this progress, the newest recorded in use ({@link #versionInUse}) and {@code newestKnown}, the newest
     * version known to have been in use (0 for none).
     */
    public long publishVersion(long newestKnown) {
        if (!versionLeft(newestKnown)) {
            throw new IllegalStateException("no version is left above " + ForecastModel.MAX_VERSION);
        }
        long version = newestAbove(newestKnown) + 1;
        progress.put(RETIRED_VERSION, progress.get(PREVIOUS_VERSION));
        progress.put(PREVIOUS_VERSION, progress.get(LAST_VERSION));
        progress.put(LAST_VERSION, version);
        return version;
    }

    /**
     * The version published under this progress before the two newest, which the models topic no longer needs once
     * the newest is out; 0 while there is none. Counted by publication, not by number, because a version can jump
     * above one published by another trainer or by hand.
     */
    public long retiredVersion() {
        return progress.get(RETIRED_VERSION);
    }
}

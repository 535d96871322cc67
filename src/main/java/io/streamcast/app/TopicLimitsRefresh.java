package io.streamcast.app;

import io.streamcast.app.ops.ChangelogLoss;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.stream.DeadLetters;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.stream.RecordSizeCheck.LargestRecord;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.SendLimits;
import io.streamcast.stream.StreamcastTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code max.message.bytes} of the key states' changelog, the dead-letter topic and the output topics again
 * while {@code run} runs, every {@code max.message.bytes.refresh.interval.ms}: read at start-up alone, a limit an
 * operator lowered meanwhile refused the first dead letter or output fitted to the old one, or the first key state of
 * a model accepted under it, which stopped the instance at that record (until a restart read the new limit). Dead
 * letters and outputs are fitted to the limits read ({@link SendLimits}), and models offered later are judged by the
 * changelog's ({@link ModelCatalog#limitStoredState}). The model in use stays in use under a changelog lowered below
 * what its keys' states can need: nothing else is there to predict with until a model that fits arrives; an error
 * says so, naming the topic and its limit. Each topic is read on its own: one that cannot be read keeps its own limit
 * last read, said in one warning until a read of it succeeds, and the others' are taken. The key states' changelog
 * deleted is said at each read ({@link DeletedKeyStates}), on the same pace and admin client, and shown by the health
 * reports and a gauge ({@link ChangelogLoss#keyStates}); only once the instance has run: until its start has Kafka
 * Streams create the topic again, a deletion before it is said by the start, and the instance commits nothing yet. A
 * read that cannot tell leaves what the last one found ({@link ChangelogLossCheck}). So are the trainer's stores'
 * changelogs, with a gauge, and in the health reports of the instance that runs the trainer's task alone
 * ({@link DeletedTrainerStores}, {@link ChangelogLoss#trainerStores}).
 */
public final class TopicLimitsRefresh implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicLimitsRefresh.class);
    /** How long a close waits for a read under way to end, once interrupted. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Admin admin;
    private final StreamcastConfig config;
    private final SendLimits limits;
    private final ModelCatalog models;
    private final String changelog;
    private final String deadLetters;
    private final List<String> outputs;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BooleanSupplier ran;
    private final ChangelogLossCheck keyStatesCheck;
    private final ChangelogLossCheck trainerCheck;
    /** Each topic's limit as last read; only the timer's thread touches it and the limits in force after the start. */
    private final TopicLimitReads reads;
    /** The limits in force. */
    private OptionalLong keyStatesLimit;
    private OptionalLong deadLettersLimit;
    private OptionalLong outputsLimit;

    TopicLimitsRefresh(Admin admin, StreamcastConfig config, SendLimits limits, ModelCatalog models,
                       MessageSizeCheck.TopicLimits read) {
        this(admin, config, limits, models, read, () -> true, lost -> { }, lost -> { });
    }

    /**
     * @param ran           whether the instance has run since its start
     * @param keyStatesLost given, at each read once the instance has run and that can tell, why it commits nothing
     *                      while the key states' changelog is found deleted, or empty
     * @param trainerLost   the same for the trainer's stores' changelogs, with {@code training.enabled}
     */
    TopicLimitsRefresh(Admin admin, StreamcastConfig config, SendLimits limits, ModelCatalog models,
                       MessageSizeCheck.TopicLimits read, BooleanSupplier ran,
                       Consumer<Optional<String>> keyStatesLost, Consumer<Optional<String>> trainerLost) {
        this.admin = admin;
        this.ran = ran;
        this.keyStatesCheck = new ChangelogLossCheck(DeletedKeyStates.subject(config),
                () -> DeletedKeyStates.sayIfDeletedWhileRunning(admin, config), keyStatesLost);
        this.trainerCheck = new ChangelogLossCheck(DeletedTrainerStores.subject(config),
                () -> DeletedTrainerStores.sayIfDeletedWhileRunning(admin, config), trainerLost);
        this.config = config;
        this.limits = limits;
        this.models = models;
        this.changelog = RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE);
        this.deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);
        this.outputs = RecordSizeCheck.outputTopics(config);
        this.keyStatesLimit = read.keyStates();
        this.deadLettersLimit = read.deadLetters();
        this.outputsLimit = read.outputs();
        Map<String, Long> each = new HashMap<>(read.outputTopics());
        read.keyStates().ifPresent(limit -> each.put(changelog, limit));
        read.deadLetters().ifPresent(limit -> each.put(deadLetters, limit));
        List<String> topics = new ArrayList<>(List.of(changelog, deadLetters));
        topics.addAll(outputs);
        // the changelog is absent until Kafka Streams creates it, with the limit start-up read for it
        this.reads = new TopicLimitReads(admin, topics, Set.of(changelog), each);
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "streamcast-max-message-bytes");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the limits again every {@code max.message.bytes.refresh.interval.ms} from now, with an admin client of
     * its own, until closed.
     *
     * @param read the limits read at start-up, already set in the node's send limits and model catalog
     * @param node the instance, whose start has not begun yet
     */
    public static TopicLimitsRefresh start(StreamcastConfig config, MessageSizeCheck.TopicLimits read,
                                           StreamcastNode node) {
        ChangelogLoss loss = node.keyStatesLost();
        TopicLimitsRefresh refresh = new TopicLimitsRefresh(Admin.create(config.streamsProperties()), config,
                node.service().sendLimits(), node.service().models(), read, node.service()::ran, loss::found,
                trainerFindings(node.trainerLost(), node.service()::runsTrainer));
        long interval = config.getLong(StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG);
        refresh.timer.scheduleWithFixedDelay(surviving(refresh::refresh), interval, interval, TimeUnit.MILLISECONDS);
        return refresh;
    }

    /**
     * Gives {@code loss} each finding of the trainer's stores' changelogs with whether this instance runs the trainer's
     * task as it is found: only that instance stops committing, so only its health reports follow the loss.
     */
    static Consumer<Optional<String>> trainerFindings(ChangelogLoss loss, BooleanSupplier runsTrainer) {
        return lost -> loss.found(lost, lost.isPresent() && runsTrainer.getAsBoolean());
    }

    /**
     * {@code task}, made to log what it throws and carry on: a scheduled task that throws is never run again, without
     * a word, and the limits would then stay as last read for as long as the instance runs.
     */
    static Runnable surviving(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Reading the topics' max.message.bytes again failed; the limits last set hold until the next"
                        + " read", e);
            }
        };
    }

    /**
     * Reads the limits once and sets those that changed; says, each time once the instance has run, that the key
     * states' changelog or the trainer's stores' were deleted, if they were: the instance commits nothing meanwhile.
     */
    void refresh() {
        if (ran.getAsBoolean()) {
            keyStatesCheck.run();
            trainerCheck.run();
        }
        try {
            for (String topic : reads.readAgain()) {
                judgeRecords(topic, reads.limit(topic).getAsLong());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        OptionalLong keyStatesNow = reads.limit(changelog);
        if (keyStatesNow.isPresent() && !keyStatesNow.equals(keyStatesLimit)) {
            keyStatesTake(keyStatesNow.getAsLong());
        }
        OptionalLong deadLettersNow = reads.limit(deadLetters);
        if (deadLettersNow.isPresent() && !deadLettersNow.equals(deadLettersLimit)) {
            deadLettersTake(deadLettersNow.getAsLong());
        }
        // the smallest of those ever read: a topic never read holds the outputs to nothing, as at start-up
        OptionalLong outputsNow = outputs.stream().map(reads::limit).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
        if (outputsNow.isPresent() && !outputsNow.equals(outputsLimit)) {
            limits.outputTopicsTake(outputsNow.getAsLong());
            LOG.info("Outputs carry their event's headers within {} bytes, the smallest max.message.bytes of topics {}"
                    + " (was {})", outputsNow.getAsLong(), outputs, was(outputsLimit));
            outputsLimit = outputsNow;
        }
    }

    private void keyStatesTake(long now) {
        int largest = RecordSizeCheck.largestModelState(config, now);
        models.limitStoredState(largest);
        LOG.info("Models are now held to a recurrent state of at most {} values per key, for a key's stored state"
                + " within the max.message.bytes of topic {}, {} bytes (was {}), and the producer's max.request.size",
                models.largestState(), changelog, now, was(keyStatesLimit));
        keyStatesLimit = OptionalLong.of(now);
        ForecastModel inUse = models.current();
        if (inUse != null && inUse.network().stateSize() > models.largestState()) {
            // start-up refuses such a model; while running it stays, as nothing else is there to predict with
            LOG.error("Model {} version {} in use keeps a recurrent state of {} values per key, more than the {} a"
                    + " key's stored state can hold now that topic {} takes records of up to {} bytes"
                    + " (max.message.bytes): it stays in use, but a key state too large for that topic would be"
                    + " refused, which stops the instance, and the restart refuses the model; raise that limit, or"
                    + " publish a model with a shorter state", inUse.name(), inUse.version(),
                    inUse.network().stateSize(), models.largestState(), changelog, now);
        }
    }

    private void deadLettersTake(long now) {
        limits.deadLetterTopicTakes(now);
        LOG.info("Dead letters are now fitted to {} bytes, the max.message.bytes of topic {} (was {})", now,
                deadLetters, was(deadLettersLimit));
        deadLettersLimit = OptionalLong.of(now);
        long irreducible = DeadLetters.largestIrreducible();
        if (now < irreducible) {
            // start-up refuses such a topic; while running, only the operator can raise it again
            LOG.error("Topic {} now takes records of up to {} bytes (max.message.bytes), less than the {} a dead"
                    + " letter can need with nothing left but Streamcast's own headers: such a dead letter would"
                    + " be refused, which stops the instance; raise that limit", deadLetters, now, irreducible);
        }
    }

    /**
     * Says in an error each record of the instance's that topic {@code topic} no longer takes, as start-up would have
     * refused it: such a record is refused, which stops the instance.
     */
    private void judgeRecords(String topic, long limit) {
        for (LargestRecord record : RecordSizeCheck.largestRecords(config)) {
            if (record.topics().contains(topic) && !record.fits(limit)) {
                LOG.error("{} can reach {} bytes with {}, more than topic {} now takes (max.message.bytes {}): such a"
                        + " record would be refused, which stops the instance; lower {}, or raise that limit",
                        record.what(), record.bytes(), record.because(), topic, limit, record.setting());
            }
        }
    }

    private static String was(OptionalLong limit) {
        return limit.isPresent() ? limit.getAsLong() + " bytes" : "not read";
    }

    /** Stops the reads, ending one under way, and closes the admin client; only the first call acts. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        admin.close(Duration.ZERO);
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The read of the topics' max.message.bytes had not ended {} ms after the close",
                        CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

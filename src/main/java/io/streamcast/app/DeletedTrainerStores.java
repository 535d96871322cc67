package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, as an error, that changelogs of the trainer's stores were deleted: at start-up, since the application last
 * ran, and while the instance runs; only with {@code training.enabled}, which alone has the stores. Why: Kafka Streams
 * creates them again, empty, without a word, and the trainer starts over from nothing, its progress lost; and the
 * stream thread that runs the trainer's task waits for a deleted one without end, committing nothing for any of its
 * tasks (its key states' and predictions too) while Kafka Streams reads RUNNING (seen on the tests' broker, the events
 * topic's offsets left uncommitted for 90 s). Told apart from a first start by the application's committed offsets on
 * the training-samples topic ({@link AbsentChangelogs}).
 */
public final class DeletedTrainerStores {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedTrainerStores.class);
    /** The trainer's changelogged stores, each with what is lost with its changelog. */
    private static final Map<String, String> KEEPS = stores();

    private DeletedTrainerStores() {
    }

    private static Map<String, String> stores() {
        Map<String, String> keeps = new LinkedHashMap<>();
        keeps.put(StreamcastTopology.TRAINING_SET_STORE, "the training windows it collected");
        keeps.put(StreamcastTopology.TRAINER_PROGRESS_STORE, "its progress (the rounds' schedule, the windows seen"
                + " since the last round, the model versions seen and published)");
        keeps.put(StreamcastTopology.TRAINER_OUTCOME_STORE, "the outcome of a round that ended, if one was yet to be"
                + " written");
        return keeps;
    }

    /** Logs the loss at start-up, when a changelog is absent though the trainer has read training samples. */
    public static void sayIfDeletedAtStart(Admin admin, StreamcastConfig config) {
        if (!config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG)) {
            return;
        }
        try {
            lost(admin, config, false).ifPresent(lost -> LOG.error(lost + " Kafka Streams creates them again, empty,"
                    + " and the trainer goes on without what they kept"));
        } catch (ExecutionException e) {
            // only a word is at stake: the start goes on as without the check
            LOG.warn("Cannot check {}: {}", subject(config), e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Logs the loss while the instance runs, and says what it costs, for a gauge and the health reports.
     *
     * @return the reason while a changelog is missing, empty while they are there or training is off
     * @throws ExecutionException when the broker cannot tell (a timeout, a broker away)
     */
    static Optional<String> sayIfDeletedWhileRunning(Admin admin, StreamcastConfig config)
            throws ExecutionException, InterruptedException {
        if (!config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG)) {
            return Optional.empty();
        }
        return lost(admin, config, true).map(lost -> {
            LOG.error(lost + " Meanwhile the stream thread that runs the trainer's task commits nothing, for any of"
                    + " its tasks (key states and predictions too), until its instance is restarted; the start"
                    + " creates them again, empty, and the trainer goes on without what they kept");
            return lost;
        });
    }

    /** What is checked, as the warnings that a check cannot tell say it. */
    static String subject(StreamcastConfig config) {
        return "that topics " + KEEPS.keySet().stream().map(store -> RecordSizeCheck.changelog(config, store))
                .toList() + ", which keep the trainer's stores, were not deleted";
    }

    /**
     * What was lost, to tell the operator; empty at a first start or while the changelogs exist.
     *
     * @param hasRun whether this instance has run, when the changelogs' absence alone says they were deleted
     * @throws ExecutionException when the broker cannot tell (a timeout, a broker away)
     */
    static Optional<String> lost(Admin admin, StreamcastConfig config, boolean hasRun)
            throws ExecutionException, InterruptedException {
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        return AbsentChangelogs.find(admin, config, List.copyOf(KEEPS.keySet()), samples, hasRun).map(found -> {
            String what = KEEPS.entrySet().stream()
                    .filter(store -> found.absent().contains(RecordSizeCheck.changelog(config, store.getKey())))
                    .map(Map.Entry::getValue).collect(Collectors.joining("; "));
            return "Topics " + found.absent() + ", changelogs of application " + config.applicationId() + "'s"
                    + " trainer stores, do not exist, though " + AbsentChangelogs.since(found, "training samples",
                    samples, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG) + ": they were deleted, and with them"
                    + " what the trainer kept: " + what + ". The keys' states and the models published are not lost.";
        });
    }
}

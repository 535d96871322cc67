package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, as an error, that the key states' changelog was deleted (by hand, a clean-up script, a cluster's migration):
 * at start-up, since the application last ran, and while the instance runs. Why: Kafka Streams creates a missing
 * changelog again, empty, at its first rebalance, and every key then starts afresh (its learning period again),
 * without a word when the instance has no local copy of the states, and otherwise only in its own terms (a task's
 * {@code endOffsetSum=0 smaller than offsetSum}, then a restore from scratch that throws the local copy away); a
 * running instance waits for the topic without end, with Kafka Streams reading RUNNING, so the loss also makes it
 * neither ready nor live ({@link io.streamcast.app.ops.ChangelogLoss}). Told apart from a first start by the
 * application's committed offsets on the events topic ({@link AbsentChangelogs}).
 */
public final class DeletedKeyStates {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedKeyStates.class);

    private DeletedKeyStates() {
    }

    /** Logs the loss at start-up, when the changelog is absent though the application has read events. */
    public static void sayIfDeletedAtStart(Admin admin, StreamcastConfig config) {
        try {
            lost(admin, config, false).ifPresent(lost -> LOG.error(lost + " Kafka Streams creates it again, empty;"
                    + " each key starts afresh at its next event (its learning period again), and the local copies of"
                    + " the states that an instance may still hold are thrown away, no longer backed by the topic"));
        } catch (ExecutionException e) {
            // only a word is at stake: the start goes on as without the check
            LOG.warn("Cannot check {}: {}", subject(config), e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What is checked, as the warnings that a check cannot tell say it. */
    static String subject(StreamcastConfig config) {
        return "that topic " + RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE) + ", which keeps"
                + " the key states, was not deleted";
    }

    /**
     * Logs the loss while the instance runs, and says why it commits nothing, for the health reports. Why: the stream
     * threads' producer, which writes each key's new state to the changelog, waits for the topic without end, so that
     * no transaction commits, while Kafka Streams still reads RUNNING; the producer's own warnings name only an
     * unknown topic.
     *
     * @return the reason while the changelog is missing, empty while it is there
     * @throws ExecutionException when the broker cannot tell (a timeout, a broker away)
     */
    static Optional<String> sayIfDeletedWhileRunning(Admin admin, StreamcastConfig config)
            throws ExecutionException, InterruptedException {
        return lost(admin, config, true).map(lost -> {
            LOG.error(lost + " Meanwhile this instance commits nothing: it applies events to its local copies of the"
                    + " states, but none of their predictions becomes readable and the events topic's committed"
                    + " offsets stay where they are, until it is restarted; its start creates the topic again, empty,"
                    + " and each key starts afresh at its next event (its learning period again)");
            return "Topic " + RecordSizeCheck.changelog(config, StreamcastTopology.KEY_STATE_STORE) + ", the key"
                    + " states' changelog, was deleted while this instance ran: it commits nothing until it is"
                    + " restarted, and its start creates the topic again, empty (every key starts afresh)";
        });
    }

    /**
     * What was lost, to tell the operator; empty at a first start or while the changelog exists.
     *
     * @param hasRun whether this instance has run, when the changelog's absence alone says it was deleted
     * @throws ExecutionException when the broker cannot tell (a timeout, a broker away)
     */
    static Optional<String> lost(Admin admin, StreamcastConfig config, boolean hasRun)
            throws ExecutionException, InterruptedException {
        String events = config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        return AbsentChangelogs.find(admin, config, List.of(StreamcastTopology.KEY_STATE_STORE), events, hasRun)
                .map(found -> "Topic " + found.absent().get(0) + ", the changelog of application "
                        + config.applicationId() + "'s key states, does not exist, though "
                        + AbsentChangelogs.since(found, "events", events, StreamcastConfig.EVENTS_TOPIC_CONFIG)
                        + ": it was deleted, and every key's learned state (LSTM state, scaling, forecasts and anomaly"
                        + " records) with it, on every partition.");
    }
}

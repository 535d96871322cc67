package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates again, as {@code run} creates them at its start, the topics the stream threads write to when one was
 * deleted while the instance runs. Why: a stream thread whose output topic was deleted (the dead-letter topic purged by
 * hand, say) fails once its producer has waited {@code max.block.ms} (1 minute) for the topic, and on a cluster that
 * does not create topics on demand ({@code auto.create.topics.enable=false}) every replacement thread failed the same
 * way until the instance stopped, its partitions stalled meanwhile; only a restart, whose topic setup created the
 * topic, mended it. The events topic is not among them (Kafka Streams stops at once without its source).
 *
 * <p>The models topic is among them, although created again while instances run it stops every one that had read
 * records from the deleted one (their models' thread finds its offsets gone back and cannot be replaced). A stream
 * thread fails on it only when the trainer publishes, and failed at each publication until the instance stopped,
 * whose next start created the topic and stopped the others all the same; meanwhile a trainer that had written to the
 * topic shortly before stayed blocked in its commit, its partitions stalled, until the topic existed again. Created at
 * the first failure, it stops them minutes sooner. Left deleted with no publication, it is never created here: the
 * instances go on with the model in use.
 */
final class DeletedTopics {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedTopics.class);
    private static final Set<String> WRITTEN_BY_STREAM_THREADS = Set.of(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG,
            StreamcastConfig.ANOMALIES_TOPIC_CONFIG, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG,
            StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG,
            StreamcastConfig.MODELS_TOPIC_CONFIG);
    /**
     * Bound on each of the two admin calls: the failed thread waits for them before it is replaced, and a broker that
     * does not answer (restarting, which can fail a thread with an unknown partition too) would hold it for a minute.
     */
    private static final int CALL_TIMEOUT_MS = 10_000;

    private DeletedTopics() {
    }

    /** Creates the topics the stream threads write to that no longer exist; returns them, each with its setting. */
    static List<String> createAgain(StreamcastConfig config) {
        Properties settings = config.streamsProperties();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        try (Admin admin = Admin.create(settings)) {
            return TopicSetup.createMissing(admin, config, WRITTEN_BY_STREAM_THREADS);
        } catch (ExecutionException | RuntimeException e) {
            // the thread is replaced all the same, and a restart's topic setup says what stands in the way
            LOG.warn("Cannot check for or create topics deleted while this instance ran: {}", e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}

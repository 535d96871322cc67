package io.streamcast.app;

import io.streamcast.stream.StreamcastConfig;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates again, as {@code run} creates them at its start, the application's topics deleted while it runs. Why: a
 * stream thread whose output topic was deleted (the dead-letter topic purged by hand, say) fails once its producer has
 * waited {@code max.block.ms} (1 minute) for the topic, and on a cluster that does not create topics on demand
 * ({@code auto.create.topics.enable=false}) every replacement thread failed the same way until the instance stopped,
 * its partitions stalled meanwhile; only a restart, whose topic setup created the topic, mended it.
 */
final class DeletedTopics {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedTopics.class);
    /**
     * Bound on each admin call: the failed thread waits for them before it is replaced, and a broker that does not
     * answer (restarting, which can fail a thread with an unknown partition too) would hold it for a minute.
     */
    private static final int CALL_TIMEOUT_MS = 10_000;

    private DeletedTopics() {
    }

    /** Creates the application's topics that no longer exist; returns them, each with its setting. */
    static List<String> createAgain(StreamcastConfig config) {
        Properties settings = config.streamsProperties();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> missing = StreamcastConfig.topicSettings().stream()
                    .filter(setting -> !existing.contains(config.getString(setting)))
                    .map(setting -> config.getString(setting) + " (" + setting + ")").toList();
            if (!missing.isEmpty()) {
                TopicSetup.ensure(admin, config);
            }
            return missing;
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

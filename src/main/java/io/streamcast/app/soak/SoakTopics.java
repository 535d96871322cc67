package io.streamcast.app.soak;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;

/**
 * Deletes the topics of a soak run once it has ended ({@code --delete-topics}): those it set up and those Kafka
 * Streams made for its application id (changelogs), all of which carry the run's id. Not by default: the topics of a
 * run that failed are what tells why.
 */
final class SoakTopics {

    private SoakTopics() {
    }

    /**
     * Deletes the topics whose names {@code ownTopic} takes, waiting until the cluster has.
     *
     * @return their names, sorted
     * @throws ExecutionException as the cluster refused a listing or a deletion, some topics possibly deleted
     */
    static List<String> delete(Admin admin, Predicate<String> ownTopic) throws ExecutionException,
            InterruptedException {
        List<String> own = admin.listTopics().names().get().stream().filter(ownTopic).sorted().toList();
        if (!own.isEmpty()) {
            admin.deleteTopics(own).all().get();
        }
        return own;
    }
}

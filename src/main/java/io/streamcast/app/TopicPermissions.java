package io.streamcast.app;

import io.streamcast.stream.StreamcastConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks at start-up that the cluster lets this application's user do on each of its topics what the instance will
 * do there (Kafka ACLs): read the events, the models and the training history; write the predictions, anomalies, dead
 * letters and training windows; and, where it trains, read the training windows and write the models and the
 * history. Why: Kafka Streams finds a missing permission only when it first uses it, and a topic written rarely (the
 * dead letters) then stops the instance at its first bad record, days later, and again after every restart, while
 * its other partitions go on. Asked here, the start fails at once naming the topic, its setting and the operation.
 * A cluster that returns no authorised operations (or has no authoriser, which allows them all) passes.
 */
public final class TopicPermissions {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private TopicPermissions() {
    }

    /**
     * @throws IllegalStateException naming every operation on a topic the user may not perform, or why the cluster
     *                               could not say
     */
    public static void require(Admin admin, StreamcastConfig config) {
        Map<String, Need> needs = needs(config);
        Map<String, TopicDescription> described;
        try {
            described = describe(admin, needs.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the permissions on the topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot check this application's permissions on its topics: "
                    + e.getCause().getMessage(), e.getCause());
        }
        List<String> refused = new ArrayList<>();
        needs.forEach((topic, need) -> {
            Set<AclOperation> allowed = described.get(topic).authorizedOperations();
            if (allowed == null) {
                return;
            }
            for (AclOperation operation : need.operations()) {
                if (!allowed.contains(operation)) {
                    refused.add(operation + " topic " + topic + " (" + need.setting() + ")");
                }
            }
        });
        if (!refused.isEmpty()) {
            throw new IllegalStateException("The Kafka user of this application may not " + String.join(", ", refused)
                    + ", which it needs; grant these operations (Kafka ACLs on the topics) and start again");
        }
    }

    /**
     * The topics' descriptions with the operations the user may perform; topics just created may be unknown to the
     * broker asked until their metadata spreads, so an unknown topic is asked for again for up to
     * {@link #METADATA_WAIT}.
     */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** What the instance does on each of its topics, by name, with the setting that names the topic. */
    static Map<String, Need> needs(StreamcastConfig config) {
        boolean trains = config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG);
        boolean samples = config.getInt(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG) > 0;
        Map<String, Need> needs = new LinkedHashMap<>();
        add(needs, config, StreamcastConfig.EVENTS_TOPIC_CONFIG, AclOperation.READ);
        add(needs, config, StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, AclOperation.WRITE);
        add(needs, config, StreamcastConfig.ANOMALIES_TOPIC_CONFIG, AclOperation.WRITE);
        add(needs, config, StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, AclOperation.WRITE);
        add(needs, config, StreamcastConfig.MODELS_TOPIC_CONFIG, AclOperation.READ);
        add(needs, config, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG, AclOperation.READ);
        if (samples) {
            add(needs, config, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, AclOperation.WRITE);
        }
        if (trains) {
            add(needs, config, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG, AclOperation.READ);
            add(needs, config, StreamcastConfig.MODELS_TOPIC_CONFIG, AclOperation.WRITE);
            add(needs, config, StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG, AclOperation.WRITE);
        }
        return needs;
    }

    private static void add(Map<String, Need> needs, StreamcastConfig config, String setting, AclOperation operation) {
        needs.computeIfAbsent(config.getString(setting), topic -> new Need(setting, new ArrayList<>()))
                .operations().add(operation);
    }

    /** The operations the instance performs on one topic, named by {@code setting}. */
    record Need(String setting, List<AclOperation> operations) {
    }
}

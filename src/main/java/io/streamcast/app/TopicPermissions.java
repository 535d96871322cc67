package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the cluster lets this application's user do on each of its topics what the instance will
 * do there (Kafka ACLs): read the events, the models and the training history; write the predictions, anomalies, dead
 * letters and training windows; and, where it trains, read the training windows and write the models and the
 * history. Why: Kafka Streams finds a missing permission only when it first uses it, and a topic written rarely (the
 * dead letters) then stops the instance at its first bad record, days later, and again after every restart, while
 * its other partitions go on. Asked here, the start fails at once naming the topic, its setting and the operation.
 * A cluster that reports no operations, or has no authoriser (which allows them all), passes; so does an application
 * whose clients log in with credentials of their own under a client prefix, whom the admin client cannot speak for.
 */
public final class TopicPermissions {

    private static final Logger LOG = LoggerFactory.getLogger(TopicPermissions.class);
    /** Kafka Streams' prefixes for the settings of one of its clients. */
    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);

    private TopicPermissions() {
    }

    /**
     * @throws IllegalStateException naming every operation on a topic the user may not perform, or why the cluster
     *                               could not say
     */
    public static void require(Admin admin, StreamcastConfig config) {
        String otherUser = clientOfItsOwn(config);
        if (otherUser != null) {
            LOG.warn("Not checking the permissions on the topics: {} gives a client credentials of its own, so the"
                    + " admin client may not be the user who reads and writes them", otherUser);
            return;
        }
        Map<String, Need> needs = needs(config);
        List<String> refused = new ArrayList<>();
        try {
            describe(admin, needs.keySet()).forEach((topic, allowed) -> {
                Need need = needs.get(topic);
                if (allowed == null) {
                    refused.add(AclOperation.DESCRIBE + " topic " + topic + " (" + need.setting() + ")");
                    return;
                }
                // Kafka describes a topic only to a user who may DESCRIBE it: a set without it is no answer (a
                // server that does not report the operations), and the topic is not judged on it
                if (!allowed.contains(AclOperation.DESCRIBE)) {
                    return;
                }
                for (AclOperation operation : need.operations()) {
                    if (!allowed.contains(operation)) {
                        refused.add(operation + " topic " + topic + " (" + need.setting() + ")");
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the permissions on the topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot check this application's permissions on its topics: "
                    + e.getCause().getMessage(), e.getCause());
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("The Kafka user of this application may not " + String.join(", ", refused)
                    + ", which it needs; grant these operations (Kafka ACLs on the topics) and start again");
        }
    }

    /**
     * The first setting that gives one of Kafka Streams' clients credentials of its own (under a client prefix such
     * as {@code producer.}), or null: the check asks as the admin client's user, which is then not the only one.
     */
    static String clientOfItsOwn(StreamcastConfig config) {
        for (String key : config.originals().keySet()) {
            for (String prefix : CLIENT_PREFIXES) {
                if (key.startsWith(prefix)) {
                    String setting = key.substring(prefix.length());
                    if (setting.startsWith("sasl.") || setting.startsWith("ssl.")
                            || setting.equals("security.protocol")) {
                        return key;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Per topic the operations the user may perform on it, null where it may not DESCRIBE it; asked again while a
     * topic just created is unknown ({@link TopicSetup#untilKnown}).
     */
    private static Map<String, Set<AclOperation>> describe(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException {
        return TopicSetup.untilKnown(() -> {
            Map<String, Set<AclOperation>> allowed = new LinkedHashMap<>();
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
                try {
                    Set<AclOperation> operations = topic.getValue().get().authorizedOperations();
                    // not reported: judged as a set without DESCRIBE is
                    allowed.put(topic.getKey(), operations == null ? Set.of() : operations);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicAuthorizationException)) {
                        throw e;
                    }
                    allowed.put(topic.getKey(), null);
                }
            }
            return allowed;
        });
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

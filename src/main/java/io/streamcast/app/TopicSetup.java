package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics that do not exist yet, and checks the layout rules Streamcast depends on: the
 * training-samples topic has exactly one partition, so that exactly one instance trains, and the models topic is
 * compacted, so that the model in use outlives the topic's retention, and has one partition, so that every instance
 * reads the trainer's records in the order it wrote them.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private TopicSetup() {
    }

    /**
     * What the setup is about to wait for, said before the wait, which Kafka's admin client fills with a warning a
     * second while no broker answers: "setting up topics through bootstrap.servers=..., waiting up to ...".
     */
    public static String waitingFor(StreamcastConfig config) {
        return "setting up topics through " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG + "="
                + config.streamsProperties().getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                + ", waiting up to " + AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG + " ("
                + config.streamsProperties().getProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000")
                + " ms) for a broker";
    }

    /** As {@link #ensure(Admin, StreamcastConfig, int, Optional)}, with the configured partitions and replicas. */
    public static void ensure(StreamcastConfig config) {
        try (Admin admin = Admin.create(config.streamsProperties())) {
            ensure(admin, config);
        }
    }

    /** As {@link #ensure(StreamcastConfig)}, through {@code admin}. */
    public static void ensure(Admin admin, StreamcastConfig config) {
        ensure(admin, config, config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG), configuredReplication(config));
    }

    private static Optional<Short> configuredReplication(StreamcastConfig config) {
        short replication = config.getShort(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
        return replication < 0 ? Optional.empty() : Optional.of(replication);
    }

    /**
     * @param partitions        partitions of new events, predictions, anomalies and dead-letter topics
     * @param replicationFactor replicas of every new topic, or empty for the broker's default
     */
    public static void ensure(Admin admin, StreamcastConfig config, int partitions, Optional<Short> replicationFactor) {
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        String models = config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG);
        try {
            createAbsent(admin, config, wanted(config, partitions, replicationFactor));
            requireOnePartition(admin, samples, StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG,
                    "so that exactly one instance trains");
            // a version under its own key, its bare-name copy and the tombstone of a retired version are written in
            // that order; across partitions an instance could read the copy first and refuse the version's own record
            requireOnePartition(admin, models, StreamcastConfig.MODELS_TOPIC_CONFIG,
                    "so that every instance reads the published versions in the order they were written");
            requireCompacted(admin, models);
            // every instance keeps the reports in a store keyed by their offset, newest first: offsets of two
            // partitions would overwrite and interleave one another
            requireOnePartition(admin, config.getString(StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG),
                    StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG, "so that the consoles' training history reads its"
                    + " reports in the order they were written (it holds only that history: delete it, and the next"
                    + " start creates it with one)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up topics", e);
        } catch (ExecutionException e) {
            // an unreachable broker ends here, after the admin client's timeout: say which setting points at it
            throw new IllegalStateException("Cannot set up topics through " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG
                    + "=" + config.streamsProperties().getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The application's topics as {@code run} creates them. */
    private static List<NewTopic> wanted(StreamcastConfig config, int partitions, Optional<Short> replicationFactor) {
        String models = config.getString(StreamcastConfig.MODELS_TOPIC_CONFIG);
        return List.of(
                new NewTopic(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG), Optional.of(partitions),
                        replicationFactor),
                new NewTopic(config.getString(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG), Optional.of(partitions),
                        replicationFactor),
                new NewTopic(config.getString(StreamcastConfig.ANOMALIES_TOPIC_CONFIG), Optional.of(partitions),
                        replicationFactor),
                new NewTopic(config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG), Optional.of(partitions),
                        replicationFactor),
                new NewTopic(models, Optional.of(1), replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG), Optional.of(1),
                        replicationFactor),
                new NewTopic(config.getString(StreamcastConfig.TRAINING_ROUNDS_TOPIC_CONFIG), Optional.of(1),
                        replicationFactor));
    }

    /**
     * Creates, as {@link #ensure(Admin, StreamcastConfig)} does, those of the topics named by {@code settings} that do
     * not exist, without its checks of the topics' layout, which wait for new topics to be known; returns each
     * created one with its setting.
     */
    static List<String> createMissing(Admin admin, StreamcastConfig config, Set<String> settings)
            throws InterruptedException, ExecutionException {
        List<NewTopic> named = wanted(config, config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG),
                configuredReplication(config)).stream()
                .filter(topic -> settings.contains(settingOf(config, topic.name()))).toList();
        return createAbsent(admin, config, named).stream()
                .map(topic -> topic.name() + " (" + settingOf(config, topic.name()) + ")").toList();
    }

    /** Creates those of {@code topics} that do not exist; returns them. */
    private static List<NewTopic> createAbsent(Admin admin, StreamcastConfig config, List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
        if (!missing.isEmpty()) {
            create(admin, config, missing);
        }
        return missing;
    }

    /**
     * Creates {@code topics}, one created meanwhile by another instance counting as created; names, with their
     * settings, those the application's user may not create, where Kafka's answer names none.
     */
    private static void create(Admin admin, StreamcastConfig config, List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        List<String> refused = new ArrayList<>();
        ExecutionException failure = null;
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
            try {
                created.getValue().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    refused.add(created.getKey() + " (" + settingOf(config, created.getKey()) + ")");
                } else if (!(e.getCause() instanceof TopicExistsException) && failure == null) {
                    failure = e;
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Cannot create topics " + String.join(", ", refused) + ": the Kafka user"
                    + " of this application may not create them. Create them beforehand, or grant CREATE on them; a"
                    + " topic the user may not DESCRIBE looks absent, and is created");
        }
        if (failure != null && failure.getCause() instanceof InvalidReplicationFactorException) {
            // the broker's words name the factor but not the setting that asked for it
            short replication = config.getShort(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
            throw new IllegalStateException("Cannot create topics with " + StreamcastConfig
                    .TOPICS_REPLICATION_FACTOR_CONFIG + "=" + replication + (replication < 0 ? " (the broker's"
                    + " default.replication.factor)" : "") + ": " + failure.getCause().getMessage(),
                    failure.getCause());
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The setting that names {@code topic}: one only, since start-up refuses two settings naming one topic. */
    static String settingOf(StreamcastConfig config, String topic) {
        return StreamcastConfig.topicSettings().stream().filter(key -> config.getString(key).equals(topic))
                .findFirst().orElseThrow();
    }

    private static void requireOnePartition(Admin admin, String topic, String setting, String why)
            throws InterruptedException, ExecutionException {
        int partitions = describeNew(admin, topic).partitions().size();
        if (partitions != 1) {
            throw new IllegalStateException("Topic " + topic + " (" + setting + ") has " + partitions
                    + " partitions; it must have exactly one, " + why);
        }
    }

    /**
     * A models topic created beforehand with the default policy (an operator's, where the application may not create
     * topics) deletes a model no later round replaces once its retention passes; every key then falls back to
     * persistence at the next restart.
     */
    private static void requireCompacted(Admin admin, String models) throws InterruptedException,
            ExecutionException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, models);
        Config configs;
        try {
            configs = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                LOG.warn("Cannot check that topic {} ({}) is compacted: {}", models,
                        StreamcastConfig.MODELS_TOPIC_CONFIG, e.getCause().getMessage());
                return;
            }
            throw e;
        }
        ConfigEntry policy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("Topic " + models + " (" + StreamcastConfig.MODELS_TOPIC_CONFIG
                    + ") has cleanup.policy=" + (policy == null ? "(none)" : policy.value()) + "; it must be "
                    + TopicConfig.CLEANUP_POLICY_COMPACT + ", or published models are deleted after its retention");
        }
    }

    /** A topic just created may be unknown to the broker asked first until its metadata spreads; asks again. */
    private static TopicDescription describeNew(Admin admin, String topic)
            throws InterruptedException, ExecutionException {
        return untilKnown(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
    }

    /** An admin call about topics, which may fail with the cause of an {@link ExecutionException}. */
    interface TopicCall<T> {
        T call() throws InterruptedException, ExecutionException;
    }

    /**
     * {@code call}'s answer, made again while it fails because a topic is unknown, for up to {@link #METADATA_WAIT}:
     * topics just created may be unknown to the broker asked until their metadata spreads.
     */
    static <T> T untilKnown(TopicCall<T> call) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}

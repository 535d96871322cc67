package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * Refuses at start-up a {@code training.enabled} other than that of the instances in the application's group: the
 * trainer is a sub-topology of its own, so the two run different topologies, which Kafka Streams does not support in
 * one group. Under the classic protocol the group's leader computes every member's tasks from its own topology alone.
 *
 * <p>An instance without the trainer in a group led by one with it (tried on a standalone broker) was handed the
 * trainer's task with one of the events partitions, and processed neither: it read ready and {@code RUNNING} while
 * that partition's keys were predicted no more, the leader rebalanced every few seconds, and its close did not complete
 * within {@code close.timeout.ms}.
 *
 * <p>An instance with the trainer in a group led by one without it is handed events partitions only: the leader's
 * topology has no trainer task, so nobody is given the training samples' partition, and the instance predicts every
 * event while it trains nothing, and says nothing of it; its samples pile up unread and the models stay as they are.
 * Refused too: an operator who set {@code training.enabled=true} expects models to be trained, and a start that
 * trains nothing would hide it.
 *
 * <p>Under {@code group.protocol=streams} the coordinator assigns the tasks of the topology the group's first member
 * sent, keeps it while the group exists, with members or without, and refuses a member that sends another: on the
 * in-JVM broker an instance of either {@code training.enabled} other than the group's stopped a second after its start
 * with exit status 1 in Kafka's words ({@code InvalidRequestException: Topology updates are not supported yet.}),
 * which name neither the setting nor what mends it, and so did one started after every instance had stopped. The
 * group's topology tells whether it trains: refused before Kafka Streams starts, naming the setting. What changes
 * it and keeps the group's committed offsets (on the in-JVM broker, either way): one instance of the new setting run
 * under {@code group.protocol=classic}, whose join converts the empty streams group to a classic group, then stopped;
 * the next streams member's join converts the empty classic group to a streams group of its own topology.
 *
 * <p>An instance that trains where the group's trainer reads another {@code training.samples.topic} runs another
 * topology too; where the group reads this instance's events topic and one topic more, which is then the trainer's,
 * it is refused under either protocol naming that setting and the group's topic, not {@code training.enabled}, which
 * both sides agree on. Under {@code group.protocol=streams} the same classic run changes it and keeps the offsets.
 */
public final class TrainingAgreement {

    /**
     * How long a group found settled without a trainer is read again before an instance that trains is refused: the
     * second rebalance of a handover of the trainer's task begins once its old owner has given the task up, which
     * commits it (a transaction under exactly-once) and closes its stores, and asks to rejoin at once; chosen with
     * room above that, not measured on a broker. Only a refusal waits.
     */
    static final Duration HANDOVER = Duration.ofSeconds(5);
    private static final Duration REREAD_EVERY = Duration.ofMillis(250);

    /** The coordinator's words for a member whose topology is not the group's. */
    private static final String TOPOLOGY_REFUSED = "Topology updates are not supported yet";
    private static final String KEPT_TOPOLOGY = "Kafka's coordinator keeps the topology that the group's first member"
            + " sent for as long as the group exists, with members or without, and refuses a member with another"
            + " (Topology updates are not supported yet).";

    private TrainingAgreement() {
    }

    /**
     * @param reread reads the group again, empty where it cannot be read
     * @throws ClusterMismatch naming the setting and what mends it, where a member of the group reads the training
     *                         samples while this instance does not train, or where the group's members process events
     *                         but none reads the training samples while this instance trains
     */
    public static void require(ApplicationGroup group, StreamcastConfig config,
                               Supplier<Optional<ApplicationGroup>> reread) {
        if (config.underStreamsProtocol()) {
            requireTopology(group, config);
            return;
        }
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        Optional<String> groupsSamples = othersSamples(assigned(group), config);
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) && groupsSamples.isPresent()) {
            // a trainer of another topic is placed: no handover to wait out, and training.enabled agrees
            throw new ClusterMismatch("An instance in consumer group " + group.id() + " (application.id) trains"
                    + " reading topic " + groupsSamples.get() + besides(config, "the group reads") + ", but "
                    + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "=" + samples + " here: the trainer is a"
                    + " sub-topology of its own, which reads that topic, and Kafka Streams cannot run instances of"
                    + " other topologies in one group. " + mend(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG));
        }
        boolean someoneTrains = reads(group, samples);
        if (!config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) && someoneTrains) {
            throw new ClusterMismatch("An instance in consumer group " + group.id() + " (application.id) trains (it"
                    + " reads topic " + samples + ", " + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "), but "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=false here: the trainer is a sub-topology of its"
                    + " own, and Kafka Streams cannot run instances of other topologies in one group (this one would be"
                    + " handed the trainer's task and stall an events partition). "
                    + mend(StreamcastConfig.TRAINING_ENABLED_CONFIG));
        }
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) && withoutTrainer(group, config)
                && staysWithoutTrainer(config, reread)) {
            throw new ClusterMismatch("The instances in consumer group " + group.id() + " (application.id) process"
                    + " events but none trains (none reads topic " + samples + ", "
                    + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "), while "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=true here: the trainer is a sub-topology of its"
                    + " own, and Kafka Streams cannot run instances of other topologies in one group (led by an"
                    + " instance without the trainer, which assigns the group's tasks, this one would predict but"
                    + " train nothing). " + mend(StreamcastConfig.TRAINING_ENABLED_CONFIG));
        }
    }

    /**
     * Whether the group has settled with members that process events and none that trains. A group between two
     * assignments may have handed nobody the samples yet; a settled one may too, for a moment: Kafka Streams moves the
     * trainer's task between two live instances in two rebalances (cooperative), the first taking it from its owner
     * and handing it to nobody, the second, which the owner asks for once it has given the task up, to its new owner.
     */
    private static boolean withoutTrainer(ApplicationGroup group, StreamcastConfig config) {
        boolean settled = group.type().equals(Optional.of(GroupType.CLASSIC)) && group.state() == GroupState.STABLE;
        return settled && !reads(group, config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG))
                && reads(group, config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG));
    }

    /**
     * Whether the group, read again until {@link #HANDOVER} has passed, is still settled without a trainer: where a
     * read finds a member that trains, the first caught a handover between its two rebalances, and the start passes;
     * it passes too where the group cannot be read, or is between two assignments at the last read.
     */
    private static boolean staysWithoutTrainer(StreamcastConfig config, Supplier<Optional<ApplicationGroup>> reread) {
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        long deadline = System.nanoTime() + HANDOVER.toNanos();
        Optional<ApplicationGroup> last;
        do {
            try {
                Thread.sleep(REREAD_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the application's group again", e);
            }
            last = reread.get();
            if (last.isEmpty() || reads(last.get(), samples)) {
                return false;
            }
        } while (System.nanoTime() < deadline);
        return withoutTrainer(last.get(), config);
    }

    /** Under the streams protocol: the group's topology, which the coordinator does not let change, must fit. */
    private static void requireTopology(ApplicationGroup group, StreamcastConfig config) {
        if (group.subtopologies().isEmpty()) {
            // no streams group yet (a first start, or a classic group the coordinator converts once empty)
            return;
        }
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        boolean groupTrains = group.subtopologies().stream()
                .anyMatch(subtopology -> subtopology.sourceTopics().contains(samples));
        boolean trains = config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG);
        if (groupTrains == trains) {
            return;
        }
        Optional<String> groupsSamples = trains ? othersSamples(group.subtopologies().stream()
                .flatMap(subtopology -> subtopology.sourceTopics().stream()).collect(Collectors.toSet()), config)
                : Optional.empty();
        if (groupsSamples.isPresent()) {
            throw new ClusterMismatch("Consumer group " + group.id() + " (application.id) is a streams group whose"
                    + " trainer reads topic " + groupsSamples.get() + besides(config, "its topology reads") + ", but "
                    + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "=" + samples + " here: " + KEPT_TOPOLOGY
                    + " " + topologyMend(group.id(), StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG,
                    groupsSamples.get()));
        }
        throw new ClusterMismatch("Consumer group " + group.id() + " (application.id) is a streams group whose"
                + " topology " + (groupTrains ? "has the trainer (a sub-topology reads topic " : "has no trainer (no"
                + " sub-topology reads topic ") + samples + ", " + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG
                + "), but " + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=" + trains + " here: " + KEPT_TOPOLOGY
                + " " + topologyMend(group.id(), StreamcastConfig.TRAINING_ENABLED_CONFIG, groupTrains));
    }

    /**
     * The topic the group's trainer reads where it is not this instance's {@code training.samples.topic}: the one
     * topic of {@code groupReads} besides this instance's events topic, which the group reads too (the topology's
     * sources are these two topics alone). Empty where the group reads this instance's samples topic, not its events
     * topic, or more than one other topic (another {@code events.topic} too): then which is the trainer's cannot be
     * told.
     */
    private static Optional<String> othersSamples(Set<String> groupReads, StreamcastConfig config) {
        String events = config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG);
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        if (!groupReads.contains(events) || groupReads.contains(samples)) {
            return Optional.empty();
        }
        Set<String> others = new HashSet<>(groupReads);
        others.remove(events);
        return others.size() == 1 ? Optional.of(others.iterator().next()) : Optional.empty();
    }

    private static String besides(StreamcastConfig config, String reader) {
        return " (" + reader + " it besides topic " + config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG) + ", "
                + StreamcastConfig.EVENTS_TOPIC_CONFIG + ")";
    }

    /** The topics of the partitions assigned to the group's members. */
    private static Set<String> assigned(ApplicationGroup group) {
        return group.members().stream().flatMap(member -> member.assignment().topicPartitions().stream())
                .map(TopicPartition::topic).collect(Collectors.toSet());
    }

    /**
     * What to add to Kafka's words when the coordinator refused a stream thread's topology, which the start-up check
     * did not see: the group got its topology after it (instances of both settings started at once); empty for any
     * other failure.
     */
    public static String adviceOn(Throwable root, StreamcastConfig config) {
        if (!(root instanceof InvalidRequestException) || root.getMessage() == null
                || !root.getMessage().contains(TOPOLOGY_REFUSED)) {
            return "";
        }
        return " Consumer group " + config.applicationId() + " (application.id) has another topology than this"
                + " instance's: instances with another " + StreamcastConfig.TRAINING_ENABLED_CONFIG + " or "
                + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + " (or of another version of Streamcast) gave it"
                + " theirs, which Kafka's coordinator keeps for as long as the group exists. Give every instance the"
                + " same " + StreamcastConfig.TRAINING_ENABLED_CONFIG + " and "
                + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "; to change either, " + throughClassic("setting")
                + " Or " + deleteGroup(config.applicationId());
    }

    private static String topologyMend(String group, String setting, Object groupsValue) {
        return "Give every instance the group's " + setting + "=" + groupsValue + "; to change it, "
                + throughClassic(setting) + " Or " + deleteGroup(group);
    }

    /**
     * The change of {@code setting} that keeps the committed offsets, as tried on the in-JVM broker for
     * {@code training.enabled} both ways and for {@code training.samples.topic}.
     */
    private static String throughClassic(String setting) {
        return "stop every instance, start one with the new " + setting + " under"
                + " group.protocol=classic until it is ready (/health/ready answers 200), stop it, then start them all"
                + " with that setting under group.protocol=streams: the group turns classic on that instance's join"
                + " and back to streams, of the new topology, on the next one's, its committed offsets kept.";
    }

    private static String deleteGroup(String group) {
        return "stop every instance and delete the group (kafka-streams-groups.sh --bootstrap-server BROKERS --delete"
                + " --group " + group + "), which deletes its committed offsets too: the instances then read the"
                + " events from where auto.offset.reset says (earliest by default: from their start again)";
    }

    /** Whether a member of the group is assigned a partition of {@code topic}. */
    private static boolean reads(ApplicationGroup group, String topic) {
        return group.members().stream().anyMatch(member -> member.assignment().topicPartitions().stream()
                .anyMatch(partition -> partition.topic().equals(topic)));
    }

    private static String mend(String setting) {
        return "Give every instance the same " + setting + ": stop them all to"
                + " change it, and wait for the sessions of those that stopped without leaving the group (killed, or"
                + " with a group.instance.id) to time out (session.timeout.ms, 45 s by default)";
    }
}

package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.util.Optional;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

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
 */
public final class TrainingAgreement {

    private TrainingAgreement() {
    }

    /**
     * @throws ClusterMismatch naming the setting and what mends it, where a member of the group reads the training
     *                         samples while this instance does not train, or where the group's members process events
     *                         but none reads the training samples while this instance trains
     */
    public static void require(ApplicationGroup group, StreamcastConfig config) {
        if (config.underStreamsProtocol()) {
            // a streams group's members are described by their tasks, not partitions, and its assignment was not tried
            return;
        }
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        boolean someoneTrains = reads(group, samples);
        if (!config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) && someoneTrains) {
            throw new ClusterMismatch("An instance in consumer group " + group.id() + " (application.id) trains (it"
                    + " reads topic " + samples + ", " + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "), but "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=false here: the trainer is a sub-topology of its"
                    + " own, and Kafka Streams cannot run instances of other topologies in one group (this one would be"
                    + " handed the trainer's task and stall an events partition). " + mend());
        }
        // a group between two assignments may have handed nobody the samples yet: a settled one says nobody trains
        boolean settled = group.type().equals(Optional.of(GroupType.CLASSIC))
                && group.state() == GroupState.STABLE;
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) && settled && !someoneTrains
                && reads(group, config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG))) {
            throw new ClusterMismatch("The instances in consumer group " + group.id() + " (application.id) process"
                    + " events but none trains (none reads topic " + samples + ", "
                    + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "), while "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=true here: the trainer is a sub-topology of its"
                    + " own, and Kafka Streams cannot run instances of other topologies in one group (led by an"
                    + " instance without the trainer, which assigns the group's tasks, this one would predict but"
                    + " train nothing). " + mend());
        }
    }

    /** Whether a member of the group is assigned a partition of {@code topic}. */
    private static boolean reads(ApplicationGroup group, String topic) {
        return group.members().stream().anyMatch(member -> member.assignment().topicPartitions().stream()
                .anyMatch(partition -> partition.topic().equals(topic)));
    }

    private static String mend() {
        return "Give every instance the same " + StreamcastConfig.TRAINING_ENABLED_CONFIG + ": stop them all to"
                + " change it, and wait for the sessions of those that stopped without leaving the group (killed, or"
                + " with a group.instance.id) to time out (session.timeout.ms, 45 s by default)";
    }
}

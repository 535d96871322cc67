package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;

/**
 * Refuses at start-up {@code training.enabled=false} while an instance of the application that trains is in its
 * group: the trainer is a sub-topology of its own, so the two run different topologies, which Kafka Streams does not
 * support in one group. Left to it (tried on a standalone broker under the classic protocol), an instance without the
 * trainer that joined a group led by one with it was handed the trainer's task with one of the events partitions, and
 * processed neither: it read ready and {@code RUNNING} while that partition's keys were predicted no more, the leader
 * rebalanced every few seconds, and its close did not complete within {@code close.timeout.ms}.
 */
public final class TrainingAgreement {

    private TrainingAgreement() {
    }

    /**
     * @throws ClusterMismatch naming the setting and what mends it, where a member of the group reads the training
     *                         samples
     */
    public static void require(ApplicationGroup group, StreamcastConfig config) {
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG) || config.underStreamsProtocol()) {
            // a streams group's members are described by their tasks, not partitions, and its assignment was not tried
            return;
        }
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        boolean trains = group.members().stream().anyMatch(member -> member.assignment().topicPartitions().stream()
                .anyMatch(partition -> partition.topic().equals(samples)));
        if (trains) {
            throw new ClusterMismatch("An instance in consumer group " + group.id() + " (application.id) trains (it"
                    + " reads topic " + samples + ", " + StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG + "), but "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + "=false here: the trainer is a sub-topology of its"
                    + " own, and Kafka Streams cannot run instances of other topologies in one group (this one would be"
                    + " handed the trainer's task and stall an events partition). Give every instance the same "
                    + StreamcastConfig.TRAINING_ENABLED_CONFIG + ": stop them all to change it, and wait for the"
                    + " sessions of those that stopped without leaving the group (killed, or with a group.instance.id)"
                    + " to time out (session.timeout.ms, 45 s by default)");
        }
    }
}

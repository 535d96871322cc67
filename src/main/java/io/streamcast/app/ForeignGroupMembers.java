package io.streamcast.app;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * Refuses at start-up an application group whose members are no Kafka Streams instances: consumers of another
 * application whose {@code group.id} is this one's {@code application.id}, a group Kafka Streams cannot join. Left to
 * Kafka, the start failed in words that named the wrong setting or none: in a classic group the coordinator refused
 * each stream thread (its supported protocols are incompatible with those of existing members), which run's advice
 * took for the other {@code group.protocol}; a group under the consumer protocol (KIP-848) handed each classic stream
 * thread partitions without Kafka Streams' assignment, which failed it with a NullPointerException, and refused each
 * of the streams protocol as no streams group.
 */
public final class ForeignGroupMembers {

    /** The name Kafka Streams' partition assignor gives its protocol in a classic group. */
    static final String STREAMS_ASSIGNOR = "stream";

    private ForeignGroupMembers() {
    }

    /** @throws ClusterMismatch naming the group, its members' kind and what mends it, where they are no instances */
    public static void require(ApplicationGroup group) {
        if (!group.hasMembers()) {
            return;
        }
        GroupType type = group.type().get();
        String kind;
        if (type == GroupType.CONSUMER) {
            kind = "a group of group.protocol=consumer, which Kafka Streams does not use";
        } else if (type == GroupType.CLASSIC && group.state() == GroupState.STABLE && !group.assignor().isEmpty()
                && !group.assignor().equals(STREAMS_ASSIGNOR)) {
            // the coordinator names the assignor of a settled classic group only
            kind = "a classic group whose partition assignor is " + group.assignor() + ", where Kafka Streams' is "
                    + STREAMS_ASSIGNOR;
        } else {
            return;
        }
        throw new ClusterMismatch("Consumer group " + group.id() + " (application.id) has members that are no Kafka"
                + " Streams instances (" + kind + "; state " + group.state() + "): consumers of another"
                + " application use it as their group.id, and Kafka Streams cannot join their group. Give this"
                + " application an application.id of its own, or stop those consumers and wait for the sessions of"
                + " those that stopped without leaving the group to time out");
    }
}

package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses at start-up a {@code group.protocol} other than that of the application's group while the group still has
 * members: Kafka's coordinator converts a group to the other protocol only once it is empty, and refuses a member of
 * the other protocol meanwhile. Left to it, a start after the setting was changed (a rolling change, or a restart
 * within the session of an instance that was killed or, with {@code group.instance.id}, stopped) stopped the instance
 * seconds after its start, in Kafka's words ({@code Group APP is not a streams group}, or {@code The group member's
 * supported protocols are incompatible with those of existing members}), which name neither the setting nor what
 * mends it; in a rolling change every restart did so for as long as an instance of the other protocol ran.
 */
public final class GroupProtocolSwitch {

    private GroupProtocolSwitch() {
    }

    /** @throws ClusterMismatch naming the setting, the group's protocol and what mends it, where the two differ */
    public static void require(ApplicationGroup described, StreamcastConfig config) {
        if (!described.hasMembers()) {
            // no such group yet (a first start), or one the coordinator converts
            return;
        }
        GroupType type = described.type().get();
        GroupType wanted = config.underStreamsProtocol() ? GroupType.STREAMS : GroupType.CLASSIC;
        if (type == wanted || (type != GroupType.CLASSIC && type != GroupType.STREAMS)) {
            return;
        }
        throw new ClusterMismatch("Consumer group " + described.id() + " (application.id) is a " + name(type)
                + " group with members (state " + described.state() + "), and Kafka's coordinator takes no member"
                + " under " + StreamsConfig.GROUP_PROTOCOL_CONFIG + "=" + protocol(config) + " until it is empty: stop"
                + " the instances that run under group.protocol=" + name(type) + ", and wait for the sessions of those"
                + " that stopped without leaving the group (killed, or with a group.instance.id) to time out ("
                + (type == GroupType.STREAMS ? "the group's streams.session.timeout.ms" : "their session.timeout.ms")
                + ", 45 s by default); or set group.protocol=" + name(type) + " again");
    }

    /**
     * What to add to Kafka's words when the coordinator refused a stream thread's member for the other protocol,
     * members of which joined the group after the start-up check; empty for any other failure.
     */
    public static String adviceOn(Throwable root, StreamcastConfig config) {
        boolean refused = root instanceof InconsistentGroupProtocolException
                || (root instanceof GroupIdNotFoundException && root.getMessage() != null
                && root.getMessage().endsWith("is not a streams group."));
        if (!refused) {
            return "";
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return (message.endsWith(".") ? " " : ". ") + "Consumer group " + config.applicationId() + " has members"
                + " under the other group protocol than group.protocol=" + protocol(config) + ", which Kafka's"
                + " coordinator takes only once the group is empty: stop the instances that run under the other"
                + " protocol and wait for the sessions of those that stopped without leaving the group to time out,"
                + " or set group.protocol as they have it";
    }

    private static String protocol(StreamcastConfig config) {
        return config.underStreamsProtocol() ? "streams" : "classic";
    }

    private static String name(GroupType type) {
        return type == GroupType.STREAMS ? "streams" : "classic";
    }
}

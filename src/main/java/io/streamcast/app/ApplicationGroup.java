package io.streamcast.app;

import io.streamcast.config.StreamcastConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's group (its {@code application.id}) as Kafka's coordinator describes it at start-up, asked about by
 * name: listing the cluster's groups to find it asks every broker for every group, a cost that grows with the cluster.
 *
 * @param id      the group's id
 * @param type    the group's protocol as the coordinator names it, or empty where there is no such group yet (a first
 *                start)
 * @param state   the group's state, {@code DEAD} where there is no such group
 * @param members       the members of a classic or consumer group, with their assignments; none for a streams group,
 *                      whose members' tasks no start-up check reads
 * @param assignor      the partition assignor of a classic or consumer group as the coordinator names it (Kafka
 *                      Streams' is {@code stream}); empty where it names none: no such group, a streams group, or a
 *                      classic group between two assignments
 * @param subtopologies a streams group's topology, as its first member sent it to the coordinator, which keeps it while
 *                      the group exists, empty or not; none for a classic or consumer group
 */
public record ApplicationGroup(String id, Optional<GroupType> type, GroupState state, List<MemberDescription> members,
                               String assignor, List<StreamsGroupSubtopologyDescription> subtopologies) {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationGroup.class);

    /**
     * Describes the group with the API of the instance's own {@code group.protocol} first, which answers for the usual
     * group in one call, and with the other's where the coordinator says the group is not of that kind.
     *
     * @return the group, or empty where it could not be read, which has been logged: the checks reading it only add a
     *         guard, and Kafka Streams still meets the group, in Kafka's words
     */
    public static Optional<ApplicationGroup> read(Admin admin, StreamcastConfig config) {
        String group = config.applicationId();
        try {
            boolean streamsFirst = config.underStreamsProtocol();
            Optional<ApplicationGroup> described = streamsFirst ? streamsGroup(admin, group)
                    : consumerGroup(admin, group);
            if (described.isEmpty()) {
                described = streamsFirst ? consumerGroup(admin, group) : streamsGroup(admin, group);
            }
            return Optional.of(described.orElse(new ApplicationGroup(group, Optional.empty(), GroupState.DEAD,
                    List.of(), "", List.of())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading consumer group " + group, e);
        } catch (ExecutionException e) {
            LOG.warn("Cannot read consumer group {} (application.id) to check that it takes this instance's settings"
                    + " (group.protocol, training.enabled): {}", group, e.getCause().getMessage());
            return Optional.empty();
        }
    }

    /** Whether the group has members: Kafka's coordinator converts or forgets only an empty group. */
    public boolean hasMembers() {
        return type.isPresent() && state != GroupState.EMPTY && state != GroupState.DEAD;
    }

    /** A classic or consumer group, or empty where there is none of that name or it is of another protocol. */
    private static Optional<ApplicationGroup> consumerGroup(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            return notFound(e);
        }
        String assignor = Objects.requireNonNullElse(description.partitionAssignor(), "");
        return Optional.of(new ApplicationGroup(group, Optional.of(description.type()), description.groupState(),
                List.copyOf(description.members()), assignor, List.of()));
    }

    /** A streams group, or empty where there is none of that name or it is of another protocol. */
    private static Optional<ApplicationGroup> streamsGroup(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        StreamsGroupDescription description;
        try {
            description = admin.describeStreamsGroups(List.of(group)).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                // a broker without the streams protocol holds no streams group
                return Optional.empty();
            }
            return notFound(e);
        }
        return Optional.of(new ApplicationGroup(group, Optional.of(GroupType.STREAMS), description.groupState(),
                List.of(), "", List.copyOf(description.subtopologies())));
    }

    /** Empty for the coordinator's "no such group, or not of this kind"; any other failure rethrown. */
    private static Optional<ApplicationGroup> notFound(ExecutionException e) throws ExecutionException {
        if (e.getCause() instanceof GroupIdNotFoundException) {
            return Optional.empty();
        }
        throw e;
    }
}

package io.streamcast.app.soak;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Deletes the group of a soak run once its instances have stopped ({@code --delete-topics}): its id is the run's own,
 * so no other application's offsets go with it, and left behind it stayed on the cluster until it expired. The group
 * is a consumer group, or a streams group when the run's settings choose Kafka's streams rebalance protocol
 * ({@code group.protocol=streams}).
 */
final class SoakGroup {

    /** The group setting that says how long a streams group keeps a member that sends no heartbeat. */
    static final String STREAMS_SESSION_TIMEOUT = "streams.session.timeout.ms";

    /** What became of the group. */
    enum Outcome {
        DELETED, ABSENT, NOT_EMPTY,
        /**
         * A streams group kept by static members, which it keeps until their sessions time out: Kafka's Admin has no
         * call that removes a member of a streams group.
         */
        KEPT_BY_STATIC_MEMBERS
    }

    /**
     * What became of the group, whether the cluster told it to be a streams group, and, for one kept by its static
     * members, how long their sessions last as the group's settings say, when the cluster told them.
     */
    record Deletion(Outcome outcome, boolean streams, Optional<Duration> sessions) {

        /** What became of the group {@code id}, as the soak's report says it. */
        String said(String id) {
            String group = (streams ? "the streams group " : "the consumer group ") + id;
            return switch (outcome) {
                case DELETED -> "deleted " + group;
                case ABSENT -> group + " was not on the cluster to delete";
                case NOT_EMPTY -> "warning: " + group + " has a member that is none of the run's instances (it has"
                        + " no group.instance.id), and stays on the cluster";
                case KEPT_BY_STATIC_MEMBERS -> "warning: " + group + " keeps the run's stopped instances, its static"
                        + " members, until their sessions time out, " + sessions.map(Deletion::length)
                        .map(length -> length + " (the group's " + STREAMS_SESSION_TIMEOUT + ")")
                        .orElse("as long as the group's " + STREAMS_SESSION_TIMEOUT + " says,")
                        + " after their stop, and Kafka has no call that removes them; it stays on the cluster, for"
                        + " kafka-streams-groups.sh --delete --group " + id + " to delete it then";
            };
        }

        private static String length(Duration sessions) {
            return sessions.toMillis() % 1000 == 0 ? sessions.toSeconds() + " s" : sessions.toMillis() + " ms";
        }
    }

    private SoakGroup() {
    }

    /**
     * Deletes {@code group}, to be called once the run's instances have stopped: {@link SoakInstances#stopAll} waits
     * for each instance's process to exit (killing it after 60 s) before the run deletes its group. Every static member
     * of the group ({@code group.instance.id}) is taken for one of those stopped instances, with no look at whether it
     * is: a consumer group's are all removed first, a static member that some other process joined to the run's group
     * with among them; a streams group with static members stays, and is said with the length of their sessions, as
     * Kafka gives no way to remove them. A group the cluster does not know, or one with a member without a
     * {@code group.instance.id}, none of the run's instances, stays as it is.
     *
     * @throws ExecutionException as the cluster refused a look, the removal or the deletion for another reason
     */
    static Deletion delete(Admin admin, String group) throws ExecutionException, InterruptedException {
        Optional<Collection<StreamsGroupMemberDescription>> streamsMembers = streamsMembers(admin, group);
        if (streamsMembers.isPresent()) {
            return deleteStreamsGroup(admin, group, streamsMembers.get());
        }
        return new Deletion(deleteConsumerGroup(admin, group), false, Optional.empty());
    }

    private static Outcome deleteConsumerGroup(Admin admin, String group) throws ExecutionException,
            InterruptedException {
        Outcome first = deleteIfEmpty(admin.deleteConsumerGroups(List.of(group)).all());
        if (first != Outcome.NOT_EMPTY) {
            return first;
        }
        // the soak's instances join as static members (group.instance.id), which a stop leaves in the group until
        // their sessions time out, so that a restart within the session gets its tasks back: each static member is
        // removed as one of them, stopped; a member without such an id is none of them, and stays
        List<MemberToRemove> stopped;
        try {
            stopped = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members()
                    .stream().flatMap(member -> member.groupInstanceId().stream()).map(MemberToRemove::new).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Outcome.ABSENT;
            }
            throw e;
        }
        if (stopped.isEmpty()) {
            return Outcome.NOT_EMPTY;
        }
        RemoveMembersFromConsumerGroupOptions removal = new RemoveMembersFromConsumerGroupOptions(stopped);
        removal.reason("the soak run has ended and stopped its instances");
        admin.removeMembersFromConsumerGroup(group, removal).all().get();
        return deleteIfEmpty(admin.deleteConsumerGroups(List.of(group)).all());
    }

    /**
     * A streams group keeps a static member that stopped ({@code REMAIN_IN_GROUP}, as Streamcast's static members
     * close) until its session times out, and the Admin calls that remove a consumer group's members do not reach it:
     * the cluster does not know the member there.
     */
    private static Deletion deleteStreamsGroup(Admin admin, String group,
                                               Collection<StreamsGroupMemberDescription> members)
            throws ExecutionException, InterruptedException {
        Outcome outcome = deleteIfEmpty(admin.deleteStreamsGroups(List.of(group)).all());
        if (outcome == Outcome.NOT_EMPTY
                && members.stream().allMatch(member -> member.instanceId().isPresent())) {
            return new Deletion(Outcome.KEPT_BY_STATIC_MEMBERS, true, sessions(admin, group));
        }
        return new Deletion(outcome, true, Optional.empty());
    }

    /** The members of {@code group} when the cluster has it as a streams group. */
    private static Optional<Collection<StreamsGroupMemberDescription>> streamsMembers(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        try {
            return Optional.of(admin.describeStreamsGroups(List.of(group)).describedGroups().get(group).get()
                    .members());
        } catch (ExecutionException e) {
            // absent, a group of another type, or a broker older than the streams protocol (Kafka 4.1)
            if (e.getCause() instanceof GroupIdNotFoundException
                    || e.getCause() instanceof UnsupportedVersionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** How long the sessions of {@code group}'s members last, when the cluster tells the group's settings. */
    private static Optional<Duration> sessions(Admin admin, String group) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get();
            ConfigEntry entry = configs.get(resource).get(STREAMS_SESSION_TIMEOUT);
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Duration.ofMillis(Long.parseLong(entry.value())));
        } catch (ExecutionException | NumberFormatException e) {
            // the group stays all the same; only the length of its members' sessions goes unsaid
            return Optional.empty();
        }
    }

    private static Outcome deleteIfEmpty(KafkaFuture<Void> deletion) throws ExecutionException, InterruptedException {
        try {
            deletion.get();
            return Outcome.DELETED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Outcome.ABSENT;
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                return Outcome.NOT_EMPTY;
            }
            throw e;
        }
    }
}

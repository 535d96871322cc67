package io.streamcast.app.soak;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * Deletes the consumer group of a soak run once its instances have stopped ({@code --delete-topics}): its id is the
 * run's own, so no other application's offsets go with it, and left behind it stayed on the cluster until it expired.
 */
final class SoakGroup {

    /** What became of the group. */
    enum Deletion {
        DELETED, ABSENT, NOT_EMPTY
    }

    private SoakGroup() {
    }

    /**
     * Deletes {@code group}, its static members, all stopped, removed first; one the cluster does not know, or one
     * that still has a member that has not stopped, stays as it is.
     *
     * @throws ExecutionException as the cluster refused a look, the removal or the deletion for another reason
     */
    static Deletion delete(Admin admin, String group) throws ExecutionException, InterruptedException {
        Deletion first = deleteIfEmpty(admin, group);
        if (first != Deletion.NOT_EMPTY) {
            return first;
        }
        // the soak's instances join as static members (group.instance.id), which a stop leaves in the group until
        // their sessions time out, so that a restart within the session gets its tasks back; a member without such an
        // id is none of them, and stays
        List<MemberToRemove> stopped;
        try {
            stopped = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members()
                    .stream().flatMap(member -> member.groupInstanceId().stream()).map(MemberToRemove::new).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Deletion.ABSENT;
            }
            throw e;
        }
        if (stopped.isEmpty()) {
            return Deletion.NOT_EMPTY;
        }
        RemoveMembersFromConsumerGroupOptions removal = new RemoveMembersFromConsumerGroupOptions(stopped);
        removal.reason("the soak run has ended and stopped its instances");
        admin.removeMembersFromConsumerGroup(group, removal).all().get();
        return deleteIfEmpty(admin, group);
    }

    private static Deletion deleteIfEmpty(Admin admin, String group) throws ExecutionException,
            InterruptedException {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get();
            return Deletion.DELETED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Deletion.ABSENT;
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                return Deletion.NOT_EMPTY;
            }
            throw e;
        }
    }
}

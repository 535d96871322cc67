package io.streamcast.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;

/**
 * An assignor that a plain consumer names as Kafka Streams names its own ({@code stream}), so that the group
 * coordinator lets it join a Kafka Streams application's group; it assigns nothing. Kafka instantiates it by its
 * class, hence public.
 */
public final class StreamsNamedAssignor implements ConsumerPartitionAssignor {

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription subscription) {
        Map<String, Assignment> nothing = new HashMap<>();
        subscription.groupSubscription().keySet().forEach(member -> nothing.put(member, new Assignment(List.of())));
        return new GroupAssignment(nothing);
    }

    @Override
    public String name() {
        return "stream";
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A closed instance's membership of its consumer group, on a real broker. Kafka Streams' own close keeps every member
 * in the group until its session times out (45 s by default): the instance's partitions are then processed by no one,
 * and a restarted instance's first rebalance waits for it. A dynamic member now leaves as it closes; a static one
 * ({@code group.instance.id}, as the StatefulSet sets it) stays, so that a pod restarted within the session gets its
 * tasks back without a rebalance.
 */
@ExtendWith(KafkaClusterExtension.class)
class LeaveGroupOnCloseIT {

    @Test
    void shouldLeaveTheGroupAsADynamicMemberCloses(KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of());
             Admin admin = admin(kafka)) {
            StreamcastService instance = app.startInstance(Map.of(), StreamcastService::start);
            bounded().until(() -> instance.state() == KafkaStreams.State.RUNNING);
            assertThat(members(admin, app.applicationId())).as("members while it runs").hasSize(1);

            instance.close();

            assertThat(instance.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(members(admin, app.applicationId())).as("members once it has closed").isEmpty();
        }
    }

    @Test
    void shouldStayInTheGroupAsAStaticMemberCloses(KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of());
             Admin admin = admin(kafka)) {
            StreamcastService instance = app.startInstance(Map.of(
                    StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "pod-0"),
                    StreamcastService::start);
            bounded().until(() -> instance.state() == KafkaStreams.State.RUNNING);

            instance.close();

            assertThat(instance.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            // Kafka Streams names a static member after its stream thread: pod-0-1 for the first
            assertThat(members(admin, app.applicationId())).as("members once it has closed")
                    .extracting(member -> member.groupInstanceId().orElse(null)).containsExactly("pod-0-1");
        }
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static List<MemberDescription> members(Admin admin, String groupId) throws Exception {
        return List.copyOf(admin.describeConsumerGroups(List.of(groupId)).all().get(30, TimeUnit.SECONDS)
                .get(groupId).members());
    }

    private static org.awaitility.core.ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
    }
}

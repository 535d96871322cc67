package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code soak --delete-topics}' deletion of the run's consumer group, once its instances have stopped: their static
 * memberships, which a stop leaves until the sessions time out, go with it; a group absent or with a member that has
 * not stopped is said, and stays.
 */
@ExtendWith(KafkaClusterExtension.class)
class SoakGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldDeleteAGroupWhoseStaticMemberHasStopped(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(kafka)) {
            String topic = topic(admin);
            try (KafkaConsumer<byte[], byte[]> member = joined(kafka, group, topic, "instance-0")) {
                assertThat(member.assignment()).isNotEmpty();
            }
            assertThat(groups(admin)).contains(group);

            assertThat(SoakGroup.delete(admin, group)).isEqualTo(SoakGroup.Deletion.DELETED);

            assertThat(groups(admin)).doesNotContain(group);
        }
    }

    @Test
    void shouldSayAGroupIsAbsent(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            assertThat(SoakGroup.delete(admin, "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8)))
                    .isEqualTo(SoakGroup.Deletion.ABSENT);
        }
    }

    @Test
    void shouldKeepAGroupWithAMemberThatHasNotStopped(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(kafka);
             KafkaConsumer<byte[], byte[]> member = joined(kafka, group, topic(admin), null)) {
            assertThat(SoakGroup.delete(admin, group)).isEqualTo(SoakGroup.Deletion.NOT_EMPTY);

            assertThat(groups(admin)).contains(group);
            assertThat(member.assignment()).isNotEmpty();
        }
    }

    private static Admin admin(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(settings);
    }

    private static String topic(Admin admin) throws Exception {
        String topic = "events-soak-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        return topic;
    }

    /** A member of {@code group} with its partition assigned; static when given an instance id. */
    private static KafkaConsumer<byte[], byte[]> joined(KafkaCluster kafka, String group, String topic,
                                                        String instanceId) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (instanceId != null) {
            settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static List<String> groups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
    }
}

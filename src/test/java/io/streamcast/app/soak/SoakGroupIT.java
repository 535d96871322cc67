package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code soak --delete-topics}' deletion of the run's group, once its instances have stopped: a consumer group's
 * static memberships, which a stop leaves until the sessions time out, go with it; a streams group
 * ({@code group.protocol=streams}) is deleted once empty, and kept by its stopped static members, which Kafka gives no
 * way to remove, is said with the length of their sessions; a group absent or with a member that is none of the run's
 * instances (no {@code group.instance.id}) is said, and stays.
 */
@ExtendWith(KafkaClusterExtension.class)
class SoakGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path stateDirs;

    @Test
    void shouldDeleteAGroupWhoseStaticMemberHasStopped(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (CallsSeen admin = admin(kafka)) {
            String topic = topic(admin);
            try (KafkaConsumer<byte[], byte[]> member = joined(kafka, group, topic, "instance-0")) {
                assertThat(member.assignment()).isNotEmpty();
            }
            assertThat(groups(admin)).contains(group);

            assertThat(SoakGroup.delete(admin, group).outcome()).isEqualTo(SoakGroup.Outcome.DELETED);

            assertThat(groups(admin)).doesNotContain(group);
            assertThat(admin.consumerGroupDeletions).contains(group);
        }
    }

    @Test
    void shouldSayThatAStreamsGroupKeepsItsStoppedStaticMembersForTheirSessions(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (CallsSeen admin = admin(kafka)) {
            setStreamsSessions(admin, group, 50_000);
            String topic = topic(admin);
            // closed as Streamcast closes a static member: it stays in the group until its session times out
            try (KafkaStreams member = runningStreams(kafka, group, topic, "instance-0")) {
                member.close(CloseOptions.timeout(WAIT)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            }
            assertThat(type(admin, group)).isEqualTo(GroupType.STREAMS);

            SoakGroup.Deletion deletion = SoakGroup.delete(admin, group);

            assertThat(deletion.outcome()).isEqualTo(SoakGroup.Outcome.KEPT_BY_STATIC_MEMBERS);
            assertThat(deletion.streams()).isTrue();
            assertThat(deletion.sessions()).contains(Duration.ofSeconds(50));
            assertThat(deletion.said(group)).isEqualTo("warning: the streams group " + group + " keeps the run's"
                    + " stopped instances, its static members, until their sessions time out, 50 s (the group's"
                    + " streams.session.timeout.ms) after their stop, and Kafka has no call that removes them; it"
                    + " stays on the cluster, for kafka-streams-groups.sh --delete --group " + group
                    + " to delete it then");
            assertThat(groups(admin)).contains(group);
            assertThat(admin.consumerGroupDeletions).isEmpty();
        }
    }

    @Test
    void shouldDeleteAStreamsGroupItsMemberLeft(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (CallsSeen admin = admin(kafka)) {
            String topic = topic(admin);
            try (KafkaStreams member = runningStreams(kafka, group, topic, "instance-0")) {
                member.close(CloseOptions.timeout(WAIT)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
            assertThat(type(admin, group)).isEqualTo(GroupType.STREAMS);

            SoakGroup.Deletion deletion = SoakGroup.delete(admin, group);

            assertThat(deletion.outcome()).isEqualTo(SoakGroup.Outcome.DELETED);
            assertThat(deletion.said(group)).isEqualTo("deleted the streams group " + group);
            assertThat(groups(admin)).doesNotContain(group);
            // deleted as a streams group, not as a consumer group
            assertThat(admin.consumerGroupDeletions).isEmpty();
        }
    }

    @Test
    void shouldKeepAStreamsGroupWithAMemberThatIsNoneOfTheRunsInstances(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (CallsSeen admin = admin(kafka);
             KafkaStreams member = runningStreams(kafka, group, topic(admin), null)) {
            SoakGroup.Deletion deletion = SoakGroup.delete(admin, group);

            assertThat(deletion.outcome()).isEqualTo(SoakGroup.Outcome.NOT_EMPTY);
            assertThat(deletion.streams()).isTrue();
            assertThat(groups(admin)).contains(group);
            assertThat(member.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(admin.consumerGroupDeletions).isEmpty();
        }
    }

    @Test
    void shouldSayAGroupIsAbsent(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            assertThat(SoakGroup.delete(admin, "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8))
                    .outcome()).isEqualTo(SoakGroup.Outcome.ABSENT);
        }
    }

    @Test
    void shouldKeepAGroupWithAMemberThatHasNotStopped(KafkaCluster kafka) throws Exception {
        String group = "streamcast-soak-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(kafka);
             KafkaConsumer<byte[], byte[]> member = joined(kafka, group, topic(admin), null)) {
            assertThat(SoakGroup.delete(admin, group).outcome()).isEqualTo(SoakGroup.Outcome.NOT_EMPTY);

            assertThat(groups(admin)).contains(group);
            assertThat(member.assignment()).isNotEmpty();
        }
    }

    private static CallsSeen admin(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new CallsSeen(settings);
    }

    /**
     * The broker's admin client, noting the groups it is asked to delete as consumer groups. Kafka 4.4's admin client
     * sends the two deletions as one request, so the broker cannot tell them apart; Admin's contract can, and another
     * Admin (a wrapper that checks the group's type, a later client) may refuse a streams group asked as a consumer
     * group.
     */
    private static final class CallsSeen extends ForwardingAdmin {

        private final List<String> consumerGroupDeletions = new CopyOnWriteArrayList<>();

        CallsSeen(Map<String, Object> settings) {
            super(settings);
        }

        @Override
        public DeleteConsumerGroupsResult deleteConsumerGroups(Collection<String> groups,
                                                               DeleteConsumerGroupsOptions options) {
            consumerGroupDeletions.addAll(groups);
            return super.deleteConsumerGroups(groups, options);
        }
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

    /**
     * An application on the streams rebalance protocol in {@code group}, running with its task assigned; a static
     * member when given an instance id.
     */
    private KafkaStreams runningStreams(KafkaCluster kafka, String group, String topic, String instanceId)
            throws Exception {
        Properties settings = new Properties();
        settings.putAll(kafka.clientSettings());
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        if (instanceId != null) {
            settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDirs, "state-").toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).foreach((key, value) -> { });
        KafkaStreams streams = new KafkaStreams(builder.build(), settings);
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** Sets how long {@code group} keeps a streams member without heartbeats, once the broker applies it. */
    private static void setStreamsSessions(Admin admin, String group, int millis) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("streams.session.timeout.ms", String.valueOf(millis)), AlterConfigOp.OpType.SET))))
                .all().get();
        await().atMost(WAIT).until(() -> String.valueOf(millis).equals(admin.describeConfigs(List.of(resource)).all()
                .get().get(resource).get("streams.session.timeout.ms").value()));
    }

    private static GroupType type(Admin admin, String group) throws Exception {
        return admin.listGroups().all().get().stream().filter(listing -> listing.groupId().equals(group))
                .findFirst().orElseThrow().type().orElseThrow();
    }

    private static List<String> groups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
    }
}

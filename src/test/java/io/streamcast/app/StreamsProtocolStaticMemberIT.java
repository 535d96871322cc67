package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.RunProcess;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A static member of a group on Kafka's streams rebalance protocol ({@code group.protocol=streams}), killed without a
 * close and restarted at once with the same {@code group.instance.id}, as an orchestrator restarts a pod whose node
 * died: the broker refuses the id until the killed member's session times out, and the restarted instance waits for
 * that rather than stopping, restart after restart.
 */
@ExtendWith(KafkaClusterExtension.class)
class StreamsProtocolStaticMemberIT {

    /**
     * The group's sessions, set on the broker: the streams protocol takes no session length from the client. Long
     * enough for the restarted process to reach the broker while the killed member still holds its id, on a loaded
     * machine too (with 6 s it came after the session had ended, and was never refused, at a load average of 7; with
     * 15 s the whole test took 15 s beside the test suite: the restart reached the broker with some seconds to spare,
     * which a busier machine could use up).
     */
    private static final int SESSION_MS = 20_000;

    @Test
    void shouldRunOnceTheBrokerReleasesTheIdOfAStaticMemberKilledWithoutAClose(KafkaCluster kafka) throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka,
                     Map.of(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // Given a group on the streams protocol whose sessions last 15 s, and an instance of it, a static member
            // in a process of its own, running
            setGroupSessions(admin, app.applicationId());
            Path settings = app.writeSettingsFile(Map.of(
                    StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams",
                    StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "pod-0",
                    StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1", StreamcastConfig.HTTP_PORT_CONFIG, 0));
            Path killedLog = settings.resolveSibling("killed.log");
            Process killed = RunProcess.start(settings, killedLog);
            try {
                bounded().until(() -> !killed.isAlive() || Files.readString(killedLog).contains("-> RUNNING"));
                assertThat(killed.isAlive()).as("the first run runs: %s", Files.readString(killedLog)).isTrue();
                // killed without a close (SIGKILL): the broker holds its member until its session times out
                killed.destroyForcibly();
                assertThat(killed.waitFor(30, TimeUnit.SECONDS)).as("the first run was killed").isTrue();
            } finally {
                killed.destroyForcibly();
            }

            // When it is restarted at once with the same settings
            Path log = settings.resolveSibling("restarted.log");
            Process restarted = RunProcess.start(settings, log);
            try {
                // Then the broker refuses its stream thread the id at first, and it runs once the killed member's
                // session is over
                bounded().until(() -> !restarted.isAlive() || Files.readString(log).contains("-> RUNNING"));
                assertThat(restarted.isAlive()).as("the restarted run: %s", Files.readString(log)).isTrue();
                assertThat(Files.readString(log))
                        .contains("The broker refused this member's group.instance.id", "-> RUNNING");
                restarted.destroy();
                assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            } finally {
                restarted.destroyForcibly();
            }
            assertThat(restarted.exitValue()).as("exit status on SIGTERM").isEqualTo(143);
        }
    }

    private static void setGroupSessions(Admin admin, String groupId) throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        admin.incrementalAlterConfigs(Map.of(group, List.of(
                new AlterConfigOp(new ConfigEntry("streams.session.timeout.ms", String.valueOf(SESSION_MS)),
                        AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("streams.heartbeat.interval.ms", "1000"),
                        AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        // the broker applies the settings once its copy of the cluster metadata has caught up, which describeConfigs
        // answers from
        bounded().until(() -> String.valueOf(SESSION_MS).equals(admin.describeConfigs(List.of(group)).all()
                .get().get(group).get("streams.session.timeout.ms").value()));
    }

    private static ConditionFactory bounded() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
    }
}

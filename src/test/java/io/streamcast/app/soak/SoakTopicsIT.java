package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code soak --delete-topics}: the run's topics go, and no other's. */
@ExtendWith(KafkaClusterExtension.class)
class SoakTopicsIT {

    @Test
    void shouldDeleteTheTopicsOfTheRunAndNoOthers(KafkaCluster kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String other = UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // Given the topics of this run (one it set up, a changelog of its application id), another run's, and
            // the user's stream's
            List<String> own = List.of("events-soak-" + run, "streamcast-soak-" + run + "-key-state-changelog");
            List<String> others = List.of("events-soak-" + other, "events-" + run);
            admin.createTopics(List.of(new NewTopic(own.get(0), 1, (short) 1), new NewTopic(own.get(1), 1, (short) 1),
                    new NewTopic(others.get(0), 1, (short) 1), new NewTopic(others.get(1), 1, (short) 1))).all().get();

            // When the run's topics are deleted
            List<String> deleted = SoakTopics.delete(admin, name -> name.contains("-soak-" + run));

            // Then they are named and gone, the others kept
            assertThat(deleted).containsExactly("events-soak-" + run, "streamcast-soak-" + run
                    + "-key-state-changelog");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .doesNotContainAnyElementsOf(own).containsAll(others));
        }
    }
}

package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.Main;
import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamcast soak} against a cluster it is given, as a user runs it against theirs, its settings file reading
 * the cluster's address from a config provider.
 */
@ExtendWith(KafkaClusterExtension.class)
class SoakCommandIT {

    @Test
    void shouldSoakTheClusterInTheSettingsAndExitZeroWhenNothingWasLostOrDuplicated(KafkaCluster kafka,
                                                                                    @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            // the address from a config provider, as a cluster's secrets come: the soak's own clients (its admin
            // client, event producer and checking consumers) got the placeholder's text, where its instances got
            // the value, and the soak stopped at its first client
            Path secrets = Files.writeString(dir.resolve("secrets.properties"), "bootstrap="
                    + kafka.bootstrapServers() + "\n");
            Path settings = Files.writeString(dir.resolve("cluster.properties"), "config.providers=file\n"
                    + "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider\n"
                    + "bootstrap.servers=${file:" + secrets + ":bootstrap}\n"
                    + StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG + "=" + registry.url() + "\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream originalOut = System.out;
            int exitCode;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("soak", "--config",
                        settings.toString(), "--instances", "1", "--kills", "1", "--keys", "2", "--events-per-key",
                        "200", "--rate", "100", "--work-dir", dir.resolve("work").toString(), "--delete-topics");
            } finally {
                System.setOut(originalOut);
            }

            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(exitCode).as(report).isZero();
            assertThat(report).contains("soak kills=1 ").contains(" events=400 predictions=400 lost=0 duplicated=0")
                    .contains("mismatches=0").contains(" crashed=0 fenced_after_broker_restart=0 ")
                    .contains("result=clean");
            // --delete-topics: the run's topics named as deleted, and none of them left; its consumer group too
            Matcher run = Pattern.compile("soak (streamcast-soak-([0-9a-f]{8})): ").matcher(report);
            assertThat(run.find()).as(report).isTrue();
            assertThat(report).containsPattern("soak: deleted its topics [^\\n]*events-soak-" + run.group(2)
                    + "[^\\n]*predictions-soak-" + run.group(2));
            assertThat(report).contains("soak: deleted the consumer group " + run.group(1) + "\n");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                        .noneMatch(topic -> topic.contains("-soak-" + run.group(2))));
                assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId)
                        .doesNotContain(run.group(1));
            }
        }
    }

    /**
     * A soak stopped by a signal sent to it alone (SIGTERM here; SIGINT takes the same path) left its instances of
     * {@code run} running after it had exited, and said nothing of its topics: it stops them first, saying so.
     */
    @Test
    void shouldStopItsInstancesWhenItIsStoppedSayingWhatItLeavesOnTheCluster(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Path settings = Files.writeString(dir.resolve("cluster.properties"), "bootstrap.servers="
                    + kafka.bootstrapServers() + "\n" + StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG + "="
                    + registry.url() + "\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path output = dir.resolve("soak.out");
            Process soak = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "soak", "--config", settings.toString(), "--instances", "1", "--kills",
                    "1", "--keys", "1", "--events-per-key", "100000", "--rate", "10", "--work-dir",
                    dir.resolve("work").toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            List<ProcessHandle> instances = List.of();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (instances.isEmpty() && soak.isAlive() && System.nanoTime() < deadline) {
                    instances = soak.descendants().toList();
                    soak.waitFor(100, TimeUnit.MILLISECONDS);
                }
                assertThat(instances).as(Files.readString(output)).isNotEmpty();

                soak.destroy();

                assertThat(soak.waitFor(90, TimeUnit.SECONDS)).as("the soak exited").isTrue();
                assertThat(instances).as("its instances").noneMatch(ProcessHandle::isAlive);
                assertThat(Files.readString(output)).containsPattern("soak: stopped before its end; stopping its"
                        + " instances. Its topics \\(names ending in -soak-[0-9a-f]{8}\\) and the group"
                        + " streamcast-soak-[0-9a-f]{8} stay on the cluster");
            } finally {
                soak.destroyForcibly();
                instances.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}

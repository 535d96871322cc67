package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
                exitCode = UserErrors.commandLine(new StreamcastCommand()).execute("soak", "--config", settings.toString(),
                        "--instances", "1", "--kills", "1", "--keys", "2", "--events-per-key", "200", "--rate", "100",
                        "--work-dir", dir.resolve("work").toString());
            } finally {
                System.setOut(originalOut);
            }

            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(exitCode).as(report).isZero();
            assertThat(report).contains("soak kills=1 ").contains(" events=400 predictions=400 lost=0 duplicated=0")
                    .contains("mismatches=0").contains("result=clean");
        }
    }
}

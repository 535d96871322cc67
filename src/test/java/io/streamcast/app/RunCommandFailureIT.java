package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(KafkaClusterExtension.class)
class RunCommandFailureIT {

    @Test
    void shouldExitNonZeroNamingTheErrorWhenTheStreamsDie(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        // Given an application whose producer refuses every record it is asked to write: the first output kills
        // the stream thread
        try (StreamcastFixture app = new StreamcastFixture(kafka,
                Map.of(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 64))) {
            Path file = dir.resolve("streamcast.properties");
            Properties properties = new Properties();
            app.config().originals().forEach((key, value) -> properties.setProperty(key, value.toString()));
            properties.setProperty(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, "127.0.0.1");
            properties.setProperty(StreamcastConfig.HTTP_PORT_CONFIG, "0");
            properties.setProperty(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, null);
            }
            app.produce(app.topics().events().name(), List.of(app.event("a", 1_700_000_000_000L, 1.0)));

            // When run processes it
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            int exitCode;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                exitCode = CompletableFuture.supplyAsync(() -> new CommandLine(new StreamcastCommand())
                        .execute("run", "--config", file.toString())).get(120, TimeUnit.SECONDS);
            } finally {
                System.setErr(originalErr);
            }

            // Then it exits with 1 and says why
            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("Streamcast stopped: Kafka Streams is in state ERROR after an error:")
                    .contains("caused by org.apache.kafka.common.errors.RecordTooLargeException");
        }
    }
}

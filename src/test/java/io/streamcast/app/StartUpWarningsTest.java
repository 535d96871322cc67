package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.CommandRun;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams warns of the settings it ignores as it parses them: {@code run} checks them before it sets up the
 * topics, and builds the instance after, which parses them again, yet each warning is written once per start.
 */
class StartUpWarningsTest {

    private static final String WARMUP_IGNORED = "Warmup replicas are not supported yet with the streams protocol";
    private static final String STANDBYS_IGNORED = "Standby replicas are configured broker-side in the streams group"
            + " protocol and will be ignored";

    @Test
    void shouldWarnOnceOfEachSettingKafkaStreamsIgnores(@TempDir Path dir) throws IOException {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
                LogCapture log = LogCapture.of(StreamsConfig.class)) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
            settings.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
            // run's checks, then its topic setup, which gives up on the broker after a second
            settings.put("default.api.timeout.ms", "1000");
            settings.put("request.timeout.ms", "1000");
            Path file = dir.resolve("streamcast.properties");
            StringBuilder properties = new StringBuilder();
            settings.forEach((name, value) -> properties.append(name).append('=').append(value).append('\n'));
            Files.writeString(file, properties);
            CommandRun run = CommandRun.capturingSystemStreams(new StreamcastCommand(), "run", "--config",
                    file.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).contains("Cannot start Streamcast: Cannot set up topics");
            // the instance that run builds once the topics are set up, with the checks it makes again
            StreamcastService.build(new StreamcastConfig(settings), new SimpleMeterRegistry()).close();

            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith(WARMUP_IGNORED)).hasSize(1);
            assertThat(log.warnings()).filteredOn(warning -> warning.startsWith(STANDBYS_IGNORED)).hasSize(1);
        }
    }
}

package io.streamcast.app.cli;

import io.streamcast.app.SettingsLoader;
import io.streamcast.app.StreamcastService;
import io.streamcast.app.TopicSetup;
import io.streamcast.stream.StreamcastConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs Streamcast against an existing Kafka cluster. Settings come from --config and from"
                + " the environment: STREAMCAST_* for Streamcast's settings, KAFKA_* for Kafka Streams and its"
                + " clients (STREAMCAST_MODEL_HIDDEN_SIZE=64 sets model.hidden.size).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file of settings.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        StreamcastConfig config;
        try {
            Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv());
            config = new StreamcastConfig(settings);
            new StreamsConfig(config.streamsProperties());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            return 2;
        }
        short replication = config.getShort(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
        try (Admin admin = Admin.create(config.streamsProperties())) {
            TopicSetup.ensure(admin, config, config.getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG),
                    replication < 0 ? Optional.empty() : Optional.of(replication));
        }
        StreamcastService service;
        try {
            service = StreamcastService.start(config);
        } catch (RuntimeException e) {
            System.err.println("Cannot start Streamcast: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "streamcast-shutdown"));
        while (!service.awaitStop(Duration.ofHours(1))) {
            // Runs until the streams stop by themselves or the JVM is asked to exit.
        }
        if (service.failure() != null) {
            System.err.println("Streamcast stopped: " + service.failure().getMessage());
            return 1;
        }
        return 0;
    }
}

package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.DeletedTrainerStores;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s start-up check of the trainer's stores' changelogs, on a real broker: a first start says nothing, nor
 * one after offsets set by hand, and a start after the trainer has read training samples, its changelogs absent as
 * when deleted, says what was lost.
 * {@code run} is ended after its start-up checks, before it builds the instance, which would create the changelogs.
 */
@ExtendWith(KafkaClusterExtension.class)
class RunTrainerChangelogsCheckIT {

    private static final String AT_START = "Kafka Streams creates them again, empty, and the trainer goes on"
            + " without what they kept";
    private static final String STREAMS_METADATA = "AgAAAaJRvyVs";

    @Test
    void shouldSayAtTheNextStartThatTheTrainersChangelogsAreGone(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry(kafka.bootstrapServers(), dir, "trainer");
        Path file = Files.writeString(dir.resolve("streamcast.properties"), settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue() + "\n").collect(Collectors.joining()));
        StreamcastConfig config = new StreamcastConfig(settings);
        String samples = config.getString(StreamcastConfig.TRAINING_SAMPLES_TOPIC_CONFIG);
        try (LogCapture log = LogCapture.of(DeletedTrainerStores.class);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers()))) {
            // Given a first start, which sets up the topics and has read nothing yet: it says nothing
            assertThat(runUpToTheBuild(file)).isEqualTo(1);
            assertThat(log.errors()).isEmpty();

            // Nor a start after offsets set by hand, with no metadata, as Kafka's reset tools set them: nothing read
            admin.alterConsumerGroupOffsets(config.applicationId(), Map.of(new TopicPartition(samples, 0),
                    new OffsetAndMetadata(5))).all().get();
            assertThat(runUpToTheBuild(file)).isEqualTo(1);
            assertThat(log.errors()).isEmpty();

            // When the application has read training samples and its trainer's changelogs are not there: an offset
            // as Kafka Streams commits it, with metadata (the partition's time, as a Streams commit was seen to hold)
            admin.alterConsumerGroupOffsets(config.applicationId(), Map.of(new TopicPartition(samples, 0),
                    new OffsetAndMetadata(5, STREAMS_METADATA))).all().get();

            // Then the next start says so, naming the topics and what the trainer lost
            assertThat(runUpToTheBuild(file)).isEqualTo(1);
            assertThat(log.errors()).singleElement().asString()
                    .contains(RecordSizeCheck.changelog(config, StreamcastTopology.TRAINER_PROGRESS_STORE),
                            "though the application has read training samples from topic " + samples, AT_START);
        }
    }

    /** Runs {@code run} with the settings in {@code file} up to its build of the instance, which fails: exit 1. */
    private static int runUpToTheBuild(Path file) throws InterruptedException {
        RunCommand run = new RunCommand();
        run.configFile = file;
        run.nodes = config -> {
            throw new IllegalStateException("not built: the test ends run after its start-up checks");
        };
        return run.start(new StopOnRequest(() -> { }));
    }
}

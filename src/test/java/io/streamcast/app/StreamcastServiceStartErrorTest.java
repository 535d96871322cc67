package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's start that fails with an Error, not only with a RuntimeException, closes the service before it throws:
 * {@link StreamcastService#start(StreamcastConfig)}'s callers never see the service, so they cannot close it.
 */
class StreamcastServiceStartErrorTest {

    @Test
    void shouldCloseTheServiceWhenItsStartFailsWithAnError(@TempDir Path dir) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        StreamcastService service = StreamcastService.build(new StreamcastConfig(settings), new SimpleMeterRegistry());
        try {
            // Kafka Streams tells its state listener of the start on the starting thread, before it starts anything:
            // the one step inside the start from which a test can throw, without a broker. Later changes (the
            // close's) pass.
            service.streams().setStateListener((now, before) -> {
                if (before == KafkaStreams.State.CREATED) {
                    throw new NoClassDefFoundError("org/rocksdb/RocksDBException");
                }
            });

            assertThatThrownBy(service::start).isInstanceOf(NoClassDefFoundError.class);

            assertThat(service.state().hasCompletedShutdown()).as(service.state().toString()).isTrue();
        } finally {
            service.close();
        }
    }
}

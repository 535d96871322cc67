package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.stream.TrainingHistory;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries while Kafka Streams is not running (shut down, stopped after a failure): Kafka Streams throws a plain
 * IllegalStateException then, which the endpoints must answer as a store not readable now (503), not as an internal
 * error (500).
 */
class KeyStateLookupTest {

    @TempDir
    Path stateDir;
    private StreamcastConfig config;
    private StreamcastTopology built;
    private KafkaStreams streams;

    @BeforeEach
    void stopStreams() {
        Map<String, Object> settings = TestSettings.base();
        // no broker is needed: the streams are closed before they start
        settings.put("bootstrap.servers", "127.0.0.1:1");
        settings.put("state.dir", stateDir.toString());
        config = new StreamcastConfig(settings);
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        streams = new KafkaStreams(built.topology(), config.streamsProperties());
        streams.close(Duration.ofSeconds(10));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }

    @AfterEach
    void close() {
        streams.close();
    }

    @Test
    void shouldAnswerAKeyQueryAsUnavailableWithOrWithoutTheInstancesAddress() {
        for (HostInfo self : new HostInfo[] {null, new HostInfo("127.0.0.1", 18080)}) {
            KeyStateLookup lookup = new KeyStateLookup(streams, self, config.inputSpec(), built.keyStates(),
                    built.topics().events().name());

            KeyStateLookup.Result result = lookup.lookup("pump".getBytes(StandardCharsets.UTF_8));

            assertThat(result).as("application.server " + self).isInstanceOf(KeyStateLookup.Unavailable.class);
            assertThat(((KeyStateLookup.Unavailable) result).reason()).contains("not running");
        }
    }

    /** So are a forwarded query, for either of a key's candidate partitions, and the look in its second. */
    @Test
    void shouldAnswerAForwardedQueryAndTheSecondCandidatesAsUnavailable() {
        HostInfo self = new HostInfo("127.0.0.1", 18080);
        KeyStateLookup lookup = new KeyStateLookup(streams, self, config.inputSpec(), built.keyStates(),
                built.topics().events().name());
        byte[] key = "pump".getBytes(StandardCharsets.UTF_8);

        for (KeyStateLookup.Result result : List.of(lookup.lookupHere(key), lookup.secondCandidateHere(key),
                lookup.secondCandidate(key, new HostInfo("127.0.0.1", 18081)))) {
            assertThat(result).isInstanceOf(KeyStateLookup.Unavailable.class);
            assertThat(((KeyStateLookup.Unavailable) result).reason()).contains("not running");
        }
    }

    @Test
    void shouldThrowTheStoreExceptionTheConsoleAnswersWith503() {
        KeyStateLookup lookup = new KeyStateLookup(streams, null, config.inputSpec(), built.keyStates(),
                built.topics().events().name());
        TrainingHistory history = new TrainingHistory(streams, built.topics().trainingRounds());

        assertThatThrownBy(() -> lookup.keysWithPrefixes(List.of(new byte[] {'p'}), 10, key -> true))
                .isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(lookup::keyCount).isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> history.latest(10)).isInstanceOf(InvalidStateStoreException.class);
    }
}

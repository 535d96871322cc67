package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /keys/{key}} says a key's last event was an anomaly exactly when the stream flagged it: an event held
 * back by the key's refractory period after an anomaly is no anomaly there either, however high its score.
 */
class KeyAnomalyTruthTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldReportTheAnomalyFlagOfTheKeysLastPrediction() {
        StreamcastConfig config = new StreamcastConfig(TestSettings.base());
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        double threshold = config.getDouble(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG);
        int heldBack = 0;
        int flagged = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(built.topology(), config.streamsProperties())) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic(built.topics().events().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, Prediction> predictions = driver.createOutputTopic(
                    built.topics().predictions().name(), new StringDeserializer(),
                    built.topics().predictions().valueSerde().deserializer());
            KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
            byte[] key = "pump".getBytes(StandardCharsets.UTF_8);
            Random random = new Random(7);
            for (int i = 0; i < 700; i++) {
                // Noise around 10, then a burst of six spikes: the first is an anomaly, the rest fall in its
                // refractory period.
                double value = 10 + random.nextGaussian() + (i >= 600 && i < 606 ? 40 : 0);
                events.pipeInput(key, built.topics().events().serializeValue(
                        new Event(Instant.ofEpochMilli(T0 + i * 300_000L), List.of(value))));
                Prediction prediction = predictions.readValue();

                KeyEndpoint.KeyStateBody body = KeyEndpoint.KeyStateBody.of(KeyName.of(key),
                        built.keyStates().view(store.get(key)), "local");

                assertThat(body.anomaly()).as("event %d", i).isEqualTo(prediction.getIsAnomaly());
                if (prediction.getIsAnomaly()) {
                    flagged++;
                } else if (prediction.getLikelihood() >= threshold) {
                    heldBack++;
                }
            }
        }
        assertThat(flagged).as("anomalies flagged").isPositive();
        assertThat(heldBack).as("events at or above the threshold held back by the refractory period").isPositive();
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.WireFormat;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outputs written with the subjects' latest versions, as an HTTP registry serves them, when the predictions and
 * anomalies subjects' latest version has event_time a plain long of epoch milliseconds, as a consumer without logical
 * types would register it: Avro's compatibility check, which ignores logical types, passes it.
 */
class LatestVersionTopologyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;

    private final TestSchemaRegistry registry = TestSchemaRegistry.start();
    private final Schema plainLongTime = withPlainLongEventTime(Prediction.getClassSchema());

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRefuseToStartNamingTheSubjectAndTheFieldWhenStrict() {
        StreamcastConfig config = new StreamcastConfig(latestVersions(Map.of()));

        assertThatThrownBy(() -> StreamcastTopology.build(config, StreamcastMetrics.discarding()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("to topic 'predictions'")
                .hasMessageContaining("of subject 'predictions-value'")
                .hasMessageContaining("field event_time: a plain long in the latest version, a long of logical type "
                        + "timestamp-millis in ours");
    }

    @Test
    void shouldWriteEachPredictionsEventTimeAsItsEpochMillisecondsWhenNotStrict() {
        StreamcastConfig config = new StreamcastConfig(latestVersions(Map.of("latest.compatibility.strict", false)));
        int latestId = registry.store().latest("predictions-value").id();
        StreamcastTopology built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        try (TopologyTestDriver driver = new TopologyTestDriver(built.topology(), config.streamsProperties())) {
            TestInputTopic<byte[], byte[]> events = driver.createInputTopic("events", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, byte[]> predictions = driver.createOutputTopic("predictions",
                    new StringDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic("dead-letters",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            for (int i = 0; i < 3; i++) {
                events.pipeInput("a".getBytes(StandardCharsets.UTF_8), built.topics().events().serializeValue(
                        new Event(Instant.ofEpochMilli(T0 + i * MINUTE), List.of(10.0 + i))));
            }

            assertThat(deadLetters.readRecordsToList()).as("dead letters").isEmpty();
            List<byte[]> written = predictions.readValuesToList();
            assertThat(written).extracting(WireFormat::schemaId).containsExactly(latestId, latestId, latestId);
            assertThat(written).extracting(bytes -> read(bytes).get("event_time"))
                    .containsExactly(1_700_000_000_000L, 1_700_000_060_000L, 1_700_000_120_000L);
            assertThat(written).extracting(bytes -> read(bytes).get("observed"))
                    .containsExactly(List.of(10.0), List.of(11.0), List.of(12.0));
        }
    }

    /** Test settings reading the HTTP registry, where every subject has its latest version registered beforehand. */
    private Map<String, Object> latestVersions(Map<String, Object> overrides) {
        registry.store().register("predictions-value", plainLongTime);
        registry.store().register("anomalies-value", plainLongTime);
        registry.store().register("models-value", ModelSnapshot.getClassSchema());
        registry.store().register("training-rounds-value", TrainingRoundReport.getClassSchema());
        registry.store().register("events-value", Event.getClassSchema());
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put("auto.register.schemas", false);
        settings.put("use.latest.version", true);
        settings.putAll(overrides);
        return settings;
    }

    private GenericRecord read(byte[] bytes) {
        try {
            return new GenericDatumReader<GenericRecord>(plainLongTime).read(null, DecoderFactory.get()
                    .binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema withPlainLongEventTime(Schema own) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : own.getFields()) {
            fields.add(field.name().equals("event_time")
                    ? new Schema.Field(field.name(), Schema.create(Schema.Type.LONG), field.doc())
                    : new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(own.getName(), own.getDoc(), own.getNamespace(), false, fields);
    }
}

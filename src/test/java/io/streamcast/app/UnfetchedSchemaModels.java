package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Model records as another release's trainer writes them: the same fields under a schema id of their own, which an
 * instance has not fetched, so that reading one asks the test registry, whose answers to that fetch a test can fail.
 */
final class UnfetchedSchemaModels {

    private final TestSchemaRegistry registry;

    UnfetchedSchemaModels(TestSchemaRegistry registry) {
        this.registry = registry;
    }

    /** Version {@code version} of the model, under the schema the instance registered itself (no fetch needed). */
    static ProducerRecord<byte[], byte[]> knownSchema(StreamcastFixture app, long version) {
        String name = app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG);
        ForecastModel model = TestSettings.model(name, version, app.config().inputSpec(), 8, 7);
        return new ProducerRecord<>(app.topics().models().name(), (name + "@" + version).getBytes(
                StandardCharsets.UTF_8), app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(model)));
    }

    /** Version {@code version} of the model under a schema id of its own, registered by another release. */
    ProducerRecord<byte[], byte[]> record(StreamcastFixture app, long version) {
        ProducerRecord<byte[], byte[]> known = knownSchema(app, version);
        byte[] value = known.value().clone();
        Schema anotherRelease = new Schema.Parser().parse(ModelSnapshot.getClassSchema().toString());
        anotherRelease.addProp("written.by", "another release");
        int id = registry.store().register("another-release-models", anotherRelease);
        assertThat(id).as("an id of its own").isNotEqualTo(ByteBuffer.wrap(value, 1, 4).getInt());
        ByteBuffer.wrap(value).putInt(1, id);
        return new ProducerRecord<>(known.topic(), known.key(), value);
    }

    /** The registry's next {@code count} answers to fetches of the schema of {@code record}'s value fail with 503. */
    void failSchemaFetches(ProducerRecord<byte[], byte[]> record, int count) {
        failSchemaFetches(record, count, 503);
    }

    void failSchemaFetches(ProducerRecord<byte[], byte[]> record, int count, int status) {
        registry.failNextMatching(schemaFetch(record), count, status);
    }

    /** How often the registry was asked for the schema of {@code record}'s value (wire format: magic byte, id). */
    long schemaFetches(ProducerRecord<byte[], byte[]> record) {
        String fetch = schemaFetch(record);
        return registry.requests().stream().filter(fetch::equals).count();
    }

    private static String schemaFetch(ProducerRecord<byte[], byte[]> record) {
        return "GET /schemas/ids/" + ByteBuffer.wrap(record.value(), 1, 4).getInt();
    }
}

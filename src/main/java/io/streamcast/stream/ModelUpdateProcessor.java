package io.streamcast.stream;

import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InvalidModelException;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the models global store and the {@link ModelCatalog} up to date from the models topic. Reads raw bytes so
 * that an undecodable record is refused here, with a log line, instead of stopping the global thread; only
 * models the catalog accepts reach the store. Kafka Streams replays the topic through this processor when it
 * restores the store, so a restart refuses the same records. A record whose schema cannot be fetched because the
 * registry cannot be reached is not refused: it is read again until the registry answers ({@link RegistryOutageWait}),
 * while the stream threads predict with the model in use.
 */
final class ModelUpdateProcessor implements Processor<byte[], byte[], Void, Void> {

    private final String storeName;
    private final Topic<String, ModelSnapshot> models;
    private final ModelCatalog catalog;
    private final RegistryOutageWait registryWait;
    private KeyValueStore<String, byte[]> store;
    /**
     * The record last refused under a version's own key. The trainer writes the same bytes under the bare name right
     * after it, for earlier releases; offered again, one publication would count as two refused models.
     */
    private byte[] refusedUnderItsKey;

    ModelUpdateProcessor(String storeName, Topic<String, ModelSnapshot> models, ModelCatalog catalog,
                         RegistryOutageWait registryWait) {
        this.storeName = storeName;
        this.models = models;
        this.catalog = catalog;
        this.registryWait = registryWait;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        refusedUnderItsKey = null;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null) {
            catalog.refuse("(no key)", 0, "the record has no model name key");
            return;
        }
        String name = catalog.modelName();
        long keyVersion = ModelKeys.versionOf(key, name);
        if (keyVersion == ModelKeys.NOT_THIS_MODEL) {
            if (ModelKeys.claims(key, name)) {
                catalog.refuse(name, 0, "the key " + key + " names no version (a whole number from 1 to "
                        + ForecastModel.MAX_VERSION + " without a leading zero after " + name + "@)");
            }
            return;
        }
        if (record.value() == null) {
            refuseTombstone(key, keyVersion);
            return;
        }
        if (keyVersion == ModelKeys.ANY_VERSION && Arrays.equals(record.value(), refusedUnderItsKey)) {
            // the trainer's copy of a publication already refused, and counted, under its own key
            return;
        }
        ForecastModel model;
        try {
            Optional<ModelSnapshot> snapshot = registryWait.read(() -> models.deserializeValue(record.value()),
                    "the model record under key " + key);
            if (snapshot.isEmpty()) {
                // The instance is closing: nothing more is applied. The store is in memory and rebuilt from the topic
                // at the next start, so the record is not lost.
                return;
            }
            model = ModelSnapshotCodec.fromSnapshot(snapshot.get());
            if (!model.name().equals(name)) {
                throw new InvalidModelException("the snapshot names model " + model.name() + " under key " + key);
            }
            if (keyVersion != ModelKeys.ANY_VERSION && model.version() != keyVersion) {
                throw new InvalidModelException("the snapshot is version " + model.version() + " under key " + key);
            }
        } catch (SchemaRegistryUnavailableException e) {
            // A good model must not be refused for the registry's outage, which has lasted longer than the wait allows:
            // fail, and read it again on restart.
            throw e;
        } catch (RuntimeException e) {
            // the version its key names, where it names one: the snapshot's own cannot be trusted
            catalog.refuse(name, keyVersion, "undecodable or invalid snapshot under key " + key + ": "
                    + e.getMessage());
            rememberRefused(keyVersion, record.value());
            return;
        }
        ForecastModel inUse = catalog.current();
        if (inUse != null && model.version() == inUse.version()) {
            // the trainer's copy under the bare name, for earlier releases, of the version it has just published under
            // its own key, or that record again (a producer's retry under at-least-once): nothing to take, and no
            // refused model either; one that predicts otherwise is no copy, and passed over in silence it hid two
            // trainers or a spoilt record
            if (!predictsAlike(model, inUse)) {
                catalog.refuse(name, model.version(), "the record under key " + key + " has the version in use but"
                        + " other weights or inputs: two trainers publish this model, or a publication was corrupted");
            }
            return;
        }
        if (catalog.offer(model) == null) {
            store.put(name, record.value());
        } else {
            rememberRefused(keyVersion, record.value());
        }
    }

    /** Whether {@code a} and {@code b} take the same inputs into the same network, weight for weight. */
    private static boolean predictsAlike(ForecastModel a, ForecastModel b) {
        LstmModel x = a.network();
        LstmModel y = b.network();
        return a.spec().equals(b.spec()) && x.inputSize() == y.inputSize() && x.hiddenSize() == y.hiddenSize()
                && x.layers() == y.layers() && x.outputSize() == y.outputSize()
                && Arrays.equals(x.weights(), y.weights());
    }

    private void rememberRefused(long keyVersion, byte[] value) {
        if (keyVersion != ModelKeys.ANY_VERSION) {
            refusedUnderItsKey = value;
        }
    }

    /**
     * A tombstone under a version's own key is the trainer retiring a version it has replaced, or an operator deleting
     * a record refused here, and is taken silently unless it names the version in use; one under the bare name would
     * retire whatever the name holds.
     */
    private void refuseTombstone(String key, long keyVersion) {
        ForecastModel inUse = catalog.current();
        if (keyVersion == ModelKeys.ANY_VERSION || (inUse != null && inUse.version() == keyVersion)) {
            catalog.refuse(catalog.modelName(), keyVersion, "a tombstone (key " + key + ") cannot retire the model"
                    + " in use");
            return;
        }
        // a refused record of the largest version leaves the trainer no version to publish until it is deleted
        catalog.deleted(keyVersion);
    }
}

package io.streamcast.stream;

import io.streamcast.schema.TrainingSample;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's changelogged stores and how their bytes are read: the training set (windows by id), the trainer's
 * progress (counters by name) and the outcome of its last round while it is yet to be written ({@link PendingOutcome},
 * which reads its bytes).
 *
 * <p>Ids and counters are written by Kafka's {@code LongSerializer}, as before, so stores of earlier releases read
 * unchanged. Their length is checked before Kafka's {@code LongDeserializer} reads them: a store is rebuilt from its
 * changelog topic, which anything with write access can append to, and an entry of another length must not fail the
 * trainer's start-up on every instance that takes the task over. A window id is therefore kept as the stored bytes,
 * so that an unreadable one can still be deleted, and an unreadable counter reads as absent.
 */
final class TrainerStores {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerStores.class);
    /** What {@link #windowId} returns for a key that is not a window id this trainer writes. */
    static final long UNREADABLE = -1;
    /** Kafka's own eight-byte longs, which the stores held before their bytes were read by hand. */
    private static final Serde<Long> LONGS = Serdes.Long();

    private TrainerStores() {
    }

    static StoreBuilder<KeyValueStore<Bytes, TrainingSample>> windows(KeyValueBytesStoreSupplier supplier) {
        return Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), TrainingSampleSerde.forStore());
    }

    static StoreBuilder<KeyValueStore<String, Long>> progress(KeyValueBytesStoreSupplier supplier) {
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), counters());
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> outcome(KeyValueBytesStoreSupplier supplier) {
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray());
    }

    /** The key of window {@code id} (not negative). */
    static Bytes windowKey(long id) {
        return Bytes.wrap(LONGS.serializer().serialize(null, id));
    }

    /**
     * The id under {@code key}, or {@link #UNREADABLE} when it is not eight bytes, is negative, or is the largest long:
     * the trainer numbers windows from 0, and the id after that one would not fit a long.
     */
    static long windowId(Bytes key) {
        byte[] bytes = key.get();
        if (bytes.length != Long.BYTES) {
            return UNREADABLE;
        }
        long id = LONGS.deserializer().deserialize(null, bytes);
        return id < 0 || id == Long.MAX_VALUE ? UNREADABLE : id;
    }

    /** Counters as {@code Serdes.Long()} writes them; a stored value of another length reads as absent. */
    static Serde<Long> counters() {
        Deserializer<Long> reader = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != Long.BYTES) {
                LOG.warn("Reading a trainer counter of {} bytes as absent (not written by the trainer)", bytes.length);
                return null;
            }
            return LONGS.deserializer().deserialize(topic, bytes);
        };
        return Serdes.serdeFrom(LONGS.serializer(), reader);
    }

    /**
     * Deletes the stored counters that read as absent ({@link #counters}), so that each is read afresh from 0 rather
     * than warned about on every tick.
     */
    static void dropUnreadableCounters(KeyValueStore<String, Long> progress) {
        List<String> unreadable = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = progress.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value == null) {
                    unreadable.add(entry.key);
                }
            }
        }
        unreadable.forEach(progress::delete);
    }
}

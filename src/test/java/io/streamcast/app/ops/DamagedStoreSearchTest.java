package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.stream.KeyStateFormat;
import io.streamcast.stream.StreamcastConfig;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.DamagedTables;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * Without {@code application.server} a key is searched for in every local key-state store, one at a time once one of
 * them cannot be read: a key found in a readable store is answered (200), a key in none of the stores read is
 * unavailable (503, worth retrying) while a store it could be in cannot be read now, and unreadable (500, a retry no
 * help) only when each store it could be in is damaged. The stores are Kafka Streams' RocksDB stores with the
 * instance's settings, damaged on disk after a clean close as {@code DamagedStoreQueryIT} damages an instance's.
 */
class DamagedStoreSearchTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path stateDir;
    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final PredictorSettings settings = config.predictorSettings();
    /** The search reads only the stores it is given, never the streams'. */
    private final KeyStateLookup lookup = new KeyStateLookup(null, null, config.inputSpec(),
            new KeyStateFormat(settings), "events");
    private final List<KeyValueStore<byte[], byte[]>> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        for (KeyValueStore<byte[], byte[]> store : opened) {
            if (store.isOpen()) {
                store.close();
            }
        }
    }

    /**
     * RocksDB rules out a key that a store does not hold by its table files' key ranges and filters, without reading
     * their data, so the damaged store holds the key too (as an earlier state of it can stay in another partition's
     * store after the events topic gained partitions): its read meets the damage. It is read first, as the partitions
     * are searched in order.
     */
    @Test
    void shouldAnswerAKeyFoundInAReadableStoreWhenAnotherIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, damaged(0, "pump", "valve"), 1,
                readable(1, "valve"));

        KeyStateLookup.Result result = search("valve", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Found.class);
        assertThat(((KeyStateLookup.Found) result).view().eventCount()).isEqualTo(3);
        assertThat(((KeyStateLookup.Found) result).view().lastEventTime()).isEqualTo(T0 + 2_000);
    }

    @Test
    void shouldAnswerAKeyInNoReadableStoreAsUnreadableWhenTheOtherStoreIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, damaged(0, "pump"), 1, readable(1, "valve"));

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unreadable.class);
        assertThat(((KeyStateLookup.Unreadable) result).reason()).contains("the store of partition 0 cannot be read",
                "block checksum mismatch", "removing that task's directory").doesNotContain("partition 1");
    }

    @Test
    void shouldAnswerAKeyAsUnavailableWhileAStoreItCouldBeInCannotBeReadNow() throws Exception {
        KeyValueStore<byte[], byte[]> closed = readable(1, "valve");
        closed.close();
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, damaged(0, "pump"), 1, closed);

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unavailable.class);
        assertThat(((KeyStateLookup.Unavailable) result).reason()).contains("the store of partition 0 cannot be read",
                "the store of partition 1 is not queryable now");
    }

    @Test
    void shouldAnswerAKeyAsUnreadableWhenEveryStoreItCouldBeInIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, damaged(0, "pump"), 1,
                damaged(1, "pump", "valve"));

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unreadable.class);
        assertThat(((KeyStateLookup.Unreadable) result).reason()).contains("the store of partition 0 cannot be read",
                "the store of partition 1 cannot be read");
    }

    /** Searches the stores in the order of their partitions, as an instance does. */
    private KeyStateLookup.Result search(String key,
                                         Map<Integer, ? extends ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        return lookup.searchEach(bytes(key), new TreeSet<>(stores.keySet()), stores::get);
    }

    /** Partition {@code partition}'s key-state store holding {@code keys}, each after three events. */
    private KeyValueStore<byte[], byte[]> readable(int partition, String... keys) {
        KeyValueStore<byte[], byte[]> store = open(partition);
        for (String key : keys) {
            store.put(bytes(key), stateAfterThreeEvents());
        }
        store.flush();
        return store;
    }

    /** Such a store, closed, damaged on disk and opened again, as an instance restarted on it does. */
    private KeyValueStore<byte[], byte[]> damaged(int partition, String... keys) throws IOException, RocksDBException {
        readable(partition, keys).close();
        assertThat(DamagedTables.damage(taskDirectory(partition).resolve("rocksdb")
                .resolve(StreamcastTopology.KEY_STATE_STORE))).as("table files of partition " + partition).isNotEmpty();
        return open(partition);
    }

    private KeyValueStore<byte[], byte[]> open(int partition) {
        KeyValueStore<byte[], byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StreamcastTopology.KEY_STATE_STORE), Serdes.ByteArray(),
                        Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        // the instance's own RocksDB settings (its block cache and memtables shared by every store)
        Properties properties = new Properties();
        properties.putAll(config.streamsProperties());
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>(properties,
                new TaskId(0, partition), taskDirectory(partition).toFile());
        store.init(context.getStateStoreContext(), store);
        opened.add(store);
        return store;
    }

    private Path taskDirectory(int partition) {
        return stateDir.resolve("0_" + partition);
    }

    /** A key's stored state after events at T0, T0 + 1 s and T0 + 2 s, as the predictor stores it. */
    private byte[] stateAfterThreeEvents() {
        KeyStep step = new KeyStep(settings);
        KeyMemory state = step.newMemory();
        for (int n = 0; n < 3; n++) {
            step.apply(state, T0 + n * 1_000L, new double[] {n}, null, step.newResult());
        }
        return new KeyStateCodec().encode(state);
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStateCodec;
import io.streamcast.predict.KeyStep;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.DamagedTables;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.rocksdb.RocksDBException;

/**
 * Partitions' key-state stores as an instance keeps them, opened outside the streams: Kafka Streams' RocksDB stores
 * with the instance's settings, one task directory each under one state directory, damaged on disk after a clean
 * close as {@code DamagedStoreQueryIT} damages an instance's.
 */
final class LocalKeyStateStores implements AutoCloseable {

    static final long T0 = 1_700_000_000_000L;

    private final Path stateDir;
    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final List<KeyValueStore<byte[], byte[]>> opened = new ArrayList<>();

    LocalKeyStateStores(Path stateDir) {
        this.stateDir = stateDir;
    }

    StreamcastConfig config() {
        return config;
    }

    /** Partition {@code partition}'s key-state store holding {@code keys}, each after three events. */
    KeyValueStore<byte[], byte[]> readable(int partition, String... keys) {
        KeyValueStore<byte[], byte[]> store = open(partition);
        byte[] state = stateAfterThreeEvents();
        for (String key : keys) {
            store.put(bytes(key), state);
        }
        store.flush();
        return store;
    }

    /** Such a store, closed, every data block of its table files damaged on disk, and opened again. */
    KeyValueStore<byte[], byte[]> damaged(int partition, String... keys) throws IOException, RocksDBException {
        readable(partition, keys).close();
        assertThat(DamagedTables.damage(storeDirectory(partition))).as("table files of partition " + partition)
                .isNotEmpty();
        return open(partition);
    }

    /** Such a store, closed, the middle of the data of its table files damaged on disk, and opened again. */
    KeyValueStore<byte[], byte[]> damagedInTheMiddle(int partition, String... keys)
            throws IOException, RocksDBException {
        readable(partition, keys).close();
        assertThat(DamagedTables.damageMiddle(storeDirectory(partition))).as("table files of partition " + partition)
                .isNotEmpty();
        return open(partition);
    }

    /** Partition {@code partition}'s store, as an instance restarted on its directory opens it. */
    KeyValueStore<byte[], byte[]> open(int partition) {
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

    /** A key's stored state after events at T0, T0 + 1 s and T0 + 2 s, as the predictor stores it. */
    byte[] stateAfterThreeEvents() {
        KeyStep step = new KeyStep(config.predictorSettings());
        KeyMemory state = step.newMemory();
        for (int n = 0; n < 3; n++) {
            step.apply(state, T0 + n * 1_000L, new double[] {n}, null, step.newResult());
        }
        return new KeyStateCodec().encode(state);
    }

    /**
     * {@code store}, into which {@code key} is written just before it is read from its last key down: a key that
     * arrives while a read that ran out is being checked.
     */
    ReadOnlyKeyValueStore<byte[], byte[]> writingWhileReadFromTheEnd(KeyValueStore<byte[], byte[]> store, String key) {
        byte[] state = stateAfterThreeEvents();
        return new Forwarding(store) {
            @Override
            public KeyValueIterator<byte[], byte[]> reverseAll() {
                store.put(bytes(key), state);
                return store.reverseAll();
            }
        };
    }

    /**
     * {@code store}, which closes once a read in key order (of all its keys, or of a range, as a prefix is read) has
     * given {@code keys} keys: a store whose partition moves away while it is read (Kafka Streams closes it, and its
     * open iterators with it).
     */
    ReadOnlyKeyValueStore<byte[], byte[]> closingWhileRead(KeyValueStore<byte[], byte[]> store, int keys) {
        return new Forwarding(store) {
            @Override
            public KeyValueIterator<byte[], byte[]> all() {
                return closingAfter(store.all(), store, keys);
            }

            @Override
            public KeyValueIterator<byte[], byte[]> range(byte[] from, byte[] to) {
                return closingAfter(store.range(from, to), store, keys);
            }
        };
    }

    /** {@code read}, which closes {@code store} once it has given {@code keys} keys. */
    private static KeyValueIterator<byte[], byte[]> closingAfter(KeyValueIterator<byte[], byte[]> read,
                                                                 KeyValueStore<byte[], byte[]> store, int keys) {
        return new KeyValueIterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                if (given == keys && store.isOpen()) {
                    store.close();
                }
                return read.hasNext();
            }

            @Override
            public KeyValue<byte[], byte[]> next() {
                given++;
                return read.next();
            }

            @Override
            public byte[] peekNextKey() {
                return read.peekNextKey();
            }

            @Override
            public void close() {
                read.close();
            }
        };
    }

    /** A read-only view of {@code store} that passes every read on: the wrappers above change one or two. */
    private static class Forwarding implements ReadOnlyKeyValueStore<byte[], byte[]> {

        private final KeyValueStore<byte[], byte[]> store;

        Forwarding(KeyValueStore<byte[], byte[]> store) {
            this.store = store;
        }

        @Override
        public byte[] get(byte[] key) {
            return store.get(key);
        }

        @Override
        public KeyValueIterator<byte[], byte[]> range(byte[] from, byte[] to) {
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<byte[], byte[]> all() {
            return store.all();
        }

        @Override
        public KeyValueIterator<byte[], byte[]> reverseAll() {
            return store.reverseAll();
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    @Override
    public void close() {
        for (KeyValueStore<byte[], byte[]> store : opened) {
            if (store.isOpen()) {
                store.close();
            }
        }
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private Path storeDirectory(int partition) {
        return taskDirectory(partition).resolve("rocksdb").resolve(StreamcastTopology.KEY_STATE_STORE);
    }

    private Path taskDirectory(int partition) {
        return stateDir.resolve("0_" + partition);
    }
}

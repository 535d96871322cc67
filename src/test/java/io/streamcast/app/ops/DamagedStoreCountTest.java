package io.streamcast.app.ops;

import static io.streamcast.app.ops.LocalKeyStateStores.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's key count over the local key-state stores when one of them is damaged: RocksDB's iterator ends
 * quietly at a damaged block, so the count must tell that it could not read that store through, and is at least
 * what it says, rather than count fewer keys without a sign. The stores are Kafka Streams' RocksDB stores with the
 * instance's settings ({@link LocalKeyStateStores}).
 */
class DamagedStoreCountTest {

    @TempDir
    Path stateDir;
    private LocalKeyStateStores local;

    @BeforeEach
    void openStateDirectory() {
        local = new LocalKeyStateStores(stateDir);
    }

    @AfterEach
    void closeStores() {
        local.close();
    }

    @Test
    void shouldCountTheReadableStoresKeysAndNameTheStoreThatCannotBeRead() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump", "valve", "fan"), 1,
                local.readable(1, "gauge", "meter"));

        KeyStateLookup.KeyCount count = count(stores);

        assertThat(count).isEqualTo(new KeyStateLookup.KeyCount(2, true, List.of(0), List.of()));
    }

    /** A fault in the middle of a table file: the keys before it are read, and the store still named. */
    @Test
    void shouldNameAStoreWhoseReadStopsPartWay() throws Exception {
        String[] keys = IntStream.range(0, 3_000).mapToObj(k -> String.format("machine-%04d", k))
                .toArray(String[]::new);
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "gauge", "meter"), 1,
                local.damagedInTheMiddle(1, keys));

        KeyStateLookup.KeyCount count = count(stores);

        assertThat(count.unreadable()).containsExactly(1);
        assertThat(count.keys()).as("partition 0's 2 keys and those of partition 1 before the damage")
                .isGreaterThan(2).isLessThan(2 + 3_000);
    }

    @Test
    void shouldCountEveryKeyOfStoresThatAreWhole() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump", "valve", "fan"), 1,
                local.readable(1, "gauge", "meter"), 2, local.open(2));

        assertThat(count(stores)).isEqualTo(new KeyStateLookup.KeyCount(5, true, List.of(), List.of()));
    }

    /**
     * The stream thread writes on while the console counts: a key written between the read in order and the read
     * from the other end is past the last key read, in a store read through.
     */
    @Test
    void shouldNotTakeAKeyWrittenDuringTheCountForDamage() {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> stores = Map.of(
                0, local.writingWhileReadFromTheEnd(local.readable(0, "pump", "valve"), "zone"),
                1, local.writingWhileReadFromTheEnd(local.open(1), "gauge"));

        assertThat(count(stores)).isEqualTo(new KeyStateLookup.KeyCount(2, true, List.of(), List.of()));
    }

    /** Counts the stores as an instance does, which holds their partitions. */
    private static KeyStateLookup.KeyCount count(Map<Integer, ? extends ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        return LocalKeyCount.count(new TreeSet<>(stores.keySet()), stores::get);
    }
}

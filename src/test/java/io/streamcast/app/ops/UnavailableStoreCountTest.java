package io.streamcast.app.ops;

import static io.streamcast.app.ops.LocalKeyStateStores.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's key count when a store cannot be read now: its partition moved away, or its store closed, between
 * the listing of this instance's partitions and the read. The other stores are counted and the store is named, apart
 * from the damaged ones, where before the console had no count at all. The stores are Kafka Streams' RocksDB stores
 * with the instance's settings ({@link LocalKeyStateStores}).
 */
class UnavailableStoreCountTest {

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

    /** A partition that moved away once the partitions were listed: Kafka Streams refuses its store. */
    @Test
    void shouldCountTheOtherStoresWhenAPartitionMovedAway() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump", "valve"),
                2, local.readable(2, "fan"));
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> withoutPartition1 = partition -> {
            if (partition == 1) {
                throw new InvalidStateStoreException("The specified partition 1 for store key-state does not exist.");
            }
            return stores.get(partition);
        };

        KeyStateLookup.KeyCount count = count(withoutPartition1, 3);

        assertThat(count).isEqualTo(new KeyStateLookup.KeyCount(3, true, List.of(), List.of(1)));
    }

    /** A store closed as its partition moves away, after Kafka Streams handed it out, refuses to be read. */
    @Test
    void shouldCountTheOtherStoresWhenAStoreClosesBeforeItIsRead() {
        KeyValueStore<byte[], byte[]> closed = local.readable(0, "pump", "valve", "fan");
        closed.close();
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, closed, 1, local.readable(1, "gauge"));

        assertThat(count(stores::get, 2)).isEqualTo(new KeyStateLookup.KeyCount(1, true, List.of(), List.of(0)));
    }

    /**
     * A store that closes part way through its read: the keys it gave are not counted, so that the count leaves out
     * the store it names whole.
     */
    @Test
    void shouldLeaveOutEveryKeyOfAStoreThatClosesWhileItIsRead() {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> stores = Map.of(
                0, local.readable(0, "gauge", "meter"),
                1, local.closingWhileRead(local.readable(1, "fan", "pump", "valve"), 2));

        assertThat(count(stores::get, 2)).isEqualTo(new KeyStateLookup.KeyCount(2, true, List.of(), List.of(1)));
    }

    /** A damaged store and a moving one are named apart: only the damaged one needs a rebuild. */
    @Test
    void shouldNameADamagedStoreApartFromOneThatCannotBeReadNow() throws Exception {
        KeyValueStore<byte[], byte[]> closed = local.readable(2, "zone");
        closed.close();
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump", "valve"),
                1, local.readable(1, "gauge", "meter"), 2, closed);

        assertThat(count(stores::get, 3)).isEqualTo(new KeyStateLookup.KeyCount(2, true, List.of(0), List.of(2)));
    }

    /** Above 100,000 keys in RocksDB's estimate, the estimate of the stores that can be read, and the others named. */
    @Test
    void shouldEstimateTheOtherStoresWhenAPartitionMovedAway() {
        KeyValueStore<byte[], byte[]> large = local.open(0);
        byte[] state = local.stateAfterThreeEvents();
        IntStream.range(0, 100_001).forEach(k -> large.put(bytes(String.format("machine-%06d", k)), state));
        large.flush();
        long estimate = large.approximateNumEntries();
        assertThat(estimate).as("RocksDB's estimate").isGreaterThan(LocalKeyCount.COUNTED);
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> withoutPartition1 = partition -> {
            if (partition == 1) {
                throw new InvalidStateStoreException("The specified partition 1 for store key-state does not exist.");
            }
            return large;
        };

        assertThat(count(withoutPartition1, 2))
                .isEqualTo(new KeyStateLookup.KeyCount(estimate, false, List.of(), List.of(1)));
    }

    /** With no store to count, the count is unavailable as a whole, as while this instance holds no partition. */
    @Test
    void shouldBeUnavailableWhenNoStoreCanBeRead() {
        KeyValueStore<byte[], byte[]> closed = local.readable(1, "gauge");
        closed.close();
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> movedOrClosed = partition -> {
            if (partition == 0) {
                throw new InvalidStateStoreException("The specified partition 0 for store key-state does not exist.");
            }
            return closed;
        };

        assertThatThrownBy(() -> count(movedOrClosed, 2)).isInstanceOf(InvalidStateStoreException.class);
    }

    /** Counts the stores of partitions 0 to {@code partitions} - 1, as an instance does, which holds them. */
    private static KeyStateLookup.KeyCount count(IntFunction<? extends ReadOnlyKeyValueStore<byte[], byte[]>> stores,
                                                 int partitions) {
        return LocalKeyCount.count(new TreeSet<>(IntStream.range(0, partitions).boxed().toList()), stores::apply);
    }
}

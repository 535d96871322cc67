package io.streamcast.app.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts the keys in the key-state stores of some partitions, and says which stores it could not read through.
 *
 * <p>Why each read is checked: a RocksDB iterator that meets a damaged table block ends as if the store ended there
 * (Kafka Streams' iterators do not ask RocksDB why they ended), so a damaged store's keys were left out of the count
 * without a sign. The predictor only ever puts a key's state, never deletes it, so a key a store held once it holds
 * for good: a read that misses a key seen in the store, or finds none where RocksDB's estimate says there are some,
 * stopped early.
 */
final class LocalKeyCount {

    /** Above this many keys in RocksDB's estimate the estimate is given, and no store read. */
    static final long COUNTED = 100_000;

    private LocalKeyCount() {
    }

    /**
     * The keys in the stores of {@code partitions} ({@code stores} gives each): counted when RocksDB estimates at most
     * {@value #COUNTED} in all (its estimate counts every write not yet compacted, so it is far too high for a small,
     * busy store), otherwise the estimate, which reads no key (and so counts a damaged store's keys too).
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while a store cannot be read
     */
    static KeyStateLookup.KeyCount count(Set<Integer> partitions,
                                         IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> byPartition = new LinkedHashMap<>();
        Map<Integer, Long> estimates = new LinkedHashMap<>();
        long estimate = 0;
        for (int partition : partitions) {
            ReadOnlyKeyValueStore<byte[], byte[]> store = stores.apply(partition);
            byPartition.put(partition, store);
            // taken before any key is read, so that a key it counts is in the store when the store is read
            estimates.put(partition, store.approximateNumEntries());
            estimate = saturatedAdd(estimate, estimates.get(partition));
        }
        if (estimate > COUNTED) {
            return new KeyStateLookup.KeyCount(estimate, false, List.of());
        }
        long keys = 0;
        List<Integer> unreadable = new ArrayList<>();
        for (Map.Entry<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> store : byPartition.entrySet()) {
            Read read = read(store.getValue(), estimates.get(store.getKey()));
            keys += read.keys();
            if (!read.through()) {
                unreadable.add(store.getKey());
            }
        }
        return new KeyStateLookup.KeyCount(keys, true, unreadable);
    }

    /**
     * The keys of {@code store} read in order, and whether the read went through them all: whether it reached the
     * store's last key, read from the other end; or, where no key can be read from either end, whether RocksDB's
     * estimate, taken before, counts none.
     */
    private static Read read(ReadOnlyKeyValueStore<byte[], byte[]> store, long estimate) {
        long keys = 0;
        byte[] last = null;
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            while (all.hasNext()) {
                last = all.next().key;
                keys++;
            }
        }
        byte[] top;
        try (KeyValueIterator<byte[], byte[]> down = store.reverseAll()) {
            top = down.hasNext() ? down.next().key : null;
        }
        if (top == null) {
            return new Read(keys, last == null && estimate == 0);
        }
        if (last != null && Arrays.compareUnsigned(top, last) <= 0) {
            return new Read(keys, true);
        }
        // a key past the last one read: either written since, or past where the read stopped, which a read from
        // there to that key stops at again
        return new Read(keys, reaches(store, last, top));
    }

    /** Whether a read of {@code store} from {@code from} (its start when null) reaches key {@code to}. */
    private static boolean reaches(ReadOnlyKeyValueStore<byte[], byte[]> store, byte[] from, byte[] to) {
        byte[] last = null;
        try (KeyValueIterator<byte[], byte[]> range = store.range(from, to)) {
            while (range.hasNext()) {
                last = range.next().key;
            }
        }
        return Arrays.equals(last, to);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** @param through whether the read went through every key of the store */
    private record Read(long keys, boolean through) {
    }
}

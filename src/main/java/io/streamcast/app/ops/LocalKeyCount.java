package io.streamcast.app.ops;

import java.util.ArrayList;
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
 * <p>Each store's read is checked ({@link ReadThrough}); unchecked, a damaged store's keys were left out of the count
 * without a sign.
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

    /** The keys of {@code store} read in order, and whether the read went through them all ({@link ReadThrough}). */
    private static Read read(ReadOnlyKeyValueStore<byte[], byte[]> store, long estimate) {
        long keys = 0;
        byte[] last = null;
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            while (all.hasNext()) {
                last = all.next().key;
                keys++;
            }
        }
        return new Read(keys, ReadThrough.reachedTheEnd(store, null, last, estimate));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** @param through whether the read went through every key of the store */
    private record Read(long keys, boolean through) {
    }
}

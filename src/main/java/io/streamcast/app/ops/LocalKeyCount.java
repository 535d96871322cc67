package io.streamcast.app.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts the keys in the key-state stores of some partitions, and says which stores it could not read through, and
 * which it could not read now.
 *
 * <p>Each store's read is checked ({@link ReadThrough}); unchecked, a damaged store's keys were left out of the count
 * without a sign. A store that cannot be read now (its partition moved away, or is restored again, since the
 * partitions were listed) is left out of the count and named, and the other stores are counted: before, one such
 * store left the console with no count at all.
 */
final class LocalKeyCount {

    /** Above this many keys in RocksDB's estimate the estimate is given, and no store read. */
    static final long COUNTED = 100_000;

    private LocalKeyCount() {
    }

    /**
     * The keys in the stores of {@code partitions} ({@code stores} gives each): counted when RocksDB estimates at most
     * {@value #COUNTED} in all (its estimate counts every write not yet compacted, so it is far too high for a small,
     * busy store), otherwise the estimate, which reads no key (and so counts a damaged store's keys too). A store that
     * cannot be read now is left out, none of its keys counted, and named.
     *
     * @throws InvalidStateStoreException when no store of {@code partitions} can be read now
     */
    static KeyStateLookup.KeyCount count(Set<Integer> partitions,
                                         IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> byPartition = new LinkedHashMap<>();
        Map<Integer, Long> estimates = new LinkedHashMap<>();
        List<Integer> unavailable = new ArrayList<>();
        InvalidStateStoreException lastUnavailable = null;
        long estimate = 0;
        for (int partition : partitions) {
            try {
                ReadOnlyKeyValueStore<byte[], byte[]> store = stores.apply(partition);
                // taken before any key is read, so that a key it counts is in the store when the store is read
                estimates.put(partition, store.approximateNumEntries());
                byPartition.put(partition, store);
                estimate = saturatedAdd(estimate, estimates.get(partition));
            } catch (InvalidStateStoreException e) {
                unavailable.add(partition);
                lastUnavailable = e;
            }
        }
        if (byPartition.isEmpty()) {
            throw nothingToCount(lastUnavailable);
        }
        if (estimate > COUNTED) {
            return new KeyStateLookup.KeyCount(estimate, false, List.of(), List.copyOf(unavailable));
        }
        long keys = 0;
        List<Integer> unreadable = new ArrayList<>();
        for (Map.Entry<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> store : byPartition.entrySet()) {
            Read read;
            try {
                read = read(store.getValue(), estimates.get(store.getKey()));
            } catch (InvalidStateStoreException e) {
                // closed part way, as its partition moves: the keys it gave are not counted, so that the count leaves
                // out a store named not readable now whole, rather than a part of it nothing tells
                unavailable.add(store.getKey());
                lastUnavailable = e;
                continue;
            }
            keys += read.keys();
            if (!read.through()) {
                unreadable.add(store.getKey());
            }
        }
        if (unavailable.size() == partitions.size()) {
            throw nothingToCount(lastUnavailable);
        }
        return new KeyStateLookup.KeyCount(keys, true, unreadable, unavailable.stream().sorted().toList());
    }

    /** Nothing to count from: unavailable as a whole, as while this instance holds no partition. */
    private static InvalidStateStoreException nothingToCount(InvalidStateStoreException lastUnavailable) {
        return lastUnavailable != null ? lastUnavailable
                : new InvalidStateStoreException("no key-state store to count the keys of");
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

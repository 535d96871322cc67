package io.streamcast.app.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The first keys with a prefix in the key-state stores of some partitions, and the stores that could not be read
 * through the prefix's keys.
 *
 * <p>Each store is read on its own, in key order, up to as many keys as are asked for, of those the caller wants (a key
 * it does not want must not take the place of one it does): the first keys of all are among the first of each; past
 * {@value #SCANNED} keys with the prefix a read stops, a search box's suggestions, not a listing of a large store. The
 * read is checked ({@link ReadThrough}): a damaged table block ends it as if the prefix's keys ended there, so that the
 * keys from there on, or all of them, drop out without a sign. It runs for each request (a search box's suggestions as
 * a key is typed), and its check is cheap: a read that stops on its own at the limit, at {@value #SCANNED} keys, or at
 * the first key past the prefix's, went through every block before it and is not checked; only a read that ran out (the
 * prefix's keys reach the store's end, or the read stopped early) is, with a read of the store's last key from the
 * other end, which goes on only where a key lies past the last one read.
 */
final class LocalKeysWithPrefix {

    /** The most keys with the prefix read from one store, wanted or not. */
    static final int SCANNED = 1_000;

    private LocalKeysWithPrefix() {
    }

    /**
     * Up to {@code limit} keys whose bytes start with {@code prefix} and that {@code wanted} takes, in the stores of
     * {@code partitions} ({@code stores} gives each), the first in byte order.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while a store cannot be read
     */
    static KeyStateLookup.KeysWithPrefix find(byte[] prefix, int limit, Predicate<byte[]> wanted,
                                              Set<Integer> partitions,
                                              IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        // a key can be in two stores: an earlier state of it stays in another partition's store after the events
        // topic gained partitions
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        List<Integer> unreadable = new ArrayList<>();
        for (int partition : partitions) {
            if (!read(stores.apply(partition), prefix, limit, wanted, keys)) {
                unreadable.add(partition);
            }
        }
        return new KeyStateLookup.KeysWithPrefix(keys.stream().limit(limit).toList(), unreadable);
    }

    /**
     * Adds the first {@code limit} keys of {@code store} that start with {@code prefix} and that {@code wanted} takes
     * to {@code keys}, and says whether the read went through them.
     */
    private static boolean read(ReadOnlyKeyValueStore<byte[], byte[]> store, byte[] prefix, int limit,
                                Predicate<byte[]> wanted, Set<byte[]> keys) {
        // taken before any key is read, so that a key it counts is in the store when the store is read
        long estimate = store.approximateNumEntries();
        byte[] last = null;
        int found = 0;
        int read = 0;
        try (KeyValueIterator<byte[], byte[]> up = store.range(prefix, null)) {
            while (found < limit && read < SCANNED && up.hasNext()) {
                byte[] key = up.next().key;
                if (!startsWith(key, prefix)) {
                    return true;
                }
                last = key;
                read++;
                if (wanted.test(key)) {
                    keys.add(key);
                    found++;
                }
            }
        }
        return found == limit || read == SCANNED || ReadThrough.reachedTheEnd(store, prefix, last, estimate);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}

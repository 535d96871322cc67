package io.streamcast.app.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The first keys with a prefix in the key-state stores of some partitions, and the stores that were not read through
 * the prefix's keys: damaged, cut short, or not readable now.
 *
 * <p>Each store is read on its own, in key order, up to as many keys as are asked for, of those the caller wants (a key
 * it does not want must not take the place of one it does): the first keys of all are among the first of each; past
 * {@value #SCANNED} keys with the prefix a read stops, a search box's suggestions, not a listing of a large store. A
 * read stopped so while keys with the prefix remain is cut short: the keys it did not reach are not looked at, and
 * typing more of the key reaches them. The read is checked ({@link ReadThrough}): a damaged table block ends it as if
 * the prefix's keys ended there, so that the keys from there on, or all of them, drop out without a sign. It runs for
 * each request (a search box's suggestions as a key is typed), and its check is cheap: a read that stops on its own at
 * the limit, at {@value #SCANNED} keys with another after them, or at the first key past the prefix's, went through
 * every block before it and is not checked; only a read that ran out (the prefix's keys reach the store's end, or the
 * read stopped early) is, with a read of the store's last key from the other end, which goes on only where a key lies
 * past the last one read.
 */
final class LocalKeysWithPrefix {

    /** The most keys with the prefix read from one store, wanted or not. */
    static final int SCANNED = 1_000;

    private LocalKeysWithPrefix() {
    }

    /**
     * Up to {@code limit} keys whose bytes start with one of {@code prefixes} and that {@code wanted} takes, in the
     * stores of {@code partitions} ({@code stores} gives each), the first in byte order. Each store is looked up once
     * and read for every prefix, so that one request reads one set of stores: looked up per prefix, a store could
     * answer one prefix and be gone for the next. A store that cannot be read now (its partition moved away, or is
     * restored again, since {@code partitions} were listed, or closed while it was read) is named, none of its keys
     * given, and the others answer.
     *
     * @throws InvalidStateStoreException when no store of {@code partitions} can be read now
     */
    static KeyStateLookup.KeysWithPrefix find(List<byte[]> prefixes, int limit, Predicate<byte[]> wanted,
                                              Set<Integer> partitions,
                                              IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        // a key can be in two stores: an earlier state of it stays in another partition's store after the events
        // topic gained partitions; and two prefixes can find one key
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        List<Integer> unreadable = new ArrayList<>();
        List<Integer> unavailable = new ArrayList<>();
        List<Integer> truncated = new ArrayList<>();
        InvalidStateStoreException lastUnavailable = null;
        for (int partition : partitions) {
            try {
                ReadOnlyKeyValueStore<byte[], byte[]> store = stores.apply(partition);
                Set<Read> reads = EnumSet.noneOf(Read.class);
                List<byte[]> storeKeys = new ArrayList<>();
                for (byte[] prefix : prefixes) {
                    reads.add(read(store, prefix, limit, wanted, storeKeys));
                }
                keys.addAll(storeKeys);
                if (reads.contains(Read.STOPPED_EARLY)) {
                    unreadable.add(partition);
                }
                if (reads.contains(Read.CUT_SHORT)) {
                    truncated.add(partition);
                }
            } catch (InvalidStateStoreException e) {
                // closed part way, as its partition moves: the keys it gave are left out, as the key count leaves
                // them out, so that a store named not readable now is left out whole rather than in a part nothing
                // tells
                unavailable.add(partition);
                lastUnavailable = e;
            }
        }
        if (lastUnavailable != null && unavailable.size() == partitions.size()) {
            // nothing to answer from: the whole request is unavailable, as while this instance holds no partition
            throw lastUnavailable;
        }
        return new KeyStateLookup.KeysWithPrefix(keys.stream().limit(limit).toList(), unreadable, unavailable,
                truncated);
    }

    /**
     * Adds the first {@code limit} keys of {@code store} that start with {@code prefix} and that {@code wanted} takes
     * to {@code keys}, and says how far the read went.
     */
    private static Read read(ReadOnlyKeyValueStore<byte[], byte[]> store, byte[] prefix, int limit,
                             Predicate<byte[]> wanted, List<byte[]> keys) {
        // taken before any key is read, so that a key it counts is in the store when the store is read
        long estimate = store.approximateNumEntries();
        byte[] last = null;
        int found = 0;
        int read = 0;
        try (KeyValueIterator<byte[], byte[]> up = store.range(prefix, null)) {
            while (found < limit && read < SCANNED && up.hasNext()) {
                byte[] key = up.next().key;
                if (!startsWith(key, prefix)) {
                    return Read.THROUGH;
                }
                last = key;
                read++;
                if (wanted.test(key)) {
                    keys.add(key);
                    found++;
                }
            }
            if (found < limit && read == SCANNED && up.hasNext()) {
                // the key after the last one read tells whether the prefix's keys go on past the cap
                return startsWith(up.next().key, prefix) ? Read.CUT_SHORT : Read.THROUGH;
            }
        }
        return found == limit || ReadThrough.reachedTheEnd(store, prefix, last, estimate) ? Read.THROUGH
                : Read.STOPPED_EARLY;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** How far a store's read went through the prefix's keys. */
    private enum Read {
        /** Through every key with the prefix it needed to read. */
        THROUGH,
        /** Stopped at {@value LocalKeysWithPrefix#SCANNED} keys while keys with the prefix remain, not looked at. */
        CUT_SHORT,
        /** Ran out before the store's end: a damaged table block. */
        STOPPED_EARLY
    }
}

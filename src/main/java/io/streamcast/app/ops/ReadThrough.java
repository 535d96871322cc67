package io.streamcast.app.ops;

import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Whether a read of a key-state store in key order that ran out went through to the store's end, or stopped early.
 *
 * <p>Why a read must be checked: a RocksDB iterator that meets a damaged table block ends as if the store ended there
 * (Kafka Streams' iterators do not ask RocksDB why they ended), so a damaged store's keys drop out of a read without a
 * sign. The predictor only ever puts a key's state, never deletes it, so a key a store held once it holds for good: a
 * read that misses a key seen in the store, or finds none where RocksDB's estimate says there are some, stopped early.
 *
 * <p>The check reads the store's last key from the other end, one seek to the store's last table block; only when
 * that key lies past the last key read does it read more: from the last key read to it, which in a whole store are the
 * keys written since the read ran out, and in a damaged one stops again at the damage.
 */
final class ReadThrough {

    private ReadThrough() {
    }

    /**
     * Whether a read of {@code store} in key order from {@code from} (its start when null), which ran out after key
     * {@code last} (null when it found none), reached the store's end: whether no key lies past {@code last} (past
     * {@code from} when it found none) read from the other end, or a read from there reaches the store's last key; or,
     * where no key can be read from the other end, whether {@code estimate}, RocksDB's estimate of the store's keys
     * taken before the read, counts none.
     */
    static boolean reachedTheEnd(ReadOnlyKeyValueStore<byte[], byte[]> store, byte[] from, byte[] last,
                                 long estimate) {
        byte[] top;
        try (KeyValueIterator<byte[], byte[]> down = store.reverseAll()) {
            top = down.hasNext() ? down.next().key : null;
        }
        if (top == null) {
            return last == null && estimate == 0;
        }
        if (last != null ? Arrays.compareUnsigned(top, last) <= 0
                : from != null && Arrays.compareUnsigned(top, from) < 0) {
            return true;
        }
        // a key past the last one read: either written since, or past where the read stopped, which a read from
        // there to that key stops at again
        return reaches(store, last != null ? last : from, top);
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
}

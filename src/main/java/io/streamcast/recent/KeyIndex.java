package io.streamcast.recent;

import java.util.Arrays;

/**
 * Maps keys, as the bytes of the records' keys, to slot numbers in preallocated arrays (open addressing, linear
 * probing, deletion by shifting the following entries back), so that finding, adding and forgetting a key
 * allocates nothing. The key arrays are kept, not copied: a record's key is never changed once read.
 */
final class KeyIndex {

    private final byte[][] keys;
    private final int[] slots;
    private final int mask;

    /** @param capacity the most keys held at once; the table is at most half full */
    KeyIndex(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new byte[size][];
        slots = new int[size];
        mask = size - 1;
    }

    /** The slot of {@code key}, or -1. */
    int get(byte[] key) {
        for (int i = home(key); keys[i] != null; i = (i + 1) & mask) {
            if (Arrays.equals(keys[i], key)) {
                return slots[i];
            }
        }
        return -1;
    }

    /** Adds {@code key}, which must not be present. */
    void put(byte[] key, int slot) {
        int i = home(key);
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        slots[i] = slot;
    }

    void remove(byte[] key) {
        int i = home(key);
        while (keys[i] != null && !Arrays.equals(keys[i], key)) {
            i = (i + 1) & mask;
        }
        if (keys[i] == null) {
            return;
        }
        keys[i] = null;
        // Move back every following entry of the run whose home is not between the hole and its position.
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = home(keys[j]);
            boolean staysPut = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!staysPut) {
                keys[i] = keys[j];
                slots[i] = slots[j];
                keys[j] = null;
                i = j;
            }
        }
    }

    private int home(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}

package io.streamcast.recent;

import java.util.Arrays;

/**
 * Maps keys to slot numbers in preallocated arrays (open addressing, linear probing, deletion by shifting the
 * following entries back), so that finding, adding and forgetting a key allocates nothing.
 */
final class KeyIndex {

    private final String[] keys;
    private final int[] slots;
    private final int mask;

    /** @param capacity the most keys held at once; the table is at most half full */
    KeyIndex(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new String[size];
        slots = new int[size];
        mask = size - 1;
    }

    /** The slot of {@code key}, or -1. */
    int get(String key) {
        for (int i = home(key); keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(key)) {
                return slots[i];
            }
        }
        return -1;
    }

    /** Adds {@code key}, which must not be present. */
    void put(String key, int slot) {
        int i = home(key);
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        slots[i] = slot;
    }

    void remove(String key) {
        int i = home(key);
        while (keys[i] != null && !keys[i].equals(key)) {
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

    void clear() {
        Arrays.fill(keys, null);
    }

    private int home(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}

package io.streamcast.training;

import io.streamcast.schema.TrainingSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The trainer's bounded set of recent training windows from all keys. Each window has an id that grows with
 * arrival. Old data gives way to new, yet no busy key can crowd the others out: a key holds at most
 * {@code perKeyCapacity} windows (its oldest go first), and when the whole set is over {@code capacity}, the
 * oldest window of the key holding the most windows goes.
 *
 * <p>A window may be held without being usable ({@link #add(long, TrainingSample, boolean)}): one stored under another
 * value dimension, which a restart with the setting it was stored under trains on again. It takes its place and gives
 * way like any other, so such windows age out as new ones arrive, but rounds neither see nor count it.
 */
public final class TrainingSet {

    private final int capacity;
    private final int perKeyCapacity;
    private final TreeMap<Long, Entry> byId = new TreeMap<>();
    private int usable;
    private final Map<String, Deque<Long>> idsByKey = new HashMap<>();
    /**
     * Every key with windows, the one to give way first at the head: most windows, then the oldest window. Kept
     * ordered as windows come and go, so finding it costs a logarithm of the keys rather than a pass over them,
     * which a stream thread would otherwise make for every window once the set is full.
     */
    private final TreeSet<Rank> ranks = new TreeSet<>(Comparator.comparingInt(Rank::windows).reversed()
            .thenComparingLong(Rank::oldest));

    /** {@code sample} is null for an unusable window. */
    private record Entry(String key, TrainingSample sample, boolean usable) {
    }

    /** A key's place in the eviction order; window ids are unique, so no two keys share a rank. */
    private record Rank(String key, int windows, long oldest) {
    }

    public TrainingSet(int capacity, int perKeyCapacity) {
        if (capacity < 1 || perKeyCapacity < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.capacity = capacity;
        this.perKeyCapacity = perKeyCapacity;
    }

    /**
     * Adds a window under {@code id} (larger than every id added before) and returns the ids of the windows
     * dropped to stay within bounds, possibly including {@code id} itself.
     */
    public List<Long> add(long id, TrainingSample sample) {
        return add(id, sample, true);
    }

    /** As {@link #add(long, TrainingSample)}; an unusable window is held, but left out of {@link #windows}. */
    public List<Long> add(long id, TrainingSample sample, boolean usable) {
        if (!byId.isEmpty() && id <= byId.lastKey()) {
            throw new IllegalArgumentException("window ids must grow: " + id + " after " + byId.lastKey());
        }
        String key = sample.getKey();
        // an unusable window's sample is no round's, and may be of more values per event than the heap was
        // measured for (training.set.capacity windows of value.dimension): the store keeps it, the set its place
        byId.put(id, new Entry(key, usable ? sample : null, usable));
        if (usable) {
            this.usable++;
        }
        Deque<Long> ids = idsByKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        unrank(key, ids);
        ids.addLast(id);
        rank(key, ids);
        List<Long> evicted = new ArrayList<>();
        if (ids.size() > perKeyCapacity) {
            evicted.add(removeOldestOf(key));
        }
        while (byId.size() > capacity) {
            evicted.add(removeOldestOf(busiestKey()));
        }
        return evicted;
    }

    private String busiestKey() {
        return ranks.first().key();
    }

    private long removeOldestOf(String key) {
        Deque<Long> ids = idsByKey.get(key);
        unrank(key, ids);
        long id = ids.removeFirst();
        if (ids.isEmpty()) {
            idsByKey.remove(key);
        } else {
            rank(key, ids);
        }
        if (byId.remove(id).usable()) {
            usable--;
        }
        return id;
    }

    private void rank(String key, Deque<Long> ids) {
        ranks.add(new Rank(key, ids.size(), ids.peekFirst()));
    }

    private void unrank(String key, Deque<Long> ids) {
        if (!ids.isEmpty()) {
            ranks.remove(new Rank(key, ids.size(), ids.peekFirst()));
        }
    }

    /** The windows held, usable or not: what the capacity bounds. */
    public int size() {
        return byId.size();
    }

    /** The usable windows held: those a round trains on. */
    public int usable() {
        return usable;
    }

    public int keys() {
        return idsByKey.size();
    }

    /** The keys of the usable windows: those a round trains on. */
    public int usableKeys() {
        Set<String> keys = new HashSet<>();
        for (Entry entry : byId.values()) {
            if (entry.usable()) {
                keys.add(entry.key());
            }
        }
        return keys.size();
    }

    /** The usable windows, oldest first. */
    public List<TrainingSample> windows() {
        List<TrainingSample> windows = new ArrayList<>(usable);
        for (Entry entry : byId.values()) {
            if (entry.usable()) {
                windows.add(entry.sample());
            }
        }
        return windows;
    }
}

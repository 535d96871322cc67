package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.schema.TrainingSample;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingSetTest {

    private static TrainingSample sample(String key, int marker) {
        ByteBuffer values = ByteBuffer.allocate(4).putFloat(0, marker);
        return new TrainingSample(key, 1, ByteBuffer.allocate(8), values, ByteBuffer.allocate(0),
                ByteBuffer.allocate(0));
    }

    private static List<String> keys(TrainingSet set) {
        return set.windows().stream().map(TrainingSample::getKey).toList();
    }

    @Test
    void shouldDropAKeysOldestWindowBeyondItsCapacity() {
        TrainingSet set = new TrainingSet(100, 2);
        set.add(1, sample("a", 1));
        set.add(2, sample("a", 2));

        List<Long> evicted = set.add(3, sample("a", 3));

        assertThat(evicted).containsExactly(1L);
        assertThat(set.windows()).extracting(w -> w.getValues().getFloat(0)).containsExactly(2f, 3f);
    }

    @Test
    void shouldKeepEveryKeyWhenTheSetIsFullByDroppingFromTheBusiestKey() {
        TrainingSet set = new TrainingSet(4, 10);
        set.add(1, sample("busy", 1));
        set.add(2, sample("busy", 2));
        set.add(3, sample("busy", 3));
        set.add(4, sample("quiet", 4));

        List<Long> evicted = set.add(5, sample("new", 5));

        assertThat(evicted).containsExactly(1L);
        assertThat(keys(set)).containsExactly("busy", "busy", "quiet", "new");
        assertThat(set.keys()).isEqualTo(3);
    }

    @Test
    void shouldDropTheOldestAmongEquallyBusyKeys() {
        TrainingSet set = new TrainingSet(4, 10);
        set.add(1, sample("b", 1));
        set.add(2, sample("a", 2));
        set.add(3, sample("a", 3));
        set.add(4, sample("b", 4));

        assertThat(set.add(5, sample("c", 5))).containsExactly(1L);
        assertThat(set.size()).isEqualTo(4);
    }

    /**
     * Thousands of windows from keys of very different rates, against the rule written out plainly: a key over its
     * capacity loses its oldest window; while the set is over its capacity, the key with the most windows (the
     * one with the oldest window among equals) loses its oldest.
     */
    @Test
    void shouldEvictExactlyAsThePlainRuleSaysOverManyKeysOfDifferentRates() {
        int capacity = 64;
        int perKey = 8;
        TrainingSet set = new TrainingSet(capacity, perKey);
        Map<String, List<Long>> plain = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (long id = 1; id <= 5_000; id++) {
            // A few busy keys and many quiet ones.
            String key = random.nextInt(4) == 0 ? "busy-" + random.nextInt(3) : "quiet-" + random.nextInt(200);
            List<Long> expected = new ArrayList<>();
            plain.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            if (plain.get(key).size() > perKey) {
                expected.add(removeOldest(plain, key));
            }
            while (plain.values().stream().mapToInt(List::size).sum() > capacity) {
                String busiest = null;
                for (Map.Entry<String, List<Long>> e : plain.entrySet()) {
                    if (busiest == null || e.getValue().size() > plain.get(busiest).size()
                            || (e.getValue().size() == plain.get(busiest).size()
                                && e.getValue().get(0) < plain.get(busiest).get(0))) {
                        busiest = e.getKey();
                    }
                }
                expected.add(removeOldest(plain, busiest));
            }

            assertThat(set.add(id, sample(key, (int) id))).as("evicted when adding %d", id).isEqualTo(expected);
        }
        assertThat(set.size()).isEqualTo(capacity);
        assertThat(set.keys()).isEqualTo(plain.size());
    }

    private static long removeOldest(Map<String, List<Long>> windows, String key) {
        List<Long> ids = windows.get(key);
        long oldest = ids.remove(0);
        if (ids.isEmpty()) {
            windows.remove(key);
        }
        return oldest;
    }

    /** Capacities of one window are the smallest allowed: the set keeps the newest window alone. */
    @Test
    void shouldKeepOnlyTheNewestWindowWithCapacitiesOfOne() {
        TrainingSet set = new TrainingSet(1, 1);
        assertThat(set.add(1, sample("a", 1))).isEmpty();
        assertThat(set.add(2, sample("a", 2))).containsExactly(1L);
        assertThat(set.add(3, sample("b", 3))).containsExactly(2L);
        assertThat(keys(set)).containsExactly("b");
    }

    /**
     * A window held unusable (stored under another value dimension) is no window a round gets or counts, yet it takes
     * its place and gives way like any other, so such windows age out as new ones arrive.
     */
    @Test
    void shouldHoldAnUnusableWindowOutOfTheRoundsAndLetItAgeOutLikeAnyOther() {
        TrainingSet set = new TrainingSet(3, 2);
        assertThat(set.add(1, sample("a", 1), false)).isEmpty();
        assertThat(set.add(2, sample("b", 2), false)).isEmpty();
        assertThat(set.add(3, sample("b", 3))).isEmpty();

        assertThat(set.windows()).extracting(w -> w.getValues().getFloat(0)).containsExactly(3f);
        assertThat(set.usable()).isEqualTo(1);
        assertThat(set.size()).isEqualTo(3);

        assertThat(set.add(4, sample("b", 4))).as("b's oldest, unusable").containsExactly(2L);
        assertThat(set.add(5, sample("c", 5))).as("the set is full: the oldest of the busiest, b").containsExactly(3L);
        assertThat(set.add(6, sample("d", 6))).as("a's, unusable, the oldest of the equally busy").containsExactly(1L);
        assertThat(set.windows()).extracting(w -> w.getValues().getFloat(0)).containsExactly(4f, 5f, 6f);
        assertThat(set.usable()).isEqualTo(3);
    }

    /**
     * An unusable window may hold more values per event than value.dimension, which the heap check measured
     * training.set.capacity windows at: the set keeps its place, not its values (the trainer's store keeps those).
     */
    @Test
    void shouldNotKeepAnUnusableWindowsValuesInMemory() {
        TrainingSet set = new TrainingSet(3, 3);
        WeakReference<TrainingSample> unusable = addUnusable(set, 1);
        set.add(2, sample("a", 2));
        for (int i = 0; i < 100 && unusable.get() != null; i++) {
            System.gc();
        }
        assertThat(unusable.get()).as("collected").isNull();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.windows()).extracting(w -> w.getValues().getFloat(0)).containsExactly(2f);
    }

    private static WeakReference<TrainingSample> addUnusable(TrainingSet set, long id) {
        TrainingSample sample = sample("a", (int) id);
        set.add(id, sample, false);
        return new WeakReference<>(sample);
    }

    @Test
    void shouldRefuseCapacitiesBelowOne() {
        assertThatThrownBy(() -> new TrainingSet(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrainingSet(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseIdsThatDoNotGrow() {
        TrainingSet set = new TrainingSet(4, 4);
        set.add(7, sample("a", 1));
        assertThatThrownBy(() -> set.add(7, sample("a", 2))).isInstanceOf(IllegalArgumentException.class);
    }
}

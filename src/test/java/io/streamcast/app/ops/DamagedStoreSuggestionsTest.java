package io.streamcast.app.ops;

import static io.streamcast.app.ops.LocalKeyStateStores.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search box's suggestions, keys found by a prefix in the local key-state stores, when one of them is damaged:
 * RocksDB's iterator ends quietly at a damaged block, so a damaged store's keys would drop out of the suggestions
 * without a sign, and a prefix whose keys all lie in the damage would look as if no key had it. The suggestions must
 * name such a store, and only such a store. The stores are Kafka Streams' RocksDB stores with the instance's settings
 * ({@link LocalKeyStateStores}).
 */
class DamagedStoreSuggestionsTest {

    private static final String[] MACHINES = IntStream.range(0, 3_000).mapToObj(k -> String.format("machine-%04d", k))
            .toArray(String[]::new);

    @TempDir
    Path stateDir;
    private LocalKeyStateStores local;

    @BeforeEach
    void openStateDirectory() {
        local = new LocalKeyStateStores(stateDir);
    }

    @AfterEach
    void closeStores() {
        local.close();
    }

    @Test
    void shouldSuggestTheReadableStoresKeysAndNameTheStoreThatCannotBeRead() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump-1", "pump-2", "valve"),
                1, local.readable(1, "pump-3", "gauge"));

        KeyStateLookup.KeysWithPrefix found = find("pump-", 20, stores);

        assertThat(texts(found)).containsExactly("pump-3");
        assertThat(found.unreadable()).containsExactly(0);
    }

    /**
     * A fault in the middle of a table file: a prefix whose keys run into the damage, or lie in it, names the store;
     * one whose keys lie before or after it, read whole, does not.
     */
    @Test
    void shouldNameAStoreOnlyForPrefixesWhoseKeysTheDamageCuts() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "gauge", "meter"), 1,
                local.damagedInTheMiddle(1, MACHINES));

        KeyStateLookup.KeysWithPrefix runningIn = find("machine-", MACHINES.length, stores);
        KeyStateLookup.KeysWithPrefix within = find("machine-15", 20, stores);

        assertThat(runningIn.unreadable()).containsExactly(1);
        assertThat(runningIn.keys()).as("the keys before the damage").isNotEmpty().hasSizeLessThan(MACHINES.length);
        assertThat(within.unreadable()).containsExactly(1);
        assertThat(within.keys()).as("keys 1500 to 1599, in the damaged middle third").isEmpty();
        assertThat(texts(find("machine-00", 20, stores))).hasSize(20).first().isEqualTo("machine-0000");
        assertThat(find("machine-00", 20, stores).unreadable()).isEmpty();
        assertThat(texts(find("machine-299", 20, stores))).hasSize(10).first().isEqualTo("machine-2990");
        assertThat(find("machine-299", 20, stores).unreadable()).isEmpty();
    }

    /** The first keys of all stores in byte order, whichever store holds them, each once. */
    @Test
    void shouldSuggestTheFirstKeysOfAllStores() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-4", "pump-5", "pump-6"),
                1, local.readable(1, "pump-1", "pump-3", "pump-5"), 2, local.readable(2, "pump-2"));

        KeyStateLookup.KeysWithPrefix found = find("pump-", 4, stores);

        assertThat(texts(found)).containsExactly("pump-1", "pump-2", "pump-3", "pump-4");
        assertThat(found.unreadable()).isEmpty();
    }

    /** Prefixes before, between and after the keys, the empty prefix, and an empty store name no store. */
    @Test
    void shouldNameNoStoreThatIsWhole() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "gauge", "pump", "valve"),
                1, local.readable(1, "meter"), 2, local.open(2));

        for (String prefix : List.of("a", "h", "pumps", "z", "valve", "")) {
            assertThat(find(prefix, 20, stores).unreadable()).as("prefix '%s'", prefix).isEmpty();
        }
        assertThat(texts(find("", 20, stores))).containsExactly("gauge", "meter", "pump", "valve");
        assertThat(texts(find("valve", 20, stores))).containsExactly("valve");
    }

    /**
     * The stream thread writes on while the suggestions are read: a key written past the last one read, between the
     * read in order and the check from the other end, is no damage.
     */
    @Test
    void shouldNotTakeAKeyWrittenDuringTheReadForDamage() {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> stores = Map.of(
                0, local.writingWhileReadFromTheEnd(local.readable(0, "gauge", "pump-1"), "zone"),
                1, local.writingWhileReadFromTheEnd(local.open(1), "pump-2"));

        KeyStateLookup.KeysWithPrefix found = find("pump-", 20, stores);

        assertThat(texts(found)).containsExactly("pump-1");
        assertThat(found.unreadable()).isEmpty();
    }

    /**
     * Keys the caller does not want (the console's, whose text does not read as what was typed) do not take the places
     * of those it does; a read that runs out among them is checked all the same.
     */
    @Test
    void shouldReadPastTheKeysNotWanted() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-1", "pump-2",
                "pump-3x", "pump-4", "pump-5x"), 1, local.readable(1, "pump-6x"));
        Predicate<byte[]> endingInX = key -> key[key.length - 1] == 'x';

        KeyStateLookup.KeysWithPrefix found = LocalKeysWithPrefix.find(List.of(bytes("pump-")), 2, endingInX,
                new TreeSet<>(stores.keySet()), stores::get);

        assertThat(texts(found)).containsExactly("pump-3x", "pump-5x");
        assertThat(found.unreadable()).isEmpty();
        Map<Integer, KeyValueStore<byte[], byte[]>> damaged = Map.of(0, local.damaged(2, "pump-1x", "pump-2"));
        assertThat(LocalKeysWithPrefix.find(List.of(bytes("pump-")), 2, endingInX, Set.of(0), damaged::get)
                .unreadable()).containsExactly(0);
    }

    /** Finds keys in the stores as an instance does, which holds their partitions. */
    private static KeyStateLookup.KeysWithPrefix find(String prefix, int limit,
                                                      Map<Integer, ? extends ReadOnlyKeyValueStore<byte[], byte[]>>
                                                              stores) {
        return LocalKeysWithPrefix.find(List.of(bytes(prefix)), limit, key -> true, new TreeSet<>(stores.keySet()),
                stores::get);
    }

    private static List<String> texts(KeyStateLookup.KeysWithPrefix found) {
        return found.keys().stream().map(key -> new String(key, StandardCharsets.UTF_8)).toList();
    }
}

package io.streamcast.app.ops;

import static io.streamcast.app.ops.LocalKeyStateStores.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search box's suggestions when a store's keys with the prefix are not all read, for other reasons than damage:
 * the read's cap of 1,000 keys with the prefix, reached among keys the caller does not want (the console's while an
 * escape is typed), and a partition that moves away, or whose store closes, between the listing of this instance's
 * partitions and the read of its store. Either way the other stores answer and the store is named, where before the
 * keys past the cap dropped out without a word, and a moved partition made the whole request unavailable. The stores
 * are Kafka Streams' RocksDB stores with the instance's settings ({@link LocalKeyStateStores}).
 */
class PartlyReadSuggestionsTest {

    /** Keys "pump-0000" to "pump-0999": as many as a read takes from one store. */
    private static final String[] THOUSAND = IntStream.range(0, 1_000).mapToObj(k -> String.format("pump-%04d", k))
            .toArray(String[]::new);
    private static final Predicate<byte[]> ENDING_IN_X = key -> key[key.length - 1] == 'x';

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

    /**
     * A store with a wanted key past 1,000 unwanted ones with the prefix is named, its key not looked at; one whose
     * 1,000 keys with the prefix are followed by a key past the prefix's, or by the store's end, was read through.
     */
    @Test
    void shouldNameAStoreWhoseKeysWithThePrefixGoOnPastTheCap() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(
                0, local.readable(0, with(THOUSAND, "pump-1000x")),
                1, local.readable(1, with(THOUSAND, "valve-x")),
                2, local.readable(2, THOUSAND),
                3, local.readable(3, "pump-7x"));

        KeyStateLookup.KeysWithPrefix found = find("pump-", stores::get, stores.size());

        assertThat(texts(found)).containsExactly("pump-7x");
        assertThat(found.truncated()).containsExactly(0);
        assertThat(found.unreadable()).isEmpty();
        assertThat(found.unavailable()).isEmpty();
    }

    /** A wanted key among the first 1,000 does not make the read whole: keys past the cap may be wanted too. */
    @Test
    void shouldNameAStoreCutShortThoughItGaveSomeKeys() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(
                0, local.readable(0, with(with(THOUSAND, "pump-0500x"), "pump-1000x")));

        KeyStateLookup.KeysWithPrefix found = find("pump-", stores::get, stores.size());

        assertThat(texts(found)).containsExactly("pump-0500x");
        assertThat(found.truncated()).containsExactly(0);
    }

    /**
     * A partition that moved away once the partitions were listed (Kafka Streams then refuses its store) is named
     * as not readable now, apart from damaged ones, and the other stores answer.
     */
    @Test
    void shouldAnswerFromTheOtherStoresWhenAPartitionMovedAway() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-1x", "gauge"),
                2, local.readable(2, "pump-3x"));
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> withoutPartition1 = partition -> {
            if (partition == 1) {
                throw new InvalidStateStoreException("The specified partition 1 for store key-state does not exist.");
            }
            return stores.get(partition);
        };

        KeyStateLookup.KeysWithPrefix found = find("pump-", withoutPartition1, 3);

        assertThat(texts(found)).containsExactly("pump-1x", "pump-3x");
        assertThat(found.unavailable()).containsExactly(1);
        assertThat(found.unreadable()).isEmpty();
        assertThat(found.truncated()).isEmpty();
    }

    /** A store closed as its partition moves away, after Kafka Streams handed it out, refuses its read. */
    @Test
    void shouldAnswerFromTheOtherStoresWhenAStoreClosesBeforeItIsRead() {
        KeyValueStore<byte[], byte[]> closing = local.readable(1, "pump-2x");
        closing.close();
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-1x"), 1, closing);

        KeyStateLookup.KeysWithPrefix found = find("pump-", stores::get, stores.size());

        assertThat(texts(found)).containsExactly("pump-1x");
        assertThat(found.unavailable()).containsExactly(1);
        assertThat(found.unreadable()).isEmpty();
    }

    /**
     * A store that closes part way through its read (its partition moving away) gives none of its keys, and is named
     * as not readable now, as the key count leaves such a store out whole: the keys it gave before it closed are no
     * sign of those it did not.
     */
    @Test
    void shouldLeaveOutEveryKeyOfAStoreThatClosesWhileItIsRead() {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-1x"),
                1, local.closingWhileRead(local.readable(1, "pump-2x", "pump-3x", "pump-4x"), 2));

        KeyStateLookup.KeysWithPrefix found = find("pump-", stores::get, stores.size());

        assertThat(texts(found)).containsExactly("pump-1x");
        assertThat(found.unavailable()).containsExactly(1);
        assertThat(found.unreadable()).isEmpty();
        assertThat(found.truncated()).isEmpty();
    }

    /** A store that closes while its second prefix is read gives none of the keys its first prefix found either. */
    @Test
    void shouldLeaveOutTheKeysOfEveryPrefixOfAStoreThatClosesWhileItIsRead() {
        Map<Integer, ReadOnlyKeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "valve-1x"),
                1, local.closingWhileRead(local.readable(1, "pump-2x", "valve-2x", "valve-3x", "valve-4x"), 2));

        KeyStateLookup.KeysWithPrefix found = LocalKeysWithPrefix.find(List.of(bytes("pump-"), bytes("valve-")), 20,
                ENDING_IN_X, new TreeSet<>(stores.keySet()), stores::get);

        assertThat(texts(found)).containsExactly("valve-1x");
        assertThat(found.unavailable()).containsExactly(1);
    }

    /**
     * The console's two prefixes of one request (the typed text's UTF-8 and, for text with an escape, the bytes it
     * writes out) are read from one look-up of each store: stores that move away once they were looked up leave an
     * answer from both prefixes, where a look-up per prefix found them gone for the second and made the request
     * unavailable.
     */
    @Test
    void shouldReadEveryPrefixFromOneLookUpOfEachStore() {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.readable(0, "pump-1x", "valve-1x"),
                1, local.readable(1, "valve-2x"));
        Set<Integer> lookedUp = new HashSet<>();
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> movingAwayOnceLookedUp = partition -> {
            if (!lookedUp.add(partition)) {
                throw new InvalidStateStoreException("The specified partition " + partition + " for store key-state"
                        + " does not exist.");
            }
            return stores.get(partition);
        };

        KeyStateLookup.KeysWithPrefix found = LocalKeysWithPrefix.find(List.of(bytes("pump-"), bytes("valve-")), 20,
                ENDING_IN_X, new TreeSet<>(stores.keySet()), movingAwayOnceLookedUp);

        assertThat(texts(found)).containsExactly("pump-1x", "valve-1x", "valve-2x");
        assertThat(found.unavailable()).isEmpty();
    }

    /** With no store to answer from, the whole request is unavailable, as while this instance holds no partition. */
    @Test
    void shouldBeUnavailableWhenNoStoreCanBeRead() {
        IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> none = partition -> {
            throw new InvalidStateStoreException("The specified partition " + partition + " for store key-state does"
                    + " not exist.");
        };

        assertThatThrownBy(() -> find("pump-", none, 2)).isInstanceOf(InvalidStateStoreException.class);
    }

    /** Up to 20 keys ending in x found in partitions 0 to {@code partitions} - 1, as the console asks while typing. */
    private static KeyStateLookup.KeysWithPrefix find(String prefix,
                                                      IntFunction<? extends ReadOnlyKeyValueStore<byte[], byte[]>>
                                                              stores, int partitions) {
        return LocalKeysWithPrefix.find(List.of(bytes(prefix)), 20, ENDING_IN_X,
                new TreeSet<>(IntStream.range(0, partitions).boxed().toList()), stores::apply);
    }

    private static String[] with(String[] keys, String key) {
        return Stream.concat(Stream.of(keys), Stream.of(key)).toArray(String[]::new);
    }

    private static List<String> texts(KeyStateLookup.KeysWithPrefix found) {
        return found.keys().stream().map(key -> new String(key, StandardCharsets.UTF_8)).toList();
    }
}

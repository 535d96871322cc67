package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.KeyStateFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code application.server} a key is searched for in every local key-state store, one at a time once one of
 * them cannot be read: a key found in a readable store is answered (200), a key in none of the stores read is
 * unavailable (503, worth retrying) while a store it could be in cannot be read now, and unreadable (500, a retry no
 * help) only when each store it could be in is damaged. The stores are Kafka Streams' RocksDB stores with the
 * instance's settings ({@link LocalKeyStateStores}).
 */
class DamagedStoreSearchTest {

    @TempDir
    Path stateDir;
    private LocalKeyStateStores local;
    /** The search reads only the stores it is given, never the streams'. */
    private KeyStateLookup lookup;

    @BeforeEach
    void openStateDirectory() {
        local = new LocalKeyStateStores(stateDir);
        StreamcastConfig config = local.config();
        lookup = new KeyStateLookup(null, null, config.inputSpec(), new KeyStateFormat(config.predictorSettings()),
                "events");
    }

    @AfterEach
    void closeStores() {
        local.close();
    }

    /**
     * RocksDB rules out a key that a store does not hold by its table files' key ranges and filters, without reading
     * their data, so the damaged store holds the key too (as an earlier state of it can stay in another partition's
     * store after the events topic gained partitions): its read meets the damage. It is read first, as the partitions
     * are searched in order.
     */
    @Test
    void shouldAnswerAKeyFoundInAReadableStoreWhenAnotherIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump", "valve"), 1,
                local.readable(1, "valve"));

        KeyStateLookup.Result result = search("valve", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Found.class);
        assertThat(((KeyStateLookup.Found) result).view().eventCount()).isEqualTo(3);
        assertThat(((KeyStateLookup.Found) result).view().lastEventTime()).isEqualTo(LocalKeyStateStores.T0 + 2_000);
    }

    @Test
    void shouldAnswerAKeyInNoReadableStoreAsUnreadableWhenTheOtherStoreIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump"), 1,
                local.readable(1, "valve"));

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unreadable.class);
        assertThat(((KeyStateLookup.Unreadable) result).reason()).contains("the store of partition 0 cannot be read",
                "block checksum mismatch", "removing that task's directory").doesNotContain("partition 1");
    }

    @Test
    void shouldAnswerAKeyAsUnavailableWhileAStoreItCouldBeInCannotBeReadNow() throws Exception {
        KeyValueStore<byte[], byte[]> closed = local.readable(1, "valve");
        closed.close();
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump"), 1, closed);

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unavailable.class);
        assertThat(((KeyStateLookup.Unavailable) result).reason()).contains("the store of partition 0 cannot be read",
                "the store of partition 1 is not queryable now");
    }

    @Test
    void shouldAnswerAKeyAsUnreadableWhenEveryStoreItCouldBeInIsDamaged() throws Exception {
        Map<Integer, KeyValueStore<byte[], byte[]>> stores = Map.of(0, local.damaged(0, "pump"), 1,
                local.damaged(1, "pump", "valve"));

        KeyStateLookup.Result result = search("pump", stores);

        assertThat(result).isInstanceOf(KeyStateLookup.Unreadable.class);
        assertThat(((KeyStateLookup.Unreadable) result).reason()).contains("the store of partition 0 cannot be read",
                "the store of partition 1 cannot be read");
    }

    /** Searches the stores in the order of their partitions, as an instance does. */
    private KeyStateLookup.Result search(String key,
                                         Map<Integer, ? extends ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        return lookup.searchEach(LocalKeyStateStores.bytes(key), new TreeSet<>(stores.keySet()), stores::get);
    }
}

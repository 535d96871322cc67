package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search box's suggestions: when some stores could not be read through the keys asked for, the answer says which
 * partitions' stores those are, so that the console can say the suggestions may be missing keys, each by what brings
 * its keys back: a damaged store's a rebuild, a store not readable now (its partition moving) asking again, and one
 * whose read stopped at its cap a longer prefix.
 */
class KeySuggestionsBodyTest {

    @Test
    void shouldNameThePartitionsWhoseStoresTheSuggestionsCouldNotRead() {
        assertThat(json(ConsoleBodies.KeysBody.of(List.of(KeyName.of(utf8("pump-3"))), List.of(0, 2), List.of(),
                List.of())))
                .isEqualTo("{\"keys\":[\"pump-3\"],\"keys_unreadable_partitions\":[0,2],"
                        + "\"keys_unavailable_partitions\":[],\"keys_truncated_partitions\":[]}");
        assertThat(json(ConsoleBodies.KeysBody.of(List.of(), List.of(1), List.of(), List.of())))
                .isEqualTo("{\"keys\":[],\"keys_unreadable_partitions\":[1],\"keys_unavailable_partitions\":[],"
                        + "\"keys_truncated_partitions\":[]}");
    }

    @Test
    void shouldNameThePartitionsNotReadableNowAndThoseCutShortApartFromTheDamagedOnes() {
        assertThat(json(ConsoleBodies.KeysBody.of(List.of(KeyName.of(utf8("pump-3"))), List.of(0), List.of(1),
                List.of(2, 3))))
                .isEqualTo("{\"keys\":[\"pump-3\"],\"keys_unreadable_partitions\":[0],"
                        + "\"keys_unavailable_partitions\":[1],\"keys_truncated_partitions\":[2,3]}");
    }

    @Test
    void shouldNameNoPartitionWhenEveryStoreWasReadThrough() {
        assertThat(json(ConsoleBodies.KeysBody.of(List.of(KeyName.of(utf8("pump-3"))), List.of(), List.of(),
                List.of())))
                .isEqualTo("{\"keys\":[\"pump-3\"],\"keys_unreadable_partitions\":[],"
                        + "\"keys_unavailable_partitions\":[],\"keys_truncated_partitions\":[]}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object body) {
        return new String(Response.json(200, body).body(), StandardCharsets.UTF_8);
    }
}

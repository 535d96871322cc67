package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.KeyStateLookup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console overview's key count: a count that could not read some stores through says which partitions' stores
 * those are, so that the console shows it as a lower bound rather than as every key held.
 */
class KeyCountBodyTest {

    @Test
    void shouldNameThePartitionsWhoseStoresTheCountCouldNotRead() {
        assertThat(totals(new KeyStateLookup.KeyCount(5, true, List.of(0, 3))))
                .endsWith("\"keys\":5,\"keys_exact\":true,\"keys_unreadable_partitions\":[0,3]}");
    }

    @Test
    void shouldNameNoPartitionForACountOfEveryStore() {
        assertThat(totals(new KeyStateLookup.KeyCount(8, true, List.of())))
                .endsWith("\"keys\":8,\"keys_exact\":true,\"keys_unreadable_partitions\":[]}");
        assertThat(totals(new KeyStateLookup.KeyCount(250_000, false, List.of())))
                .endsWith("\"keys\":250000,\"keys_exact\":false,\"keys_unreadable_partitions\":[]}");
    }

    /** While the stores cannot be read at all there is no count, and so no partition left out of one. */
    @Test
    void shouldWriteNoPartitionsWithoutACount() {
        assertThat(totals(null)).endsWith("\"keys\":null,\"keys_exact\":false,\"keys_unreadable_partitions\":null}");
    }

    /** The overview's totals, as JSON. */
    private static String totals(KeyStateLookup.KeyCount keys) {
        ConsoleBodies.OverviewBody overview = ConsoleBodies.overview("local", "RUNNING", false, List.of(), keys,
                new ModelEndpoint.ModelBody("default", "persistence", 0, null, null, null, null, 0), List.of(), 0.5);
        return new String(Response.json(200, overview.totals()).body(), StandardCharsets.UTF_8);
    }
}

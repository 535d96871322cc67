package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.KeyStateLookup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console overview's key count: a count that could not read some stores through, or could not read them now,
 * says which partitions' stores those are, apart, so that the console shows it as a lower bound rather than as every
 * key held, and says what brings the keys left out back.
 */
class KeyCountBodyTest {

    @Test
    void shouldNameThePartitionsWhoseStoresTheCountCouldNotRead() {
        assertThat(totals(new KeyStateLookup.KeyCount(5, true, List.of(0, 3), List.of())))
                .endsWith("\"keys\":5,\"keys_exact\":true,\"keys_unreadable_partitions\":[0,3],"
                        + "\"keys_unavailable_partitions\":[]}");
    }

    /** A store moving away is named apart from the damaged ones: asking again reads it, a rebuild is no help. */
    @Test
    void shouldNameThePartitionsWhoseStoresCouldNotBeReadNowApartFromTheDamagedOnes() {
        assertThat(totals(new KeyStateLookup.KeyCount(4, true, List.of(2), List.of(1))))
                .endsWith("\"keys\":4,\"keys_exact\":true,\"keys_unreadable_partitions\":[2],"
                        + "\"keys_unavailable_partitions\":[1]}");
    }

    @Test
    void shouldNameNoPartitionForACountOfEveryStore() {
        assertThat(totals(new KeyStateLookup.KeyCount(8, true, List.of(), List.of())))
                .endsWith("\"keys\":8,\"keys_exact\":true,\"keys_unreadable_partitions\":[],"
                        + "\"keys_unavailable_partitions\":[]}");
        assertThat(totals(new KeyStateLookup.KeyCount(250_000, false, List.of(), List.of())))
                .endsWith("\"keys\":250000,\"keys_exact\":false,\"keys_unreadable_partitions\":[],"
                        + "\"keys_unavailable_partitions\":[]}");
    }

    /** While no store can be read there is no count, and so no partition left out of one. */
    @Test
    void shouldWriteNoPartitionsWithoutACount() {
        assertThat(totals(null)).endsWith("\"keys\":null,\"keys_exact\":false,\"keys_unreadable_partitions\":null,"
                + "\"keys_unavailable_partitions\":null}");
    }

    /** The overview's totals, as JSON. */
    private static String totals(KeyStateLookup.KeyCount keys) {
        ConsoleBodies.OverviewBody overview = ConsoleBodies.overview("local", "RUNNING", false, List.of(), keys,
                new ModelEndpoint.ModelBody("default", "persistence", 0, null, null, null, null, 0), List.of(), 0.5);
        return new String(Response.json(200, overview.totals()).body(), StandardCharsets.UTF_8);
    }
}

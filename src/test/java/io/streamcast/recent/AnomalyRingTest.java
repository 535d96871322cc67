package io.streamcast.recent;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.Statistic;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ring of latest anomalies on its own, with more places than the console's tests fill. */
class AnomalyRingTest {

    /** Adds the {@code n}-th anomaly, every field derived from {@code n} so that each can be told apart. */
    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static void add(AnomalyRing ring, int n, Statistic cause) {
        ring.add(("k" + n).getBytes(StandardCharsets.UTF_8), n * 1_000L, n, n + 0.5, -n, 10L + n, cause);
    }

    @Test
    void shouldListFewerAnomaliesThanItsPlacesNewestFirst() {
        AnomalyRing ring = new AnomalyRing(3);
        add(ring, 1, Statistic.RANGE);
        add(ring, 2, Statistic.DRIFT);

        assertThat(ring.newestFirst()).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new RecentAnomaly(bytes("k2"), 2_000, 2, 2.5, -2, 12, Statistic.DRIFT),
                new RecentAnomaly(bytes("k1"), 1_000, 1, 1.5, -1, 11, Statistic.RANGE));
    }

    @Test
    void shouldOverwriteTheOldestOnceFullAndStillListNewestFirst() {
        AnomalyRing ring = new AnomalyRing(3);
        add(ring, 1, Statistic.RANGE);
        add(ring, 2, Statistic.DRIFT);
        add(ring, 3, Statistic.VOLATILITY);
        add(ring, 4, Statistic.DAILY);
        add(ring, 5, Statistic.WEEKLY);

        // Five anomalies in three places: the first two are gone, the other three remain, newest first.
        assertThat(ring.newestFirst()).extracting(RecentAnomaly::key)
                .containsExactly(bytes("k5"), bytes("k4"), bytes("k3"));
        assertThat(ring.newestFirst().get(0)).usingRecursiveComparison()
                .isEqualTo(new RecentAnomaly(bytes("k5"), 5_000, 5, 5.5, -5, 15, Statistic.WEEKLY));
    }

    @Test
    void shouldListNothingBeforeTheFirstAnomaly() {
        assertThat(new AnomalyRing(3).newestFirst()).isEmpty();
    }

    /**
     * An anomaly of an event whose processing was aborted is taken out, wherever it lies in a ring that wrapped round,
     * the others kept in order; one of another key, or at another time, stays.
     */
    @Test
    void shouldTakeOutAnAnomalyWhereverItLiesAndKeepTheOthersInOrder() {
        AnomalyRing ring = new AnomalyRing(3);
        add(ring, 1, Statistic.RANGE);
        add(ring, 2, Statistic.DRIFT);
        add(ring, 3, Statistic.VOLATILITY);
        add(ring, 4, Statistic.DAILY);
        // full, wrapped round: k2, k3, k4 oldest first
        ring.remove(bytes("k3"), 3_000);
        assertThat(ring.newestFirst()).extracting(RecentAnomaly::key).containsExactly(bytes("k4"), bytes("k2"));
        add(ring, 5, Statistic.RANGE);
        ring.remove(bytes("k5"), 5_000);
        ring.remove(bytes("k2"), 4_000);
        ring.remove(bytes("k9"), 2_000);
        assertThat(ring.newestFirst()).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new RecentAnomaly(bytes("k4"), 4_000, 4, 4.5, -4, 14, Statistic.DAILY),
                new RecentAnomaly(bytes("k2"), 2_000, 2, 2.5, -2, 12, Statistic.DRIFT));
        add(ring, 6, Statistic.RANGE);
        add(ring, 7, Statistic.RANGE);
        assertThat(ring.newestFirst()).extracting(RecentAnomaly::key)
                .containsExactly(bytes("k7"), bytes("k6"), bytes("k4"));
    }
}

package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.KeyStateLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/**
 * How long the overview shows a key count before it counts again, on a clock the test moves: a whole count, or one
 * that names a damaged store, for 5 seconds; one that left out a moving store only until the console's next
 * overview, 2 seconds later, which then counts again rather than name the store until the move is long over.
 */
class KeyCountCacheTest {

    private static final KeyStateLookup.KeyCount WHOLE = new KeyStateLookup.KeyCount(8, true, List.of(), List.of());
    private static final KeyStateLookup.KeyCount MOVING = new KeyStateLookup.KeyCount(5, true, List.of(), List.of(1));
    private static final KeyStateLookup.KeyCount DAMAGED = new KeyStateLookup.KeyCount(6, true, List.of(0), List.of());

    /** The counts the stores give, in turn; a null one is a count while no store can be read. */
    private final List<KeyStateLookup.KeyCount> counts = new ArrayList<>();
    private long now;
    private int counted;
    private final KeyCountCache cache = new KeyCountCache(this::count, () -> now);

    private KeyStateLookup.KeyCount count() {
        KeyStateLookup.KeyCount next = counts.get(counted++);
        if (next == null) {
            throw new InvalidStateStoreException("this instance holds no partition of the key-state store now");
        }
        return next;
    }

    @Test
    void shouldShowAWholeCountForFiveSeconds() {
        counts.add(WHOLE);
        counts.add(MOVING);

        assertThat(cache.get()).isEqualTo(WHOLE);
        at(4_900);
        assertThat(cache.get()).isEqualTo(WHOLE);
        at(5_100);
        assertThat(cache.get()).isEqualTo(MOVING);
        assertThat(counted).isEqualTo(2);
    }

    /** The console's next overview, 2 s later, counts again and no longer names the store that moved. */
    @Test
    void shouldCountAgainAtTheNextOverviewAfterACountThatLeftOutAMovingStore() {
        counts.add(MOVING);
        counts.add(WHOLE);

        assertThat(cache.get()).isEqualTo(MOVING);
        at(500);
        assertThat(cache.get()).as("another console's overview within a second").isEqualTo(MOVING);
        at(2_000);
        assertThat(cache.get()).isEqualTo(WHOLE);
        assertThat(counted).isEqualTo(2);
    }

    /** A damaged store stays so until it is rebuilt: counting it again every overview would show nothing new. */
    @Test
    void shouldShowACountThatNamesADamagedStoreForFiveSeconds() {
        counts.add(DAMAGED);
        counts.add(WHOLE);

        assertThat(cache.get()).isEqualTo(DAMAGED);
        at(4_900);
        assertThat(cache.get()).isEqualTo(DAMAGED);
        assertThat(counted).isEqualTo(1);
    }

    /** While no store can be read there is no count, and the next overview counts again. */
    @Test
    void shouldCountAgainAfterACountThatCouldReadNoStore() {
        counts.add(null);
        counts.add(WHOLE);

        assertThat(cache.get()).isNull();
        at(2_000);
        assertThat(cache.get()).isEqualTo(WHOLE);
        assertThat(counted).isEqualTo(2);
    }

    private void at(long millis) {
        now = TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

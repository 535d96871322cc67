package io.streamcast.app.http;

import io.streamcast.app.ops.KeyStateLookup;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The overview's key count, taken again only once the last one is older than it may be shown for: counting reads
 * every store (up to 100,000 keys), and each console asks every 2 seconds. A count that left out a store that could
 * not be read now (a partition moving) is shown for a shorter while than a whole one: kept as long, it went on naming
 * the moving store after the move was over, where the console's next overview counts again. A count that names a
 * damaged store is kept as long as a whole one: the damage stays until the store is rebuilt.
 */
final class KeyCountCache {

    /** How long a count is shown for. */
    static final Duration EVERY = Duration.ofSeconds(5);
    /** How long a count that left out a moving store is shown for: below the console's 2 s between overviews. */
    static final Duration WITH_A_STORE_MOVING = Duration.ofSeconds(1);

    private final Supplier<KeyStateLookup.KeyCount> count;
    private final LongSupplier nanoTime;
    private KeyStateLookup.KeyCount last;
    private long lastAt;

    /**
     * @param count    counts the keys; throws {@link InvalidStateStoreException} while no store can be read
     * @param nanoTime the clock the counts' ages are measured by, as {@link System#nanoTime()}
     */
    KeyCountCache(Supplier<KeyStateLookup.KeyCount> count, LongSupplier nanoTime) {
        this.count = count;
        this.nanoTime = nanoTime;
    }

    /** The last count while it may still be shown, otherwise a new one; null while no store can be read. */
    synchronized KeyStateLookup.KeyCount get() {
        long now = nanoTime.getAsLong();
        if (last == null || now - lastAt > shownFor(last).toNanos()) {
            try {
                last = count.get();
                lastAt = now;
            } catch (InvalidStateStoreException e) {
                return null;
            }
        }
        return last;
    }

    private static Duration shownFor(KeyStateLookup.KeyCount count) {
        return count.unavailable().isEmpty() ? EVERY : WITH_A_STORE_MOVING;
    }
}

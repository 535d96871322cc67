package io.streamcast.recent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The key-to-slot table on its own. Filled to its capacity (the table is then at most half full), many keys share
 * home slots and runs of probed entries form; removing keys from the middle of such runs is what these tests
 * exercise.
 */
class KeyIndexTest {

    private static final int KEYS = 64;

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static KeyIndex full() {
        KeyIndex index = new KeyIndex(KEYS);
        for (int i = 0; i < KEYS; i++) {
            index.put(key(i), 100 + i);
        }
        return index;
    }

    @Test
    void shouldFindEveryKeyByAnEqualArray() {
        KeyIndex index = full();
        for (int i = 0; i < KEYS; i++) {
            // A fresh array with the same bytes: keys are compared by content, not identity.
            assertThat(index.get(key(i))).as("key-%d", i).isEqualTo(100 + i);
        }
        assertThat(index.get(key(KEYS))).isEqualTo(-1);
    }

    @Test
    void shouldStillFindEveryRemainingKeyAfterEachRemoval() {
        KeyIndex index = full();
        boolean[] removed = new boolean[KEYS];
        // 37 is coprime with 64, so i * 37 mod 64 visits every key once, in an order unrelated to insertion.
        for (int n = 0; n < KEYS; n++) {
            int gone = n * 37 % KEYS;
            index.remove(key(gone));
            removed[gone] = true;
            for (int i = 0; i < KEYS; i++) {
                assertThat(index.get(key(i))).as("key-%d after removing key-%d", i, gone)
                        .isEqualTo(removed[i] ? -1 : 100 + i);
            }
        }
    }

    @Test
    void shouldLeaveTheTableAsItWasWhenRemovingAnAbsentKey() {
        KeyIndex index = full();
        index.remove(key(KEYS));
        for (int i = 0; i < KEYS; i++) {
            assertThat(index.get(key(i))).as("key-%d", i).isEqualTo(100 + i);
        }
    }

    @Test
    void shouldReuseTheRoomOfRemovedKeys() {
        KeyIndex index = full();
        for (int i = 0; i < KEYS; i += 2) {
            index.remove(key(i));
        }
        // As many new keys as were removed: the table is back at its capacity.
        for (int i = 0; i < KEYS / 2; i++) {
            index.put(key(KEYS + i), 500 + i);
        }
        for (int i = 0; i < KEYS; i++) {
            assertThat(index.get(key(i))).as("key-%d", i).isEqualTo(i % 2 == 0 ? -1 : 100 + i);
        }
        for (int i = 0; i < KEYS / 2; i++) {
            assertThat(index.get(key(KEYS + i))).as("key-%d", KEYS + i).isEqualTo(500 + i);
        }
    }
}

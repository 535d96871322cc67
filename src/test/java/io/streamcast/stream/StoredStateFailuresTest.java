package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredStateFailuresTest {

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveUpAtTheThirdFailureInARowAndAtEachLaterOne() {
        StoredStateFailures failures = new StoredStateFailures();

        assertThat(failures.failedAgain(key("a"))).isFalse();
        assertThat(failures.failedAgain(key("a"))).isFalse();
        assertThat(failures.failedAgain(key("b"))).as("another key's first").isFalse();
        assertThat(failures.failedAgain(key("a"))).isTrue();
        assertThat(failures.failedAgain(key("a"))).isTrue();
    }

    @Test
    void shouldStartCountingAgainAfterASuccess() {
        StoredStateFailures failures = new StoredStateFailures();
        failures.failedAgain(key("a"));
        failures.failedAgain(key("a"));

        failures.succeeded(key("a"));

        assertThat(failures.tracked()).isZero();
        assertThat(failures.failedAgain(key("a"))).isFalse();
        assertThat(failures.failedAgain(key("a"))).isFalse();
    }

    /** The key whose failure was counted longest ago is forgotten first; one failing again stays. */
    @Test
    void shouldTrackTenThousandKeysAtMost() {
        StoredStateFailures failures = new StoredStateFailures();
        failures.failedAgain(key("kept"));
        failures.failedAgain(key("first"));
        for (int i = 0; i < 9_998; i++) {
            failures.failedAgain(key("k" + i));
        }
        failures.failedAgain(key("kept"));

        failures.failedAgain(key("one more"));

        assertThat(failures.tracked()).isEqualTo(10_000);
        assertThat(failures.failedAgain(key("kept"))).as("its third").isTrue();
        failures.failedAgain(key("first"));
        assertThat(failures.failedAgain(key("first"))).as("its second since it was forgotten").isFalse();
    }
}

package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void shouldGiveTheInnermostMessagePastWrappersWithoutOne() {
        Throwable error = new StreamsException(new RuntimeException(null,
                new IllegalStateException("HTTP 401 from the registry", new RuntimeException((String) null))));

        assertThat(Causes.innermostMessage(error)).isEqualTo("HTTP 401 from the registry");
    }

    @Test
    void shouldNameTheErrorsClassWhenNoCauseHasAMessage() {
        assertThat(Causes.innermostMessage(new IllegalStateException(new RuntimeException((String) null))))
                .as("the cause's toString is its class name, which the outer message repeats")
                .isEqualTo("java.lang.RuntimeException");
        assertThat(Causes.innermostMessage(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}

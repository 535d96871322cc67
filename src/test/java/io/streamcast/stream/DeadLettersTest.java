package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final long LIMIT = 20_000;
    private static final byte[] KEY = "a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "not an event".getBytes(StandardCharsets.UTF_8);

    /**
     * A header's name goes on the wire as UTF-8: a name of 7,000 euro signs is 21,000 bytes, more than the limit of
     * 20,000 by itself, though only 7,000 characters. Sent with it, the dead letter would be refused by the producer
     * (record too large), fail the task, and stop the instance on the same record after every restart.
     */
    @Test
    void shouldLeaveOutOwnHeadersWhoseUtf8NamesDoNotFit() {
        Headers own = new RecordHeaders();
        own.add("\u20ac".repeat(7_000), new byte[0]);

        DeadLetters.Letter letter = fitted(own);

        assertThat(letter.headers().lastHeader(DeadLetters.HEADERS_LEFT_OUT_HEADER)).isNotNull();
        assertThat(letter.headers().toArray()).allMatch(h -> h.key().startsWith(DeadLetters.PREFIX));
    }

    /**
     * Each header costs more than its name and value on the wire: Kafka's record format (KIP-82) puts a varint length
     * before each, at least one byte each. 8,000 headers named "k" with empty values are then at least 24,000 bytes,
     * more than the limit of 20,000, though their names and values add up to 8,000.
     */
    @Test
    void shouldCountEachHeadersLengthsOnTheWire() {
        Headers own = new RecordHeaders();
        for (int i = 0; i < 8_000; i++) {
            own.add("k", new byte[0]);
        }

        DeadLetters.Letter letter = fitted(own);

        assertThat(letter.headers().lastHeader(DeadLetters.HEADERS_LEFT_OUT_HEADER)).isNotNull();
        assertThat(letter.headers().toArray()).allMatch(h -> h.key().startsWith(DeadLetters.PREFIX));
    }

    /** A record well within the limit goes whole, its own headers with it. */
    @Test
    void shouldKeepOwnHeadersThatFit() {
        Headers own = new RecordHeaders();
        own.add("\u20ac".repeat(100), new byte[] {1});

        DeadLetters.Letter letter = fitted(own);

        assertThat(letter.value()).isEqualTo(VALUE);
        assertThat(letter.headers().lastHeader("\u20ac".repeat(100))).isNotNull();
        assertThat(letter.headers().lastHeader(DeadLetters.HEADERS_LEFT_OUT_HEADER)).isNull();
    }

    /**
     * A record without a key, whose dead letter does not fit even without its value and its own headers (a limit of
     * 1,000 bytes, below a message of 2,000 characters): it goes as small as it can, rather than failing on the key it
     * does not have, which stopped the task at the same record after every restart.
     */
    @Test
    void shouldSendAKeylessRecordAsSmallAsItCanWhenItStillDoesNotFit() {
        Headers headers = DeadLetters.headers(new RecordHeaders(), Rejection.UNPARSEABLE, "x".repeat(2_000), "events",
                0, 7);

        DeadLetters.Letter letter = DeadLetters.fitted(null, VALUE, headers, 1_000);

        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isEmpty();
        assertThat(letter.headers().lastHeader(DeadLetters.KEY_LEFT_OUT_HEADER)).isNull();
        assertThat(letter.headers().lastHeader(DeadLetters.REASON_HEADER)).isNotNull();
    }

    private static DeadLetters.Letter fitted(Headers own) {
        Headers headers = DeadLetters.headers(own, Rejection.UNPARSEABLE, "the record is not an event", "events", 0, 7);
        return DeadLetters.fitted(KEY, VALUE, headers, LIMIT);
    }
}

package io.streamcast.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record sent for an input event (its prediction, anomaly or training window): the event record's
 * own, which outputs pass on, as long as the output fits the producer's {@code max.request.size} and its topics'
 * {@code max.message.bytes} with them ({@link SendLimits#outputs}); otherwise
 * none of them, and one header that says how many were left out. Why: an output is larger than the event it is made
 * from, so an event whose headers take it within a few hundred bytes of the limit (or past it, on a topic that allows
 * larger records than the producer sends) made outputs that could not be sent; the failed send stopped the instance,
 * and the same event stopped it again after every restart.
 */
final class OutputHeaders {

    /** On an output sent without the event record's headers: how many there were and their size. */
    static final String HEADERS_LEFT_OUT_HEADER = "streamcast.headers.left.out";

    private OutputHeaders() {
    }

    /** {@code headers} when a record of {@code key}, {@code value} and them fits {@code limit} bytes. */
    static Headers fitted(byte[] key, byte[] value, Headers headers, long limit) {
        if (atMost(key, value, headers) <= limit || DeadLetters.size(key, value, headers) <= limit) {
            return headers;
        }
        int count = 0;
        long bytes = 0;
        for (Header header : headers) {
            count++;
            bytes += DeadLetters.size(header);
        }
        Headers left = new RecordHeaders();
        left.add(HEADERS_LEFT_OUT_HEADER, (count + " headers of " + bytes + " bytes, too large to send with this"
                + " record").getBytes(StandardCharsets.UTF_8));
        return left;
    }

    /**
     * A bound above the size {@link DeadLetters#size} counts, found without encoding the headers' names (a character
     * is at most 3 bytes of UTF-8): an event's outputs are sent allocating nothing but their values, and nearly all fit
     * by far.
     */
    private static long atMost(byte[] key, byte[] value, Headers headers) {
        long size = (key == null ? 0 : key.length) + value.length + DeadLetters.FRAMING;
        for (Header header : headers) {
            size += 3L * header.key().length() + (header.value() == null ? 0 : header.value().length)
                    + DeadLetters.HEADER_FRAMING;
        }
        return size;
    }
}

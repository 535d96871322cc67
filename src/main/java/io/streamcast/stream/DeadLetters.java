package io.streamcast.stream;

import io.streamcast.predict.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers that say why a record went to the dead-letter topic and where it came from. */
public final class DeadLetters {

    public static final String REASON_HEADER = "streamcast.dlq.reason";
    public static final String MESSAGE_HEADER = "streamcast.dlq.message";
    public static final String SOURCE_TOPIC_HEADER = "streamcast.dlq.source.topic";
    public static final String SOURCE_PARTITION_HEADER = "streamcast.dlq.source.partition";
    public static final String SOURCE_OFFSET_HEADER = "streamcast.dlq.source.offset";
    /** On a dead letter sent without the record's value, which was too large to send with it: the value's size. */
    public static final String VALUE_LEFT_OUT_HEADER = "streamcast.dlq.value.left.out";
    /** Room for a record's framing in a produce request, beyond its key, value and headers. */
    static final int FRAMING = 512;

    private DeadLetters() {
    }

    /** The record's own headers plus the reason, a human-readable message and its source position. */
    static Headers headers(Headers original, Rejection reason, String message, RecordMetadata source) {
        return source == null ? headers(original, reason, message, null, -1, -1)
                : headers(original, reason, message, source.topic(), source.partition(), source.offset());
    }

    /** As {@link #headers(Headers, Rejection, String, RecordMetadata)}; no source headers when topic is null. */
    static Headers headers(Headers original, Rejection reason, String message, String topic, int partition,
                           long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, REASON_HEADER, reason.code());
        add(headers, MESSAGE_HEADER, message);
        if (topic != null) {
            add(headers, SOURCE_TOPIC_HEADER, topic);
            add(headers, SOURCE_PARTITION_HEADER, Integer.toString(partition));
            add(headers, SOURCE_OFFSET_HEADER, Long.toString(offset));
        }
        return headers;
    }

    /**
     * The value a dead letter carries: the record's own, or none when the dead letter would not fit the producer's
     * {@code max.request.size} with it (a record within a few hundred bytes of the limit, or from a topic that allows
     * larger ones), with a header giving its size; the source headers say where the record itself still is. Why: a
     * dead letter that cannot be sent fails the task, and the same record would stop the instance after every
     * restart.
     */
    static byte[] valueThatFits(byte[] key, byte[] value, Headers headers, long maxRequestSize) {
        if (value == null) {
            return null;
        }
        long size = (key == null ? 0 : key.length) + value.length + FRAMING;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        if (size <= maxRequestSize) {
            return value;
        }
        add(headers, VALUE_LEFT_OUT_HEADER, value.length + " bytes, too large to send with this record's headers");
        return new byte[0];
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

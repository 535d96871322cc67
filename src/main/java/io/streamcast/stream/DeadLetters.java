package io.streamcast.stream;

import io.streamcast.predict.Rejection;
import java.nio.charset.StandardCharsets;
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

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.streamcast.stream;

import io.streamcast.predict.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers that say why a record went to the dead-letter topic and where it came from. */
public final class DeadLetters {

    /** The start of every header a dead letter gets from Streamcast. */
    static final String PREFIX = "streamcast.dlq.";
    public static final String REASON_HEADER = "streamcast.dlq.reason";
    public static final String MESSAGE_HEADER = "streamcast.dlq.message";
    public static final String SOURCE_TOPIC_HEADER = "streamcast.dlq.source.topic";
    public static final String SOURCE_PARTITION_HEADER = "streamcast.dlq.source.partition";
    public static final String SOURCE_OFFSET_HEADER = "streamcast.dlq.source.offset";
    /** On a dead letter sent without the record's value, which was too large to send with it: the value's size. */
    public static final String VALUE_LEFT_OUT_HEADER = "streamcast.dlq.value.left.out";
    /** On a dead letter that still did not fit without the value: how many of the record's own headers it left out. */
    public static final String HEADERS_LEFT_OUT_HEADER = "streamcast.dlq.headers.left.out";
    /** On a dead letter that still did not fit without the record's own headers: the size of the key left out. */
    public static final String KEY_LEFT_OUT_HEADER = "streamcast.dlq.key.left.out";
    /** Room for a record's framing in a produce request, beyond its key, value and headers. */
    static final int FRAMING = 512;
    /**
     * Room for the framing of each header: Kafka's record format puts a varint length before its name and before its
     * value, each at most 5 bytes. Many small headers would otherwise weigh far more on the wire than counted.
     */
    static final int HEADER_FRAMING = 10;
    /** Most characters of the message header: enough for any reason, small beside any record size limit. */
    public static final int MAX_MESSAGE = 4_096;

    private DeadLetters() {
    }

    /** The record's own headers plus the reason, a human-readable message and its source position. */
    static Headers headers(Headers original, Rejection reason, String message, RecordMetadata source) {
        return source == null ? headers(original, reason, message, null, -1, -1)
                : headers(original, reason, message, source.topic(), source.partition(), source.offset());
    }

    /**
     * As {@link #headers(Headers, Rejection, String, RecordMetadata)}; no source headers when topic is null. A record
     * replayed from the dead-letter topic that fails again has its earlier reason replaced, not kept beside the new
     * one, where a reader taking the first header of a name would read the old reason.
     */
    static Headers headers(Headers original, Rejection reason, String message, String topic, int partition,
                           long offset) {
        Headers headers = new RecordHeaders(withoutDeadLetterHeaders(original).toArray());
        add(headers, REASON_HEADER, reason.code());
        add(headers, MESSAGE_HEADER,
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
        if (topic != null) {
            add(headers, SOURCE_TOPIC_HEADER, topic);
            add(headers, SOURCE_PARTITION_HEADER, Integer.toString(partition));
            add(headers, SOURCE_OFFSET_HEADER, Long.toString(offset));
        }
        return headers;
    }

    /**
     * {@code headers} without those of an earlier dead letter (a record replayed from the dead-letter topic): the same
     * instance when there are none, as for nearly every record, so that nothing is allocated.
     */
    static Headers withoutDeadLetterHeaders(Headers headers) {
        boolean any = false;
        for (Header header : headers) {
            if (header.key().startsWith(PREFIX)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return headers;
        }
        Headers kept = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith(PREFIX)) {
                kept.add(header);
            }
        }
        return kept;
    }

    /** What a dead letter carries: the record's key, value and headers, or what of them fits. */
    record Letter(byte[] key, byte[] value, Headers headers) {
    }

    /**
     * The dead letter of a record with this {@code key}, {@code value} and {@code headers} (its own and the ones
     * {@link #headers} added): all of it when it fits {@code limit} ({@link SendLimits#deadLetters}), otherwise without
     * the value, then without the record's own headers, then without the key, until it fits, each left out named with
     * its size in a header; the source headers say where the record itself still is. Why: a dead letter that cannot
     * be sent fails the task, and the same record would stop the instance after every restart. A record within a few
     * hundred bytes of the limit, or from a topic that allows larger records than the dead-letter topic, gets there.
     */
    static Letter fitted(byte[] key, byte[] value, Headers headers, long limit) {
        if (size(key, value, headers) <= limit) {
            return new Letter(key, value, headers);
        }
        byte[] fittedValue = value;
        if (value != null) {
            add(headers, VALUE_LEFT_OUT_HEADER, value.length + " bytes, too large to send with this record's headers");
            fittedValue = new byte[0];
        }
        if (size(key, fittedValue, headers) > limit) {
            headers = streamcastHeadersOf(headers);
        }
        byte[] fittedKey = key;
        // a record without a key has none to leave out: its dead letter goes as small as it can be
        if (key != null && size(key, fittedValue, headers) > limit) {
            add(headers, KEY_LEFT_OUT_HEADER, key.length + " bytes, too large to send");
            fittedKey = null;
        }
        return new Letter(fittedKey, fittedValue, headers);
    }

    /**
     * The most a dead letter can need when everything that can be left out is: Streamcast's own headers at their
     * longest (the message at {@value #MAX_MESSAGE} characters of three UTF-8 bytes each, a topic name of 249
     * characters, the longest numbers) and their framing. A topic that takes less cannot be sent every dead letter,
     * and a dead letter that cannot be sent stops the instance, again at the same record after every restart.
     */
    public static long largestIrreducible() {
        String longestReason = "";
        for (Rejection reason : Rejection.values()) {
            longestReason = reason.code().length() > longestReason.length() ? reason.code() : longestReason;
        }
        Headers headers = headers(new RecordHeaders(), Rejection.UNPARSEABLE, "\u20ac".repeat(MAX_MESSAGE + 1),
                "t".repeat(249), Integer.MIN_VALUE, Long.MIN_VALUE);
        headers.remove(REASON_HEADER);
        add(headers, REASON_HEADER, longestReason);
        add(headers, VALUE_LEFT_OUT_HEADER, Long.MIN_VALUE + " bytes, too large to send with this record's headers");
        add(headers, HEADERS_LEFT_OUT_HEADER, Integer.MIN_VALUE + " headers of " + Long.MIN_VALUE
                + " bytes, too large to send");
        add(headers, KEY_LEFT_OUT_HEADER, Integer.MIN_VALUE + " bytes, too large to send");
        return size(null, null, headers);
    }

    /** Streamcast's headers of {@code headers}, and one that says how many of the record's own were left out. */
    private static Headers streamcastHeadersOf(Headers headers) {
        Headers kept = new RecordHeaders();
        int count = 0;
        long bytes = 0;
        for (Header header : headers) {
            if (header.key().startsWith(PREFIX)) {
                kept.add(header);
            } else {
                count++;
                bytes += size(header);
            }
        }
        add(kept, HEADERS_LEFT_OUT_HEADER, count + " headers of " + bytes + " bytes, too large to send");
        return kept;
    }

    /** A record's size in a produce request, as this class counts it: key, value, headers and their framing. */
    static long size(byte[] key, byte[] value, Headers headers) {
        long size = length(key) + length(value) + FRAMING;
        for (Header header : headers) {
            size += size(header) + HEADER_FRAMING;
        }
        return size;
    }

    /** A header's name, as UTF-8 (its form on the wire), and its value, in bytes. */
    static long size(Header header) {
        return header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.streamcast.stream;

import java.util.Properties;

/**
 * The largest records the instance sends: every record within the producer's {@code max.request.size}, and a dead
 * letter also within the dead-letter topic's {@code max.message.bytes}, which the broker holds it to. Operators create
 * that topic with a smaller limit, or raise {@code max.request.size} while the topic keeps the broker's default; a dead
 * letter fitted to the producer's limit alone was then refused, which failed the task, and the same record stopped the
 * instance again after every restart. Only the cluster knows the topic's limit: {@code run} reads it at start-up and
 * sets it here before the instance starts; until then, or where it cannot be read, the producer's limit alone holds.
 */
public final class SendLimits {

    private final long maxRequestSize;
    private volatile long deadLetterTopic = Long.MAX_VALUE;

    SendLimits(long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /** The limits of an instance run with these Kafka Streams settings, before the dead-letter topic's is read. */
    static SendLimits of(Properties streams) {
        return new SendLimits(RecordSizeCheck.maxRequestSize(streams));
    }

    /** Sets the dead-letter topic's {@code max.message.bytes}, as read from the cluster. */
    public void deadLetterTopicTakes(long maxMessageBytes) {
        deadLetterTopic = maxMessageBytes;
    }

    /** The producer's {@code max.request.size}, which every record must fit. */
    long maxRequestSize() {
        return maxRequestSize;
    }

    /** The largest dead letter that can be sent: the smaller of the two limits. */
    long deadLetters() {
        return Math.min(maxRequestSize, deadLetterTopic);
    }
}

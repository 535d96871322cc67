package io.streamcast.stream;

import java.util.Properties;

/**
 * The largest records the instance sends: every record within the producer's {@code max.request.size}, a dead letter
 * also within the dead-letter topic's {@code max.message.bytes}, which the broker holds it to, and an event's outputs
 * (its prediction, anomaly and training window, which carry the event's headers) within their topics'. Operators create
 * that topic with a smaller limit, or raise {@code max.request.size} while the topic keeps the broker's default; a dead
 * letter fitted to the producer's limit alone was then refused, which failed the task, and the same record stopped the
 * instance again after every restart; so did an output sent with its event's large headers to a topic taking less
 * than the producer sends. Only the cluster knows the topics' limits: {@code run} reads them at start-up and sets them
 * here before the instance starts, then again while it runs ({@code io.streamcast.app.TopicLimitsRefresh}), from
 * another thread; until then, or where they cannot be read, the producer's limit alone holds.
 */
public final class SendLimits {

    private final long maxRequestSize;
    private volatile long deadLetterTopic = Long.MAX_VALUE;
    private volatile long outputTopics = Long.MAX_VALUE;

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

    /** Sets the smallest {@code max.message.bytes} of the topics an event's outputs go to, as read from the cluster. */
    public void outputTopicsTake(long maxMessageBytes) {
        outputTopics = maxMessageBytes;
    }

    /** The producer's {@code max.request.size}, which every record must fit. */
    long maxRequestSize() {
        return maxRequestSize;
    }

    /** The largest output of an event that can be sent with the event's headers: the smaller of the two limits. */
    long outputs() {
        return Math.min(maxRequestSize, outputTopics);
    }

    /** The largest dead letter that can be sent: the smaller of the two limits. */
    long deadLetters() {
        return Math.min(maxRequestSize, deadLetterTopic);
    }
}

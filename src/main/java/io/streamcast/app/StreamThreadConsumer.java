package io.streamcast.app;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A stream thread's main consumer, as Kafka's default client supplier makes it, whose first join of the group a close
 * of the instance can end. Why: a thread asked to stop while its rebalance is in progress polls on until the rebalance
 * completes, and a first rebalance can wait for a member of an earlier run of the application (which does not leave
 * the group as it closes) until that member's session times out, past the close timeout.
 *
 * <p>Asked to, the consumer's next poll throws a {@code WakeupException}, which ends the thread, but only while nothing
 * is assigned to it: the check runs on the thread itself, so a first assignment that arrives meanwhile is never cut
 * short, and its tasks are closed cleanly. A thread ended so has no task, so there is nothing to commit, and its
 * consumer's close does not wait for the join request the broker holds (up to the request timeout, 30 s).
 */
final class StreamThreadConsumer extends KafkaConsumer<byte[], byte[]> {

    private volatile boolean endRequested;
    private volatile boolean ended;

    StreamThreadConsumer(Map<String, Object> config) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Ends the thread at its next poll, unless it has been assigned partitions by then. */
    void endFirstJoin() {
        endRequested = true;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        if (endRequested && assignment().isEmpty()) {
            ended = true;
            throw new WakeupException();
        }
        return super.poll(timeout);
    }

    /** Kafka Streams closes a stream thread's main consumer with this method. */
    @Override
    public void close(CloseOptions options) {
        super.close(ended ? options.withTimeout(Duration.ZERO) : options);
    }
}

package io.streamcast.app;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
    /** The training samples' topic where this instance does not train, or null. */
    private final String untrainedSamples;

    StreamThreadConsumer(Map<String, Object> config) {
        this(config, null);
    }

    /**
     * @param untrainedSamples the training samples' topic when {@code training.enabled=false}: a leader that trains
     *                         can hand this instance the trainer's task, which its topology lacks, or null
     */
    StreamThreadConsumer(Map<String, Object> config, String untrainedSamples) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.untrainedSamples = untrainedSamples;
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
        requireNoTrainerTask();
        return super.poll(timeout);
    }

    /**
     * Stops the thread when a group leader that trains gave it the trainer's task: Kafka Streams runs one topology per
     * group, and a thread handed a task of a sub-topology it lacks processed none of its partitions while the instance
     * read ready (tried on a standalone broker: an events partition's keys predicted no more, and the instance's close
     * ran out of close.timeout.ms). The start-up check ({@link TrainingAgreement}) sees only a leader that trains
     * already.
     */
    private void requireNoTrainerTask() {
        if (untrainedSamples == null) {
            return;
        }
        for (TopicPartition partition : assignment()) {
            if (partition.topic().equals(untrainedSamples)) {
                throw new IllegalStateException("This instance runs with training.enabled=false, but the group's"
                        + " leader, an instance that trains, handed it the trainer's task (partition " + partition
                        + " of training.samples.topic), which its topology lacks: Kafka Streams runs one topology per"
                        + " group, and this instance would process none of its partitions. Give every instance the"
                        + " same training.enabled: stop them all to change it");
            }
        }
    }

    /** Kafka Streams closes a stream thread's main consumer with this method. */
    @Override
    public void close(CloseOptions options) {
        super.close(ended ? options.withTimeout(Duration.ZERO) : options);
    }
}

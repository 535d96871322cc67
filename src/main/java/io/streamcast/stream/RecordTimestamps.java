package io.streamcast.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp Kafka Streams gives each input record, and so its outputs and its key's changelog record: the record's
 * own, but never later than the wall clock; for a record whose timestamp is negative (a client that set an invalid
 * one), the partition's latest, else the wall clock.
 *
 * <p>Why not later than the wall clock: a topic that takes any timestamp (brokers before Kafka 4 did by default, and
 * any topic with {@code message.timestamp.after.max.ms} raised) takes a record a producer with a wrong clock stamped
 * years ahead, and every output of it would carry that stamp to topics created with Kafka 4's defaults, which refuse
 * one more than an hour ahead of the broker: the task failed on it, and again after every restart. The event carries
 * its own time, which the stream judges against the wall clock ({@code far-future}).
 *
 * <p>Why not fail a negative one: Kafka Streams' default extractor fails such a record before any processor sees it,
 * so it could not be dead-lettered and stopped the instance on it after every restart.
 */
public final class RecordTimestamps implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long now = System.currentTimeMillis();
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return Math.min(timestamp, now);
        }
        return partitionTime >= 0 ? Math.min(partitionTime, now) : now;
    }
}

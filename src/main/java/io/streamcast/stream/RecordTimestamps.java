package io.streamcast.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp Kafka Streams gives each input record, and so its outputs: the record's own, or, for a record whose
 * timestamp is negative (a client that set an invalid one), the partition's latest, else the wall clock. Kafka
 * Streams' default extractor fails such a record before any processor sees it, so it could not be dead-lettered and
 * stopped the instance on it after every restart. Events carry their own event time; the record timestamp only
 * bounds how far ahead of it an event may be ({@code far-future}) and stamps the outputs.
 */
public final class RecordTimestamps implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}

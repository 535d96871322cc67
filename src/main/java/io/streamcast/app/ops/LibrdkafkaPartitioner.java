package io.streamcast.app.ops;

import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition librdkafka's default partitioner ({@code consistent_random}) sends a non-empty key to: the CRC-32
 * of its bytes, unsigned, modulo the partition count. Its producers (confluent-kafka-python and the other clients
 * built on it) use it unless told {@code partitioner=murmur2_random}, so their keys' states are kept there rather
 * than in the partition Kafka Streams names. It spreads the empty key at random; that key is not given to it.
 */
final class LibrdkafkaPartitioner implements StreamPartitioner<byte[], Object> {

    static final LibrdkafkaPartitioner INSTANCE = new LibrdkafkaPartitioner();

    private LibrdkafkaPartitioner() {
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, Object value, int numPartitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return Optional.of(Set.of((int) (crc.getValue() % numPartitions)));
    }
}

package io.streamcast.app;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients, keeping hold of the global consumer (the models' and training reports' stores) so that a
 * close can wake it up. Why: {@code KafkaStreams.start()} returns only once the global stores are restored, and
 * {@code KafkaStreams.close(...)} waits for it to return (both hold the client's lock); the restore reads the models
 * topic to its end however long it is, and waits out a broker that does not answer for up to {@code task.timeout.ms}.
 * Woken up, the consumer call under way throws, which ends the restore, and with it the start, at once.
 */
final class GlobalConsumerWakeup implements KafkaClientSupplier {

    private final KafkaClientSupplier clients;
    private volatile Consumer<byte[], byte[]> globalConsumer;

    /** @param clients the supplier Kafka Streams would use, which makes every client */
    GlobalConsumerWakeup(KafkaClientSupplier clients) {
        this.clients = clients;
    }

    /**
     * Makes the global consumer's call under way, or else its next one, throw a {@code WakeupException}; nothing when
     * Kafka Streams has not asked for the consumer.
     */
    void wakeUp() {
        Consumer<byte[], byte[]> consumer = globalConsumer;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = clients.getGlobalConsumer(config);
        globalConsumer = consumer;
        return consumer;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return clients.getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return clients.getProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return clients.getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return clients.getRestoreConsumer(config);
    }
}

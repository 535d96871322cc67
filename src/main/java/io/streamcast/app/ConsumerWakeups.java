package io.streamcast.app;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients, keeping hold of the consumers a close may have to wake up: the global consumer (the
 * models' and training reports' stores) and each stream thread's main consumer, by client id.
 *
 * <p>Why the global consumer: {@code KafkaStreams.start()} returns only once the global stores are restored, and
 * {@code KafkaStreams.close(...)} waits for it to return (both hold the client's lock); the restore reads the models
 * topic to its end however long it is, and waits out a broker that does not answer for up to {@code task.timeout.ms}.
 * Woken up, the consumer call under way throws, which ends the restore, and with it the start, at once. Why the main
 * consumers: see {@link StreamThreadConsumer}; a client supplier of the user's own ({@code default.client.supplier})
 * makes consumers this class can only wake up, whatever they have been assigned meanwhile, and their close then waits
 * as long as Kafka's would.
 */
final class ConsumerWakeups implements KafkaClientSupplier {

    private final KafkaClientSupplier clients;
    private final boolean kafkasOwnClients;
    private final String untrainedSamples;
    private volatile Consumer<byte[], byte[]> globalConsumer;
    /** What ends each stream thread's first join, by its main consumer's client id. */
    private final Map<String, Runnable> firstJoinEnds = new ConcurrentHashMap<>();

    /**
     * @param clients          the supplier Kafka Streams would use, which makes every client
     * @param kafkasOwnClients whether {@code clients} is Kafka's default supplier, whose main consumers are plain
     *                         {@code KafkaConsumer}s that a {@link StreamThreadConsumer} stands in for
     */
    ConsumerWakeups(KafkaClientSupplier clients, boolean kafkasOwnClients) {
        this(clients, kafkasOwnClients, null);
    }

    /**
     * @param untrainedSamples the training samples' topic where the instance does not train, which its main consumers
     *                         must never be assigned ({@link StreamThreadConsumer}), or null
     */
    ConsumerWakeups(KafkaClientSupplier clients, boolean kafkasOwnClients, String untrainedSamples) {
        this.clients = clients;
        this.kafkasOwnClients = kafkasOwnClients;
        this.untrainedSamples = untrainedSamples;
    }

    /**
     * Makes the global consumer's call under way, or else its next one, throw a {@code WakeupException}; nothing when
     * Kafka Streams has not asked for the consumer.
     */
    void wakeUpGlobalConsumer() {
        Consumer<byte[], byte[]> consumer = globalConsumer;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /**
     * Ends the first join of the stream threads whose main consumers are named in {@code clientIds} ({@link
     * StreamThreadConsumer#endFirstJoin}; a consumer of the user's supplier is woken up, so that its poll under way,
     * or else its next one, throws); a name of no such consumer is passed over.
     */
    void endFirstJoins(Collection<String> clientIds) {
        for (String clientId : clientIds) {
            firstJoinEnds.getOrDefault(clientId, () -> { }).run();
        }
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = clients.getGlobalConsumer(config);
        globalConsumer = consumer;
        return consumer;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        // a replaced stream thread's consumer takes a new client id, so the map grows by one per replacement at most
        String clientId = String.valueOf(config.get(CommonClientConfigs.CLIENT_ID_CONFIG));
        if (kafkasOwnClients) {
            StreamThreadConsumer consumer = new StreamThreadConsumer(config, untrainedSamples);
            firstJoinEnds.put(clientId, consumer::endFirstJoin);
            return consumer;
        }
        Consumer<byte[], byte[]> consumer = clients.getConsumer(config);
        firstJoinEnds.put(clientId, consumer::wakeup);
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
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return clients.getRestoreConsumer(config);
    }
}

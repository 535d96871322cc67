package io.streamcast.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest training round reports in the training-rounds global store, so that every instance, not only
 * the one that trains, can show the training history. Reports are kept as written, keyed by their offset, which
 * orders them; the oldest go once more than {@link #KEPT} are held. Kafka Streams replays the topic through this
 * processor when it restores the store.
 */
final class TrainingHistoryProcessor implements Processor<byte[], byte[], Void, Void> {

    /** Round reports kept: days of rounds at the default interval. */
    static final int KEPT = 2_000;

    private KeyValueStore<Long, byte[]> store;
    private ProcessorContext<Void, Void> context;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(StreamcastTopology.TRAINING_ROUNDS_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null || context.recordMetadata().isEmpty()) {
            return;
        }
        store.put(context.recordMetadata().get().offset(), record.value());
        if (store.approximateNumEntries() > KEPT) {
            try (KeyValueIterator<Long, byte[]> oldest = store.all()) {
                if (oldest.hasNext()) {
                    KeyValue<Long, byte[]> first = oldest.next();
                    store.delete(first.key);
                }
            }
        }
    }
}

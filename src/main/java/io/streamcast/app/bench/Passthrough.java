package io.streamcast.app.bench;

import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What Kafka itself costs per event, the yardstick of the stream benchmark: a processor that does nothing but
 * what Streamcast's does around its own work, with the same guarantees: read the record, get the key's state from
 * a changelogged RocksDB store, put back a state of the same size, and send an output record of a prediction's
 * size.
 */
final class Passthrough {

    static final String STORE = "passthrough-state";

    private Passthrough() {
    }

    static Topology topology(String events, String output, int stateBytes, int outputBytes, AtomicLong processed,
                             Timer processing) {
        Topology topology = new Topology();
        topology.addSource("events", new ByteArrayDeserializer(), new ByteArrayDeserializer(), events);
        topology.addProcessor("passthrough", () -> new PassthroughProcessor(stateBytes, outputBytes, processed,
                processing), "events");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.ByteArray(), Serdes.ByteArray()), "passthrough");
        topology.addSink("output", output, new ByteArraySerializer(), new ByteArraySerializer(), "passthrough");
        return topology;
    }

    private static final class PassthroughProcessor implements Processor<byte[], byte[], byte[], byte[]> {
        private final int stateBytes;
        private final int outputBytes;
        private final AtomicLong processed;
        private final Timer processing;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<byte[], byte[]> store;

        PassthroughProcessor(int stateBytes, int outputBytes, AtomicLong processed, Timer processing) {
            this.stateBytes = stateBytes;
            this.outputBytes = outputBytes;
            this.processed = processed;
            this.processing = processing;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            long start = System.nanoTime();
            byte[] state = store.get(record.key());
            byte[] next = state == null ? new byte[stateBytes] : Arrays.copyOf(state, stateBytes);
            next[0]++;
            store.put(record.key(), next);
            context.forward(record.withValue(Arrays.copyOf(record.value(), outputBytes)));
            processing.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            processed.incrementAndGet();
        }
    }
}

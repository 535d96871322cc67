package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The events count ({@code streamcast_event_processing_seconds_count}, the console's events total) counts every
 * input record, one whose processing throws (a processing-error dead letter) too, but not an attempt that fails the
 * task: the record is processed again, and counted then.
 */
class EventCountTest {

    private static final long T0 = 1_700_000_000_000L;

    /** A store whose writes fail with {@code failure}. */
    private static final class FailingWrites extends InMemoryKeyValueStore {
        private final RuntimeException failure;

        FailingWrites(RuntimeException failure) {
            super(StreamcastTopology.KEY_STATE_STORE);
            this.failure = failure;
        }

        @Override
        public synchronized void put(Bytes key, byte[] value) {
            throw failure;
        }
    }

    @Test
    void shouldCountARecordWhoseProcessingThrows() {
        StreamcastMetrics metrics = processWithWritesFailing(new IllegalStateException("the disk is full"));

        assertThat(metrics.totals().events()).isEqualTo(1);
    }

    @Test
    void shouldNotCountAnAttemptThatFailsTheTask() {
        // a store that cannot be written fails the task: the record is read again from the last commit
        StreamcastMetrics metrics = processWithWritesFailing(new ProcessorStateException("RocksDB write failed"));

        assertThat(metrics.totals().events()).isZero();
    }

    /** The metrics after processing one event whose state cannot be stored because writes fail with failure. */
    private static StreamcastMetrics processWithWritesFailing(RuntimeException failure) {
        StreamcastConfig config = new StreamcastConfig(TestSettings.base());
        StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        StreamcastMetrics metrics = new StreamcastMetrics(new SimpleMeterRegistry());
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0);
        KeyValueBytesStoreSupplier failing = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return StreamcastTopology.KEY_STATE_STORE;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new FailingWrites(failure);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        KeyValueStore<byte[], byte[]> store = Stores.keyValueStoreBuilder(failing, Serdes.ByteArray(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        PredictProcessor predictor = new PredictProcessor(topics, new ModelCatalog(
                config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(), metrics),
                config.predictorSettings(), metrics, new RecentActivity(0, 8, 8, 8),
                SendLimits.of(config.streamsProperties()), new SecondsForMilliseconds(), true);
        predictor.init(context);

        assertThatThrownBy(() -> predictor.process(new Record<>("a".getBytes(StandardCharsets.UTF_8),
                topics.events().serializeValue(new Event(Instant.ofEpochMilli(T0), List.of(1.0))), T0)))
                .isInstanceOf(failure.getClass()).hasMessageContaining(failure.getMessage());
        return metrics;
    }
}

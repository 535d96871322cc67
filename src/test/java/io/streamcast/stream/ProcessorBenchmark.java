package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.TestSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole predictor, {@link PredictProcessor#process}, for one event of one of {@code keys} keys in turn, with a
 * model of {@code hidden} units in use and each key's events {@code spacing} apart: event decoding, key-state
 * decoding and encoding, the step, the prediction's serialisation and, every {@code training.sample.every} events of
 * a key, a training window. Kafka is replaced by a store that keeps the last array put per key and a context that
 * drops what is forwarded, so that the GC profiler ({@code ./bench ProcessorBenchmark -prof gc}) counts what the
 * processor allocates (the console's recent-activity record included): per event, the arrays it hands to Kafka (the
 * stored state and the prediction; a training window now and then) and Kafka's own {@code Record.withValue}, nothing
 * else. {@link #tearDown} prints the sizes of those arrays for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ProcessorBenchmark {

    private static final long T0 = 1_767_225_600_000L;
    /** Byte offset of the event time in an Event record: after magic byte and schema id. */
    private static final int TIME_OFFSET = 5;

    @Param({"32"})
    public int hidden;

    @Param({"1000"})
    public int keys;

    /**
     * Milliseconds between a key's events: a minute, and an hour, at which the key's history (64 events) reaches a
     * day back, so the yesterday forecaster scans it at every step.
     */
    @Param({"60000", "3600000"})
    public long spacing;

    private PredictProcessor processor;
    private Context context;
    private Store store;
    private Record<byte[], byte[]>[] records;
    private long[] times;
    private int next;
    private SplittableRandom random;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        Map<String, Object> settings = TestSettings.base();
        StreamcastConfig config = new StreamcastConfig(settings);
        StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
        StreamcastMetrics metrics = StreamcastMetrics.discarding();
        ModelCatalog models = new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG),
                config.inputSpec(), metrics);
        models.offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 1, config.inputSpec(),
                hidden, 7));
        RecentActivity recent = new RecentActivity(config.inputSpec().forecastIndex(0),
                config.getInt(StreamcastConfig.CONSOLE_KEYS_CONFIG),
                config.getInt(StreamcastConfig.CONSOLE_POINTS_CONFIG),
                100);
        processor = new PredictProcessor(topics, models, config.predictorSettings(), metrics, recent,
                SendLimits.of(config.streamsProperties()), new SecondsForMilliseconds(), true);
        store = new Store();
        context = new Context(store);
        processor.init((ProcessorContext<byte[], byte[]>) (ProcessorContext<?, ?>) context);
        records = new Record[keys];
        times = new long[keys];
        for (int k = 0; k < keys; k++) {
            byte[] key = String.format("key-%07d", k).getBytes(StandardCharsets.UTF_8);
            byte[] value = topics.events().serializeValue(new Event(Instant.ofEpochMilli(T0), List.of(1.0)));
            records[k] = new Record<>(key, value, T0);
            times[k] = T0;
        }
        random = new SplittableRandom(1);
        // Every key past its history length, so each event is a steady-state one.
        for (int i = 0; i < 80 * keys; i++) {
            process();
        }
    }

    @Benchmark
    public long process() {
        int k = next;
        next = k + 1 == keys ? 0 : k + 1;
        Record<byte[], byte[]> record = records[k];
        times[k] += spacing;
        byte[] value = record.value();
        writeTime(value, times[k]);
        writeValue(value, 100 + 10 * Math.sin(times[k] / 3_600_000.0) + random.nextGaussian());
        context.nextRecord();
        processor.process(record);
        return context.forwarded;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%nper event: state %d bytes, prediction %d bytes handed to Kafka%n",
                store.lastPut.length, context.lastValue.length);
    }

    /** The event time as Avro's zigzag varint, in the six bytes it takes for times of this century. */
    private static void writeTime(byte[] value, long time) {
        long raw = time << 1;
        for (int i = 0; i < 6; i++) {
            value[TIME_OFFSET + i] = (byte) ((raw & 0x7f) | (i < 5 ? 0x80 : 0));
            raw >>>= 7;
        }
        if (raw != 0) {
            throw new IllegalStateException("time " + time + " needs more than six varint bytes");
        }
    }

    /** The one value: after the time, the array's block count, then eight little-endian bytes. */
    private static void writeValue(byte[] value, double x) {
        long bits = Double.doubleToRawLongBits(x);
        int at = TIME_OFFSET + 6 + 1;
        for (int i = 0; i < 8; i++) {
            value[at + i] = (byte) (bits >>> (8 * i));
        }
    }

    /** Keeps the last array put per key, found by the key array's identity: no copies, no lookups that allocate. */
    static final class Store implements KeyValueStore<byte[], byte[]> {
        private final IdentityHashMap<byte[], byte[]> values = new IdentityHashMap<>();
        byte[] lastPut = new byte[0];

        @Override
        public void put(byte[] key, byte[] value) {
            values.put(key, value);
            lastPut = value;
        }

        @Override
        public byte[] get(byte[] key) {
            return values.get(key);
        }

        @Override
        public byte[] putIfAbsent(byte[] key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putAll(List<KeyValue<byte[], byte[]>> entries) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] delete(byte[] key) {
            return values.remove(key);
        }

        @Override
        public KeyValueIterator<byte[], byte[]> range(byte[] from, byte[] to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<byte[], byte[]> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return values.size();
        }

        @Override
        public String name() {
            return StreamcastTopology.KEY_STATE_STORE;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /**
     * Drops what is forwarded, remembering the last prediction's size. Each record is read from the next offset of
     * partition 0, as from a topic, so the predictor notes and checks its input position as it does in a stream.
     */
    static final class Context implements ProcessorContext<Object, Object> {
        private final Store store;
        long forwarded;
        byte[] lastValue = new byte[0];
        private long offset = -1;
        private final Optional<RecordMetadata> metadata = Optional.of(new RecordMetadata() {
            @Override
            public String topic() {
                return "events";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return offset;
            }
        });

        /** Moves to the next record's offset. */
        void nextRecord() {
            offset++;
        }

        Context(Store store) {
            this.store = store;
        }

        @Override
        public <K, V> void forward(Record<K, V> record) {
            forwarded++;
        }

        @Override
        public <K, V> void forward(Record<K, V> record, String childName) {
            forwarded++;
            if (StreamcastTopology.PREDICTIONS_SINK.equals(childName)) {
                lastValue = (byte[]) record.value();
            }
        }

        @Override
        public String applicationId() {
            return "benchmark";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return metadata;
        }

        @Override
        public Serde<?> keySerde() {
            return null;
        }

        @Override
        public Serde<?> valueSerde() {
            return null;
        }

        @Override
        public File stateDir() {
            return new File(".");
        }

        @Override
        public StreamsMetrics metrics() {
            return null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends StateStore> S getStateStore(String name) {
            return (S) store;
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return () -> { };
        }

        @Override
        public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type,
                                    Punctuator callback) {
            return () -> { };
        }

        @Override
        public void commit() {
        }

        @Override
        public Map<String, Object> appConfigs() {
            return Map.of();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return Map.of();
        }

        @Override
        public long currentSystemTimeMs() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentStreamTimeMs() {
            return 0;
        }
    }
}

package io.streamcast.serde;

import io.streamcast.schema.Event;
import io.streamcast.schema.KeyState;
import io.streamcast.schema.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record cost of the serdes once their caches are warm. Run with the GC profiler to see bytes allocated per
 * record: {@code java -cp <test classpath> org.openjdk.jmh.Main AvroSerdeBenchmark -prof gc}. An Event with four
 * values encodes to 45 bytes, so serializing it should allocate one 64-byte array and nothing else; a KeyState
 * likewise only its array. A Prediction also boxes its double fields, which Avro's specific API reads as objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AvroSerdeBenchmark {

    private static final String SCOPE = "avro-serde-benchmark";

    private AvroSerde<Event> events;
    private AvroSerde<Prediction> predictions;
    private AvroSerde<KeyState> keyStates;
    private Event event;
    private Prediction prediction;
    private byte[] eventBytes;
    private byte[] predictionBytes;
    private KeyState keyState;
    private byte[] keyStateBytes;

    @Setup
    public void warmUp() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        events = AvroSerde.forValues(Event.class, registry);
        predictions = AvroSerde.forValues(Prediction.class, registry);
        event = new Event(Instant.ofEpochMilli(1_700_000_000_000L), List.of(1.5, -2.0, 3.25, 0.125));
        prediction = new SampleData(1).of(Prediction.class);
        eventBytes = events.serialize("events", event);
        predictionBytes = predictions.serialize("predictions", prediction);
        keyStates = AvroSerde.forValues(KeyState.class, registry);
        keyState = new SampleData(2).of(KeyState.class);
        keyStateBytes = keyStates.serialize("key-state", keyState);
        events.deserialize("events", eventBytes);
        predictions.deserialize("predictions", predictionBytes);
        keyStates.deserialize("key-state", keyStateBytes);
    }

    @TearDown
    public void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Benchmark
    public byte[] serializeEvent() {
        return events.serialize("events", event);
    }

    @Benchmark
    public Event deserializeEvent() {
        return events.deserialize("events", eventBytes);
    }

    @Benchmark
    public byte[] serializePrediction() {
        return predictions.serialize("predictions", prediction);
    }

    @Benchmark
    public Prediction deserializePrediction() {
        return predictions.deserialize("predictions", predictionBytes);
    }

    @Benchmark
    public byte[] serializeKeyState() {
        return keyStates.serialize("key-state", keyState);
    }

    @Benchmark
    public KeyState deserializeKeyState() {
        return keyStates.deserialize("key-state", keyStateBytes);
    }
}

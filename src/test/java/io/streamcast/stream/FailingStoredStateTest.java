package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.DamagedKeyStates;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.Event;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key whose stored state makes every event throw (a processing-error dead letter, nothing stored) would be stuck
 * for good: after three such events in a row it starts afresh with the third. No stored state known to fail the step
 * remains (the last two were mended), so the step is made to fail here on the states the test names. The predictor
 * runs with Kafka Streams' processing exception handler as Streamcast installs it, so the failures are the dead letters
 * an instance sends.
 */
class FailingStoredStateTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final String KEY = "k";

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final StreamcastTopics topics = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private ModelCatalog models;

    /** Starts the predictor with {@code application} in place of the step's own. */
    private void start(PredictProcessor.StepApplication application) {
        StreamcastMetrics metrics = new StreamcastMetrics(registry);
        models = new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), config.inputSpec(), metrics);
        StoreBuilder<KeyValueStore<byte[], byte[]>> keyState = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StreamcastTopology.KEY_STATE_STORE), Serdes.ByteArray(),
                Serdes.ByteArray());
        Topology topology = new Topology();
        topology.addSource("events", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.events().name());
        topology.addProcessor(StreamcastTopology.PREDICT_PROCESSOR, new ProcessorSupplier<byte[], byte[], byte[],
                byte[]>() {
            @Override
            public Processor<byte[], byte[], byte[], byte[]> get() {
                return new PredictProcessor(topics, models, config.predictorSettings(), metrics,
                        new RecentActivity(0, 8, 8, 8), SendLimits.of(config.streamsProperties()),
                        new SecondsForMilliseconds(), true, application);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(keyState);
            }
        }, "events");
        for (String[] sink : new String[][] {{StreamcastTopology.PREDICTIONS_SINK, topics.predictions().name()},
            {StreamcastTopology.ANOMALIES_SINK, topics.anomalies().name()},
            {StreamcastTopology.DEAD_LETTERS_SINK, topics.deadLetters().name()},
            {StreamcastTopology.TRAINING_SAMPLES_SINK, topics.trainingSamples().name()}}) {
            topology.addSink(sink[0], sink[1], new ByteArraySerializer(), new ByteArraySerializer(),
                    StreamcastTopology.PREDICT_PROCESSOR);
        }
        driver = new TopologyTestDriver(topology, config.streamsProperties(), Instant.ofEpochMilli(T0 + 60 * MINUTE));
        events = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
                topics.predictions().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends the event of minute {@code minute} of the key. */
    private void send(int minute) {
        long time = T0 + minute * MINUTE;
        events.pipeInput(KEY.getBytes(StandardCharsets.UTF_8), topics.events().serializeValue(
                new Event(Instant.ofEpochMilli(time), List.of(10.0 + minute))), time);
    }

    private byte[] stored() {
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        return store.get(KEY.getBytes(StandardCharsets.UTF_8));
    }

    private long storedEventCount() {
        return new KeyStateFormat(config.predictorSettings()).view(stored()).eventCount();
    }

    /** The minutes of the events dead-lettered since last asked, each checked to be a processing-error. */
    private List<Long> deadLetteredMinutes() {
        return deadLetters.readRecordsToList().stream().map(dead -> {
            assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("processing-error");
            return (topics.events().deserializeValue(dead.value()).getEventTime().toEpochMilli() - T0) / MINUTE;
        }).toList();
    }

    private List<Long> predictedMinutes() {
        return predictions.readValuesToList().stream()
                .map(p -> (p.getEventTime().toEpochMilli() - T0) / MINUTE).toList();
    }

    private double givenUp() {
        return registry.get("streamcast.key.state.failure.resets").counter().count();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldStartAKeyAfreshWithTheThirdEventInARowItsStoredStateFails() {
        // a state whose latest event is at minute 2, as a state no step wrote, fails every event
        start((step, memory, time, values, model, result) -> {
            if (memory.lastEventTime() == T0 + 2 * MINUTE) {
                throw new IllegalStateException("a state no step wrote");
            }
            step.apply(memory, time, values, model, result);
        });
        for (int minute = 0; minute < 3; minute++) {
            send(minute);
        }
        byte[] poisoned = stored();
        predictions.readValuesToList();

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send(3);
            send(4);

            assertThat(deadLetteredMinutes()).containsExactly(3L, 4L);
            assertThat(predictedMinutes()).isEmpty();
            assertThat(stored()).isEqualTo(poisoned);
            assertThat(log.warnings()).isEmpty();

            send(5);

            assertThat(deadLetteredMinutes()).isEmpty();
            assertThat(predictedMinutes()).containsExactly(5L);
            assertThat(storedEventCount()).as("the events of the fresh state").isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("State of key k failed 3 events in a row").contains("fresh state");
        }
        assertThat(givenUp()).isEqualTo(1.0);

        send(6);
        send(7);

        assertThat(predictedMinutes()).containsExactly(6L, 7L);
        assertThat(deadLetteredMinutes()).isEmpty();
        assertThat(storedEventCount()).isEqualTo(3);
        assertThat(givenUp()).isEqualTo(1.0);
    }

    /**
     * Failures that an applied event separates are not in a row: events of their own that fail on a sound state cost
     * those events, not the key's state.
     */
    @Test
    void shouldKeepTheStoredStateOfAKeyWhoseFailuresAnAppliedEventSeparates() {
        Set<Long> failing = Set.of(T0 + 3 * MINUTE, T0 + 5 * MINUTE, T0 + 6 * MINUTE);
        start((step, memory, time, values, model, result) -> {
            // on the stored state only, as a fresh one would take them
            if (failing.contains(time) && memory.eventCount() > 0) {
                throw new IllegalStateException("an event the step cannot apply to the key's state");
            }
            step.apply(memory, time, values, model, result);
        });
        for (int minute = 0; minute < 3; minute++) {
            send(minute);
        }
        predictions.readValuesToList();

        for (int minute = 3; minute < 8; minute++) {
            send(minute);
        }

        assertThat(deadLetteredMinutes()).containsExactly(3L, 5L, 6L);
        assertThat(predictedMinutes()).containsExactly(4L, 7L);
        assertThat(storedEventCount()).as("minutes 0 to 2, 4 and 7").isEqualTo(5);
        assertThat(givenUp()).isZero();
    }

    /** An event that fails a fresh state too is the event's or the code's failure: the stored state stays. */
    @Test
    void shouldKeepTheStoredStateWhenTheEventFailsAFreshStateToo() {
        start((step, memory, time, values, model, result) -> {
            if (time >= T0 + 3 * MINUTE) {
                throw new IllegalStateException("no event applies");
            }
            step.apply(memory, time, values, model, result);
        });
        for (int minute = 0; minute < 3; minute++) {
            send(minute);
        }
        byte[] before = stored();
        predictions.readValuesToList();

        for (int minute = 3; minute < 7; minute++) {
            send(minute);
        }

        assertThat(deadLetteredMinutes()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(predictedMinutes()).isEmpty();
        assertThat(stored()).isEqualTo(before);
        assertThat(givenUp()).isZero();
    }

    /**
     * The dead letter of an event that fails the fresh state too gives the whole of both failures: the fresh state's
     * with its cause, and the stored state's, suppressed in it.
     */
    @Test
    void shouldGiveEveryCauseOfBothFailuresInTheDeadLetterOfAnEventThatFailsAFreshStateToo() {
        start((step, memory, time, values, model, result) -> {
            if (time >= T0 + 3 * MINUTE) {
                throw memory.eventCount() > 0
                        ? new IllegalStateException("a state no step wrote", new ArithmeticException("stored"))
                        : new IllegalStateException("no event applies", new ArithmeticException("fresh"));
            }
            step.apply(memory, time, values, model, result);
        });
        for (int minute = 0; minute < 6; minute++) {
            send(minute);
        }

        List<String> messages = deadLetters.readRecordsToList().stream()
                .map(dead -> header(dead, DeadLetters.MESSAGE_HEADER)).toList();

        assertThat(messages).containsExactly(
                "java.lang.IllegalStateException: a state no step wrote;"
                        + " Caused by: java.lang.ArithmeticException: stored",
                "java.lang.IllegalStateException: a state no step wrote;"
                        + " Caused by: java.lang.ArithmeticException: stored",
                "java.lang.IllegalStateException: no event applies;"
                        + " Suppressed: java.lang.IllegalStateException: a state no step wrote;"
                        + " Caused by: java.lang.ArithmeticException: stored;"
                        + " Caused by: java.lang.ArithmeticException: fresh");
    }

    /** A key without a stored state has none to give up: its failures are the event's or the code's. */
    @Test
    void shouldGiveUpNoStateOfAKeyThatHasNone() {
        start((step, memory, time, values, model, result) -> {
            throw new IllegalStateException("no event applies");
        });

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            for (int minute = 0; minute < 4; minute++) {
                send(minute);
            }

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(deadLetteredMinutes()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(stored()).isNull();
    }

    /**
     * A stored state whose scaling statistics are absurd but finite (a mean of 1.7e308, which a state cannot be refused
     * for at load, as earlier releases' states hold up to 1e18) re-warmed at a new model version into NaN: the history
     * replayed under statistics undone from it scaled to NaN inputs, the network's state and every forecast it
     * remade NaN, and the key's prediction carried a NaN forecast and raw score. Such a state is given up at once: the
     * event is applied to a fresh state, predicted (no dead letter) and counted. A sound key's re-warm, which leaves
     * its intervals unknown (NaN) for a while, is no such failure.
     */
    @Test
    void shouldApplyTheEventToAFreshStateWhereTheStoredStateLeftANaN() {
        start((step, memory, time, values, model, result) -> step.apply(memory, time, values, model, result));
        offer(1);
        for (int minute = 0; minute < 20; minute++) {
            send(minute);
        }
        offer(2);
        for (int minute = 20; minute < 40; minute++) {
            send(minute);
        }
        assertThat(storedEventCount()).isEqualTo(40);
        assertThat(givenUp()).as("the sound key's re-warm").isZero();
        damage(1.7e308);
        offer(3);
        predictions.readValuesToList();

        try (LogCapture log = LogCapture.of(PredictProcessor.class)) {
            send(40);

            Prediction prediction = predictions.readValue();
            assertThat(prediction.getForecast()).allSatisfy(step -> assertThat(step).allMatch(Double::isFinite));
            assertThat(prediction.getRawScore()).isFinite();
            assertThat(prediction.getResidual()).allMatch(Double::isFinite);
            assertThat(prediction.getLikelihood()).isFinite();
            assertThat(storedEventCount()).as("the events of the fresh state").isEqualTo(1);
            assertThat(log.warnings()).singleElement().asString().startsWith("State of key k left")
                    .contains("fresh state");
        }
        assertThat(deadLetteredMinutes()).isEmpty();
        assertThat(givenUp()).isEqualTo(1.0);

        send(41);

        assertThat(predictedMinutes()).containsExactly(41L);
        assertThat(storedEventCount()).isEqualTo(2);
        assertThat(givenUp()).isEqualTo(1.0);
    }

    /**
     * Without a model, statistics of 1e300 overflowed at the event (the variance, by the square of the event's
     * deviation from the mean): the state was stored so, and reset as it was loaded at the next event, after one event
     * applied to it. That event is applied to a fresh state instead.
     */
    @Test
    void shouldApplyTheEventToAFreshStateWhereTheStoredStatisticsOverflow() {
        start((step, memory, time, values, model, result) -> step.apply(memory, time, values, model, result));
        for (int minute = 0; minute < 10; minute++) {
            send(minute);
        }
        damage(1e300);
        predictions.readValuesToList();

        send(10);

        assertThat(predictedMinutes()).containsExactly(10L);
        assertThat(storedEventCount()).as("the events of the fresh state").isEqualTo(1);
        assertThat(deadLetteredMinutes()).isEmpty();
        assertThat(givenUp()).isEqualTo(1.0);
    }

    private void offer(long version) {
        assertThat(models.offer(TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), version,
                config.inputSpec(), 8, version))).isNull();
    }

    /** Stores the key's state with its first value's scaling statistics set to a mean of {@code mean}. */
    private void damage(double mean) {
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(StreamcastTopology.KEY_STATE_STORE);
        store.put(KEY.getBytes(StandardCharsets.UTF_8),
                DamagedKeyStates.withScaling(config.predictorSettings(), stored(), mean, 0));
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Architecture;
import io.streamcast.schema.Event;
import io.streamcast.schema.InputSpec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the models topic's records, under the bare model name or a version's own key, do to the model in use. */
class ModelUpdateProcessorTest {

    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ModelSnapshot> models;
    private TestInputTopic<String, byte[]> rawModels;
    private TestInputTopic<String, byte[]> events;
    private TestOutputTopic<String, Prediction> predictions;

    @BeforeEach
    void start() {
        config = new StreamcastConfig(TestSettings.base());
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        models = driver.createInputTopic(topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer());
        rawModels = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
        events = driver.createInputTopic(topics.events().name(), new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
                topics.predictions().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private ForecastModel versionOne(long seed) {
        return TestSettings.model(config.getString(StreamcastConfig.MODEL_NAME_CONFIG), 1, config.inputSpec(), 8,
                seed);
    }

    /** The trainer's copy of the version it has just published under its own key is passed over without a word. */
    @Test
    void shouldPassOverTheTrainersCopyOfTheVersionInUseSilently() {
        ForecastModel published = versionOne(1);
        models.pipeInput(ModelKeys.of(published.name(), 1), ModelSnapshotCodec.toSnapshot(published));

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput(published.name(), ModelSnapshotCodec.toSnapshot(published));

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(built.models().refusedCount()).isZero();
    }

    /**
     * A record under the bare name with the version in use but other weights is no copy of it: two trainers publish
     * the model, or a publication was corrupted. It was passed over without a word; it is refused, with a warning
     * that names it, and the version in use stays.
     */
    @Test
    void shouldWarnOfARecordUnderTheBareNameWithTheVersionInUseButOtherWeights() {
        ForecastModel published = versionOne(1);
        ForecastModel other = versionOne(2);
        assertThat(other.network().weights()).as("the seeds give other weights")
                .isNotEqualTo(published.network().weights());
        models.pipeInput(ModelKeys.of(published.name(), 1), ModelSnapshotCodec.toSnapshot(published));

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput(other.name(), ModelSnapshotCodec.toSnapshot(other));

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Refused model default version 1: the record under key default has the version in"
                            + " use but other weights")
                    .contains("two trainers").endsWith("keeping version 1");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(built.models().current().network().weights()).isEqualTo(published.network().weights());
    }

    /**
     * A record of the version in use under its own key again (a producer's retry under at-least-once, a publication
     * written twice) changes nothing and is no refused model: it was refused as "not newer", counted and warned of,
     * which an alert on refused models would have taken for a bad model.
     */
    @Test
    void shouldTakeTheVersionInUseAgainUnderItsOwnKeySilently() {
        ForecastModel published = versionOne(1);
        models.pipeInput(ModelKeys.of(published.name(), 1), ModelSnapshotCodec.toSnapshot(published));

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput(ModelKeys.of(published.name(), 1), ModelSnapshotCodec.toSnapshot(published));

            assertThat(log.warnings()).isEmpty();
        }
        assertThat(built.models().refusedCount()).isZero();
        assertThat(built.models().current().version()).isEqualTo(1);
    }

    /** Under its own key with other weights, it is refused as the bare name's is, saying why. */
    @Test
    void shouldWarnOfARecordUnderItsOwnKeyWithTheVersionInUseButOtherWeights() {
        ForecastModel published = versionOne(1);
        ForecastModel other = versionOne(2);
        models.pipeInput(ModelKeys.of(published.name(), 1), ModelSnapshotCodec.toSnapshot(published));

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput(ModelKeys.of(other.name(), 1), ModelSnapshotCodec.toSnapshot(other));

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Refused model default version 1: the record under key " + ModelKeys.of("default", 1)
                            + " has the version in use but other weights");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(built.models().current().network().weights()).isEqualTo(published.network().weights());
    }

    /**
     * Bytes that are no snapshot are refused under the version their key names, the one a key built elsewhere would
     * wait for; the snapshot's own version cannot be read. They were reported as version 0.
     */
    @Test
    void shouldNameTheVersionOfTheKeyWhenRefusingBytesThatAreNoSnapshot() {
        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            rawModels.pipeInput(ModelKeys.of("default", 6), "no snapshot".getBytes(StandardCharsets.UTF_8));

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Refused model default version 6: undecodable or invalid snapshot under key "
                            + ModelKeys.of("default", 6) + ": ")
                    .endsWith("keeping the fallback forecast");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
    }

    /** A key of this model whose version is out of range says what a version must be. */
    @Test
    void shouldSayWhatAVersionMustBeWhenAKeyNamesNone() {
        ForecastModel published = versionOne(1);
        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput("default@0", ModelSnapshotCodec.toSnapshot(published));

            assertThat(log.warnings()).singleElement().asString()
                    .contains("the key default@0 names no version (a whole number from 1 to 1000000000000000000"
                            + " without a leading zero after default@)");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(built.models().current()).as("nothing taken into use").isNull();
    }

    /** The model version of the prediction an event of a key with no state gets now. */
    private long versionPredictingNow() {
        events.pipeInput("k", built.topics().events().serializeValue(
                new Event(Instant.ofEpochMilli(1_700_000_000_000L), List.of(1.0))));
        return predictions.readValue().getModelVersion();
    }

    /**
     * A publication cut short (a producer or a tool that wrote part of it) is refused at every length, under the
     * version its key names, and the version in use stays and goes on predicting.
     */
    @Test
    void shouldRefuseEveryTruncationOfASnapshotAndKeepTheVersionInUse() {
        models.pipeInput(ModelKeys.of("default", 1), ModelSnapshotCodec.toSnapshot(versionOne(1)));
        ForecastModel two = TestSettings.model("default", 2, config.inputSpec(), 8, 2);
        byte[] whole = built.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(two));

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            for (int length = 0; length < whole.length; length++) {
                rawModels.pipeInput(ModelKeys.of("default", 2), Arrays.copyOf(whole, length));
            }

            assertThat(log.warnings()).hasSize(whole.length).allSatisfy(warning -> assertThat(warning).asString()
                    .startsWith("Refused model default version 2: undecodable or invalid snapshot under key default@2")
                    .endsWith("keeping version 1"));
        }
        assertThat(built.models().refusedCount()).isEqualTo(whole.length);
        assertThat(versionPredictingNow()).isEqualTo(1);
    }

    /**
     * Snapshots that decode but describe no usable network (a buggy trainer's, or one written by hand) are refused,
     * each saying what is wrong with it, and the version in use stays and goes on predicting.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("spoilt")
    void shouldRefuseASnapshotThatDescribesNoUsableNetworkSayingWhy(String what, Consumer<ModelSnapshot> spoil,
                                                                   String reason) {
        models.pipeInput(ModelKeys.of("default", 1), ModelSnapshotCodec.toSnapshot(versionOne(1)));
        ModelSnapshot snapshot = ModelSnapshotCodec.toSnapshot(TestSettings.model("default", 2, config.inputSpec(),
                8, 2));
        spoil.accept(snapshot);

        try (LogCapture log = LogCapture.of(ModelCatalog.class)) {
            models.pipeInput(ModelKeys.of("default", 2), snapshot);

            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Refused model default version 2: undecodable or invalid snapshot under key default@2")
                    .contains(reason).endsWith("keeping version 1");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(versionPredictingNow()).isEqualTo(1);
    }

    static Stream<Arguments> spoilt() {
        return Stream.of(
                Arguments.of("no hidden units", shape(a -> a.setHiddenSize(0)),
                        "input, hidden, layers and output must be positive, got 1, 0, 1, 1"),
                Arguments.of("negative layers", shape(a -> a.setLayers(-1)),
                        "input, hidden, layers and output must be positive, got 1, 8, -1, 1"),
                Arguments.of("a hidden size of gigabytes", shape(a -> a.setHiddenSize(1 << 20)),
                        "need more weights than one array holds"),
                Arguments.of("a hidden size the weights do not fill", shape(a -> a.setHiddenSize(9)),
                        "expected 406 weights for input 1, hidden 9, layers 1, output 1 but got 329"),
                Arguments.of("a NaN weight", weight(Float.NaN), "weight 3 is not finite: NaN"),
                Arguments.of("an infinite weight", weight(Float.NEGATIVE_INFINITY), "weight 3 is not finite"),
                Arguments.of("weights of a byte short", (Consumer<ModelSnapshot>) s -> s.setWeights(
                        ByteBuffer.wrap(Arrays.copyOf(s.getWeights().array(), s.getWeights().remaining() - 1))),
                        "weights are 1315 bytes, not whole floats"),
                Arguments.of("a horizon of 0", spec(i -> i.setHorizon(0)), "horizon must be at least 1, got 0"),
                Arguments.of("a forecast of a value the events lack", spec(i -> i.setForecastIndices(List.of(1))),
                        "forecast index 1 outside the 1 event values"),
                Arguments.of("a NaN scaler decay", spec(i -> i.setScalerDecay(Double.NaN)),
                        "scaler decay must be in (0, 1], got NaN"),
                Arguments.of("a negative version", (Consumer<ModelSnapshot>) s -> s.setVersion(-2),
                        "model version must be from 1 to 1000000000000000000, got -2"));
    }

    private static Consumer<ModelSnapshot> shape(Consumer<Architecture> change) {
        return snapshot -> {
            Architecture architecture = Architecture.newBuilder(snapshot.getArchitecture()).build();
            change.accept(architecture);
            snapshot.setArchitecture(architecture);
        };
    }

    private static Consumer<ModelSnapshot> spec(Consumer<InputSpec> change) {
        return snapshot -> {
            InputSpec spec = InputSpec.newBuilder(snapshot.getSpec()).build();
            change.accept(spec);
            snapshot.setSpec(spec);
        };
    }

    private static Consumer<ModelSnapshot> weight(float value) {
        return snapshot -> {
            ByteBuffer weights = ByteBuffer.wrap(snapshot.getWeights().array().clone()).order(ByteOrder.LITTLE_ENDIAN);
            weights.putFloat(3 * Float.BYTES, value);
            snapshot.setWeights(weights);
        };
    }
}

package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the models topic's records, under the bare model name or a version's own key, do to the model in use. */
class ModelUpdateProcessorTest {

    private StreamcastConfig config;
    private StreamcastTopology built;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ModelSnapshot> models;
    private TestInputTopic<String, byte[]> rawModels;

    @BeforeEach
    void start() {
        config = new StreamcastConfig(TestSettings.base());
        built = StreamcastTopology.build(config, StreamcastMetrics.discarding());
        driver = new TopologyTestDriver(built.topology(), config.streamsProperties());
        StreamcastTopics topics = built.topics();
        models = driver.createInputTopic(topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer());
        rawModels = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
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
                            + " after default@)");
        }
        assertThat(built.models().refusedCount()).isEqualTo(1);
        assertThat(built.models().current()).as("nothing taken into use").isNull();
    }
}

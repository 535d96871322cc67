package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.SectionedCodec;
import io.streamcast.schema.KeyState;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.TrustedSchemaClasses;
import io.streamcast.training.SampleSeries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshots and states written by earlier versions must keep loading and forecasting exactly as they did. */
class GoldenFilesTest {

    static {
        TrustedSchemaClasses.install();
    }

    private final KeyStep step = new KeyStep(GoldenFiles.SETTINGS);
    /** The memory a test restores the golden key into. */
    private final KeyMemory state = step.newMemory();
    private final KeyStateCodec codec = new KeyStateCodec();

    private static byte[] golden(String name) throws IOException {
        return Files.readAllBytes(GoldenFiles.DIRECTORY.resolve(name));
    }

    /** The forecasts a key makes from {@code memory} over the second half of the golden run. */
    private double[] continued(KeyMemory memory) throws IOException {
        return GoldenFiles.run(goldenModel(), memory, step, GoldenFiles.STEPS / 2, GoldenFiles.STEPS);
    }

    private static <T> T read(String name, Class<T> type) throws IOException {
        Path file = GoldenFiles.DIRECTORY.resolve(name);
        try (DataFileReader<T> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            return reader.next();
        }
    }

    private static Schema writerSchema(String name) throws IOException {
        Path file = GoldenFiles.DIRECTORY.resolve(name);
        try (DataFileReader<Object> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>())) {
            return reader.getSchema();
        }
    }

    private static ForecastModel goldenModel() throws IOException {
        return ModelSnapshotCodec.fromSnapshot(read("model-snapshot-v1.avro", ModelSnapshot.class));
    }

    private static double[] expectedForecasts() throws IOException {
        List<String> expected = Files.readAllLines(GoldenFiles.DIRECTORY.resolve("forecasts-v1.txt"));
        return expected.stream().mapToDouble(Double::parseDouble).toArray();
    }

    /** What the key-state store held in releases before the sectioned format: the registry wire format. */
    private static byte[] registryFramed(KeyState state, Schema writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, 0, 0, 0, 42});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        new SpecificDatumWriter<KeyState>(writer).write(state, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    @Test
    void shouldLoadTheV1ModelSnapshotExactly() throws IOException {
        ModelSnapshot stored = read("model-snapshot-v1.avro", ModelSnapshot.class);

        ForecastModel model = ModelSnapshotCodec.fromSnapshot(stored);

        ForecastModel expected = GoldenFiles.model();
        assertThat(model.version()).isEqualTo(5);
        assertThat(model.spec()).isEqualTo(expected.spec());
        assertThat(model.network().weights()).isEqualTo(expected.network().weights());
        assertThat(model.training()).isEqualTo(expected.training());
        assertThat(ModelSnapshotCodec.toSnapshot(model)).isEqualTo(stored);
    }

    @Test
    void shouldMigrateARegistryFramedV1KeyStateAndContinueWithTheSameForecasts() throws IOException {
        KeyState stored = read("key-state-v1.avro", KeyState.class);
        byte[] framed = registryFramed(stored, writerSchema("key-state-v1.avro"));

        assertThat(codec.decode(framed, state)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);

        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldStartAfreshALegacyKeyStateWithOverflowedScalingOrANegativeCount() throws IOException {
        KeyState stored = read("key-state-v1.avro", KeyState.class);
        ByteBuffer scaler = ByteBuffer.allocate(stored.getScaler().remaining()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < scaler.capacity() / Double.BYTES; i++) {
            scaler.putDouble(Double.BYTES * i, i % 2 == 0 ? 1e30 : Double.POSITIVE_INFINITY);
        }
        KeyState overflowed = KeyState.newBuilder(stored).setScaler(scaler).build();
        KeyState negative = KeyState.newBuilder(stored).setEventCount(-5).build();
        Schema writer = writerSchema("key-state-v1.avro");

        assertThat(codec.decode(registryFramed(overflowed, writer), state)).isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(codec.decode(registryFramed(negative, writer), state)).isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(codec.decode(registryFramed(stored, writer), state)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);
    }

    /**
     * A legacy state is checked as it is loaded as a sectioned one is: a network state or forecast that is not finite
     * (bytes no step wrote) starts only that afresh, the network re-warmed at the key's next event; a history value
     * that is not finite or a negative variance starts the key afresh. Loaded unchecked, the NaN network state made
     * the key's next model forecast NaN, and a NaN forecast its next residual and score.
     */
    @Test
    void shouldCheckALegacyKeyStateAsASectionedOne() throws IOException {
        KeyState stored = read("key-state-v1.avro", KeyState.class);
        Schema writer = writerSchema("key-state-v1.avro");
        assertThat(codec.decode(registryFramed(stored, writer), state)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);
        assertThat(state.lstmStateSize).isPositive();
        assertThat(state.forecastRows).isEqualTo(1);
        long events = state.eventCount();
        long version = state.modelVersion();
        assertThat(version).isPositive();

        KeyState network = KeyState.newBuilder(stored).setLstmState(withFloat(stored.getLstmState(), 3, Float.NaN))
                .build();
        assertThat(codec.decode(registryFramed(network, writer), state)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);
        assertThat(state.lstmStateSize).isZero();
        assertThat(state.modelVersion()).isZero();
        assertThat(state.eventCount()).isEqualTo(events);
        assertThat(state.forecastRows).isEqualTo(1);

        KeyState versionBelowZero = KeyState.newBuilder(stored).setModelVersion(-version).build();
        assertThat(codec.decode(registryFramed(versionBelowZero, writer), state))
                .isEqualTo(KeyStateCodec.Outcome.MIGRATED);
        assertThat(state.modelVersion()).isZero();
        assertThat(state.lstmStateSize).isZero();

        ByteBuffer forecast = copy(stored.getForecast());
        forecast.putDouble(forecast.capacity() - Double.BYTES, Double.POSITIVE_INFINITY);
        KeyState forecasts = KeyState.newBuilder(stored).setForecast(forecast).build();
        assertThat(codec.decode(registryFramed(forecasts, writer), state)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);
        assertThat(state.forecastRows).isZero();
        assertThat(state.lstmStateSize).isPositive();
        assertThat(state.eventCount()).isEqualTo(events);

        KeyState history = KeyState.newBuilder(stored)
                .setHistoryValues(withFloat(stored.getHistoryValues(), 5, Float.POSITIVE_INFINITY)).build();
        assertThat(codec.decode(registryFramed(history, writer), state)).isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(state.eventCount()).isZero();

        ByteBuffer scaler = copy(stored.getScaler());
        // value 1's variance, after its mean: [mean, variance] per value
        scaler.putDouble(3 * Double.BYTES, -1);
        KeyState negative = KeyState.newBuilder(stored).setScaler(scaler).build();
        assertThat(codec.decode(registryFramed(negative, writer), state)).isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(state.eventCount()).isZero();
    }

    /** A little-endian copy of {@code bytes}, whose position is left as it was. */
    private static ByteBuffer copy(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(bytes.duplicate()).flip();
        return copy;
    }

    /** {@code floats} (little-endian) with float {@code i} set to {@code value}. */
    private static ByteBuffer withFloat(ByteBuffer floats, int i, float value) {
        ByteBuffer copy = copy(floats);
        copy.putFloat(i * Float.BYTES, value);
        return copy;
    }

    @Test
    void shouldMigrateAKeyStateOfTheFirstReleasedSchemaWithoutTheLastScores() throws IOException {
        KeyState stored = read("key-state-v1.avro", KeyState.class);
        Schema first = new Schema.Parser().parse(Path.of("schemas/previous/KeyState.v1.avsc").toFile());
        KeyMemory fromFirst = step.newMemory();
        KeyMemory fromLatest = step.newMemory();

        assertThat(codec.decode(registryFramed(stored, first), fromFirst)).isEqualTo(KeyStateCodec.Outcome.MIGRATED);
        assertThat(codec.decode(registryFramed(stored, KeyState.getClassSchema()), fromLatest))
                .isEqualTo(KeyStateCodec.Outcome.MIGRATED);

        assertThat(fromFirst.historySize()).isEqualTo(GoldenFiles.SETTINGS.historyLength());
        assertThat(KeyStateView.of(fromFirst, GoldenFiles.SPEC).likelihood()).isEqualTo(0.5);
        assertThat(continued(fromFirst)).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV1KeyStateWithTheSameForecasts() throws IOException {
        // Version 1 had no intervals section: the interval calibration starts afresh, everything else continues.
        assertContinuesAfterAPartialResetAndAsRewritten("key-state-sections-v1.bin");
    }

    @Test
    void shouldRestoreASectionsV1KeysLastForecastsAndEstimateItsSignedLogScaling() throws IOException {
        assertThat(codec.decode(golden("key-state-sections-v1.bin"), state))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        KeyMemory uninterrupted = step.newMemory();
        GoldenFiles.run(goldenModel(), uninterrupted, step, 0, GoldenFiles.STEPS / 2);

        // the forecasts made after the last stored event, which the next event is scored against
        assertThat(state.forecastRows).isEqualTo(1);
        for (int k = 1; k <= GoldenFiles.SPEC.horizon(); k++) {
            double expected = uninterrupted.modelForecasts[uninterrupted.at(0, k, 0)];
            assertThat(state.forecasts[state.at(0, k, 0)]).as("step %d", k)
                    .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
        }
        // version 1 kept no signed-log statistics: to first order, log(1 + |mean|) with the mean's sign, and the
        // variance times the squared slope of the signed log at the mean
        for (int j = 0; j < state.mean.length; j++) {
            double mean = state.mean[j];
            double slope = 1 / (1 + Math.abs(mean));
            assertThat(state.logMean[j]).isCloseTo(Math.signum(mean) * Math.log(1 + Math.abs(mean)), within(1e-12));
            assertThat(state.logVariance[j]).isCloseTo(state.variance[j] * slope * slope,
                    within(1e-12 * state.variance[j]));
            assertThat(state.variance[j]).isPositive();
        }
    }

    /**
     * The stream decodes every key into one reused memory, so a decode must leave nothing of the key before: a stored
     * state of each version, decoded into a memory that has just served a long-running key of other values, encodes
     * and continues exactly as decoded into a fresh one.
     */
    @ParameterizedTest(name = "sections v{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
        27})
    void shouldDecodeIntoAMemoryThatServedAnotherKeyAsIntoAFreshOne(int version) throws IOException {
        byte[] stored = golden("key-state-sections-v" + version + ".bin");
        KeyMemory fresh = step.newMemory();
        KeyMemory used = step.newMemory();
        ForecastModel model = goldenModel();
        StepResult result = step.newResult();
        for (int i = 0; i < 24 * 21; i++) {
            double[] event = GoldenFiles.event(i);
            step.apply(used, GoldenFiles.time(i) - 30L * 86_400_000L,
                    new double[] {3 * event[0] + 7, 5 * event[1] - 40 + (i % 97 == 0 ? 900 : 0)}, model, result);
        }

        assertThat(codec.decode(stored, used)).isEqualTo(codec.decode(stored, fresh));
        assertThat(codec.encode(used)).isEqualTo(codec.encode(fresh));
        assertThat(GoldenFiles.run(model, used, step, GoldenFiles.STEPS / 2, GoldenFiles.STEPS, true))
                .containsExactly(GoldenFiles.run(model, fresh, step, GoldenFiles.STEPS / 2, GoldenFiles.STEPS, true));
        assertThat(KeyStateView.of(used, GoldenFiles.SPEC).likelihood())
                .isEqualTo(KeyStateView.of(fresh, GoldenFiles.SPEC).likelihood());
    }

    @Test
    void shouldContinueASectionsV2KeyStateWithTheSameForecastsAndNoAnomalyRecorded() throws IOException {
        byte[] stored = golden("key-state-sections-v2.bin");

        // Its detector section is the scorer of earlier releases: the detector restarts, the rest continues.
        // Counters version 1 did not record whether the last event was an anomaly: read as not one.
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(KeyStateView.of(state, GoldenFiles.SPEC).anomaly()).isFalse();

        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV3KeyStateWithTheSameForecasts() throws IOException {
        // Its detector section is the scorer of earlier releases: the detector restarts, the rest continues.
        assertContinuesAfterAPartialResetAndAsRewritten("key-state-sections-v3.bin");
    }

    /**
     * A stored state one of whose sections this release starts afresh loads partly reset, is written back in the
     * current format, and both the loaded and the rewritten state go on with the golden forecasts.
     */
    private void assertContinuesAfterAPartialResetAndAsRewritten(String file) throws IOException {
        byte[] stored = golden(file);

        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        KeyMemory rewritten = step.newMemory();
        assertThat(codec.decode(codec.encode(state), rewritten)).isEqualTo(KeyStateCodec.Outcome.LOADED);

        assertThat(continued(state))
                .containsExactly(expectedForecasts());
        assertThat(continued(rewritten))
                .containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV4KeyStateWithItsDetectorAndAnEmptyDailyProfile() throws IOException {
        byte[] stored = golden("key-state-sections-v4.bin");

        // Detector version 1 had no daily profile: the detector goes on, its profile starts empty. Nor was there a
        // forecasters section, which starts afresh.
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(state.anomaly.events()).as("the golden state's events").isEqualTo(GoldenFiles.STEPS / 2);
        // Written back with low, high, the error scale and four records as float32 instead of float64 (7 x 4 bytes
        // fewer), the flag byte and the empty profile of one scored value with a window of 10 (24 means, float32 here,
        // 24 count bytes, two one-byte varints, a float32 scale, 10 float32 deviations and a record of two
        // float32s), and one more byte for the section's length, now over 127 bytes. Then the forecasters section:
        // id and version bytes, two bytes of length (over 127), the row count and length (a byte each), per row
        // three float64 model forecasts and three float32 daily and three weekly ones, per forecaster (four) and step
        // a float32 error and a one-byte count, per pair of forecasters (six) and step two float32s and a one-byte
        // count, three float32s of the daily forecaster's autocorrelation and three of the weekly one's, the weekly
        // profile's start (none: Long.MAX_VALUE, ten bytes as a zigzag varint), its length (336, two bytes) and its
        // 336 count bytes, all 0, so no means. And the detector's changes and weekly deviations, empty (detector
        // versions 3 and 4), the anomaly's score (version 5), and the forecasters section's later additions.
        int forecasters = 4 + 2 + state.forecastRows * 3 * (8 + 4 + 4) + 4 * 3 * (4 + 1) + 6 * 3 * (4 + 4 + 1)
                + 3 * 4 + 3 * 4 + 10 + 2 + WeeklyForecast.SLOTS;
        assertThat(codec.encode(state).length - stored.length)
                .isEqualTo(-7 * 4 + 1 + 24 * 4 + 24 + 1 + 4 + 1 + 10 * 4 + 2 * 4 + 1 + forecasters
                        + EMPTY_ADDITIONS + FORECAST_VALUES_BYTES + EXACT_RECENT_VALUES_BYTES + WIDE_FORECASTS_BYTES
                        + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);

        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV5KeyStateWithTheSameForecasts() throws IOException {
        // Version 5 had no forecasters section: the key's choice of forecaster starts afresh, the rest continues.
        assertContinuesAfterAPartialResetAndAsRewritten("key-state-sections-v5.bin");
    }

    @Test
    void shouldContinueASectionsV6KeyStateWithTheSameForecastsAndWriteItBackInTheSameLayout() throws IOException {
        byte[] stored = golden("key-state-sections-v6.bin");

        // Its forecasters section held mean squares where version 2 holds deviations: read and converted
        // (KeyStateCodecTest checks the conversion), so the state loads whole; it had no weekly rhythm, which is
        // written back empty, as are the detector's changes and weekly deviations; nor were its forecast values
        // stored: it is read as made for the configured ones, which are written back.
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        byte[] rewritten = codec.encode(state);
        assertThat(rewritten.length - stored.length)
                .isEqualTo(emptyWeeklyRhythmBytes(state) + EMPTY_ADDITIONS + FORECAST_VALUES_BYTES
                        + EXACT_RECENT_VALUES_BYTES + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES
                        + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
        assertThat(codec.decode(rewritten, step.newMemory())).isEqualTo(KeyStateCodec.Outcome.LOADED);

        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    /**
     * What the forecasters section of a state stored without the weekly rhythm grows by when written back, per row
     * one float32 weekly forecast per step (the golden key forecasts one value); a fourth forecaster's float32 error
     * and one-byte count per step; three more pairs' two float32s and one-byte count per step; the weekly lag sums
     * (three float32s); the profile's start, none yet (Long.MAX_VALUE, a ten-byte zigzag varint); its length, 336
     * (a two-byte varint), and the 336 half hours' count bytes, all 0, so no means; and the section's length, which
     * stays a two-byte varint.
     */
    private static int emptyWeeklyRhythmBytes(KeyMemory state) {
        int steps = GoldenFiles.SPEC.horizon();
        return state.forecastRows * steps * 4 + steps * (4 + 1) + 3 * steps * (4 + 4 + 1) + 3 * 4 + 10 + 2
                + WeeklyForecast.SLOTS;
    }

    /**
     * What a state whose forecasters section is at version 3 shrinks by when written back: version 4 keeps no mean
     * for a half hour of the week the key has not sent in. The golden key's 20 stored events are an hour apart, each
     * in a half hour of its own, so 336 - 20 means of four bytes go.
     */
    private static final int UNSEEN_HALF_HOURS_BYTES = 4 * (WeeklyForecast.SLOTS - GoldenFiles.STEPS / 2);

    /**
     * What a state whose detector section is at version 3 (detector version 2) grows by when written back: the
     * detector's changes (version 3), empty, for the golden key's one scored value with a window of 10: the previous
     * value (a float64 since detector version 9, NaN), changes seen and judged (one-byte varints, 0), their scale (a
     * float32), the ring (10 float32s) and the record of their drift (two float32s). The section's length stays a
     * two-byte varint.
     */
    private static final int EMPTY_CHANGES_BYTES = 8 + 1 + 4 + 1 + 10 * 4 + 2 * 4;

    /**
     * What a state whose detector kept the previous value as a float32 (detector versions 3 to 8, sections v11 to v22)
     * grows by when written back: that value as a float64 (detector version 9), for the golden key's one scored value.
     * The section's length stays a two-byte varint.
     */
    private static final int WIDE_PREVIOUS_BYTES = 8 - 4;

    /**
     * What a state whose history section is at version 1 (sections v1 to v23) grows by when written back: the number of
     * its newest events whose values are stored exactly (a one-byte varint), and those values, the golden key's
     * horizon's three events' two values, as float64s instead of float32s; the section's length, over 127 bytes now,
     * takes a two-byte varint.
     */
    private static final int EXACT_RECENT_VALUES_BYTES = 1 + GoldenFiles.SPEC.horizon()
            * GoldenFiles.SPEC.valueDimension() * (8 - 4) + 1;

    /**
     * What a state whose forecasters section is at version 10 or earlier (sections v1 to v24) grows by when written
     * back: the daily and weekly rhythms' and yesterday's forecasts, per row (the golden key's three) and step (three)
     * of its one forecast value, as float64s instead of float32s, those it stored and those written back empty alike.
     * The section's length stays a two-byte varint.
     */
    private static final int WIDE_FORECASTS_BYTES = GoldenFiles.SPEC.horizon() * GoldenFiles.SPEC.horizon() * 3
            * (8 - 4);

    /**
     * What a state whose detector section is at version 11 or earlier (sections v1 to v25) grows by when written back:
     * the daily profile's 24 means of the golden key's one scored value as float64s instead of float32s (detector
     * version 10), those it stored and those written back empty alike. The section's length stays a two-byte varint.
     */
    private static final int WIDE_DAILY_MEANS_BYTES = 24 * (8 - 4);

    /**
     * What a state stored without the input position section (sections v1 to v26) grows by when written back: the
     * section's id, version and length (a byte each), then the input partition and offset of the last record applied,
     * none (-1 each, a one-byte zigzag varint each). The sections' count stays a one-byte varint.
     */
    private static final int INPUT_POSITION_BYTES = 3 + 2;

    /**
     * What a state whose interval widths section is at version 1 (sections v28) grows by when written back: the
     * forecast values ({@link ForecastValues}) at the section's head, the count and the golden key's one index
     * (one-byte varints). The section's length stays a one-byte varint.
     */
    private static final int INTERVAL_WIDTHS_FORECAST_VALUES_BYTES = 1 + 1;

    /**
     * What a state stored before the interval widths section grows by when written back: that section, its id, version
     * and length (a byte each), its forecast values, the rows and row length (one-byte varints, 3 and 3), then what set
     * the width of each of the golden key's pending forecasts, a byte each: its three rows of three steps of one
     * forecast value.
     */
    private static final int INTERVAL_WIDTHS_BYTES = 3 + INTERVAL_WIDTHS_FORECAST_VALUES_BYTES + 1 + 1 + 3 * 3;

    /**
     * What a state whose detector section is at version 4 (detector version 3) grows by when written back: the weekly
     * deviations (detector version 4), kept with the daily profile, empty: deviations seen and judged (one-byte
     * varints, 0), their scale (a float32), the ring (10 float32s) and their record (two float32s).
     */
    private static final int EMPTY_WEEKLY_DEVIATION_BYTES = 1 + 4 + 1 + 10 * 4 + 2 * 4;

    /**
     * What a state whose detector section is at version 5 (detector version 4) grows by when written back: the score
     * of the anomaly that started the refractory period (detector version 5), a float64. The golden key has raised
     * none; its section's length stays a two-byte varint.
     */
    private static final int ANOMALY_SCORE_BYTES = 8;

    /**
     * What a state whose detector section is at version 6 (detector version 5) grows by when written back: the
     * volatility's long run (detector version 6), empty: its values (a one-byte varint, 0), mean and variance (float32
     * each). The section's length stays a two-byte varint.
     */
    private static final int EMPTY_LONG_RUN_BYTES = 1 + 4 + 4;

    /**
     * What a state whose detector section is at version 7 (detector version 6) grows by when written back: the long
     * runs of the daily and the weekly deviations (detector version 7), empty, each stored as the volatility's.
     */
    private static final int EMPTY_RHYTHM_LONG_RUNS_BYTES = 2 * EMPTY_LONG_RUN_BYTES;

    /**
     * What a state whose detector section is at version 8 (detector version 7) grows by when written back: the
     * record of the share of surprises (two float32s) and its long run, empty, stored as the volatility's (detector
     * version 8).
     */
    private static final int EMPTY_SURPRISE_BYTES = 2 * 4 + EMPTY_LONG_RUN_BYTES;

    /** What a state stored before the deviations' long runs grows by: those and the surprises'. */
    private static final int SINCE_RHYTHM_LONG_RUNS_BYTES = EMPTY_RHYTHM_LONG_RUNS_BYTES + EMPTY_SURPRISE_BYTES;

    /** What a state stored before the volatility's long run grows by: that, the deviations' and the surprises'. */
    private static final int SINCE_LONG_RUN_BYTES = EMPTY_LONG_RUN_BYTES + SINCE_RHYTHM_LONG_RUNS_BYTES;

    /** What a state stored before the anomaly's score grows by: that score and the long runs. */
    private static final int SINCE_ANOMALY_SCORE_BYTES = ANOMALY_SCORE_BYTES + SINCE_LONG_RUN_BYTES;

    /**
     * What a state stored before the detector's changes grows by: the changes and the weekly deviations, empty, the
     * anomaly's score and the long runs, empty.
     */
    private static final int EMPTY_DETECTOR_ADDITIONS = EMPTY_CHANGES_BYTES + EMPTY_WEEKLY_DEVIATION_BYTES
            + SINCE_ANOMALY_SCORE_BYTES;

    /**
     * What a state whose forecasters section is at version 8 grows by when written back: the weekly and the daily
     * deviations' regressions (version 9), empty: each its length (a one-byte varint) and the golden key's one forecast
     * value's floats (float32 each) for its three steps. The section's length stays a two-byte varint.
     */
    private static final int EMPTY_REGRESSION_BYTES =
            2 * (1 + 4 * DeviationRegression.stride(GoldenFiles.SPEC.horizon()));

    /**
     * What a state whose forecasters section is at version 7 grows by when written back: the last day's deviations
     * from the weekly profile (version 8), none: their length, 0 (a one-byte varint); and what version 9 added.
     */
    private static final int EMPTY_DAY_LAG_BYTES = 1 + EMPTY_REGRESSION_BYTES;

    /**
     * What a state whose forecasters section is at version 6 grows by when written back: yesterday's forecasts
     * (version 7), none, a float32 NaN per step in each of the golden key's rows (as many as its steps, three); the
     * fifth forecaster's float32 error and one-byte count per step; and four more pairs' two float32s and one-byte
     * count per step; and what version 8 added. The section's length stays a two-byte varint.
     */
    private static final int EMPTY_YESTERDAY_BYTES = GoldenFiles.SPEC.horizon() * GoldenFiles.SPEC.horizon() * 4
            + GoldenFiles.SPEC.horizon() * (4 + 1) + 4 * GoldenFiles.SPEC.horizon() * (4 + 4 + 1)
            + EMPTY_DAY_LAG_BYTES;

    /**
     * What a state whose forecasters section is at version 5 grows by when written back: the day's events (version 6;
     * none yet, a one-byte varint) and the golden key's one forecast value's usual squared deviation (float32), and
     * what version 7 added.
     */
    private static final int EMPTY_UNUSUAL_DAY_BYTES = 1 + 4 + EMPTY_YESTERDAY_BYTES;

    /**
     * What a state whose forecasters section is at version 4 grows by when written back: the similar-day fits
     * (version 5) of the golden key's one forecast value, none yet: their length (7, a one-byte varint), the day and
     * its first event's time (none: Long.MIN_VALUE, ten bytes each as zigzag varints), 7 fits and 7 deviations
     * (float32 each), and what version 6 added.
     */
    private static final int EMPTY_SIMILAR_DAY_BYTES = 1 + 10 + 10 + 2 * SimilarDay.DAYS * 4 + EMPTY_UNUSUAL_DAY_BYTES;

    /** What a state stored before the detector's changes grows by: those, the weekly deviations and the fits. */
    private static final int EMPTY_ADDITIONS = EMPTY_DETECTOR_ADDITIONS + EMPTY_SIMILAR_DAY_BYTES;

    /**
     * What a state stored before sections v22 grows by when written back: the forecast values ({@link ForecastValues})
     * at the head of its forecast, detector, intervals and forecasters sections, each the count and the golden key's
     * one index (one-byte varints). No section's length grows a byte.
     */
    private static final int FORECAST_VALUES_BYTES = 4 * (1 + 1);

    /** A key restored from {@code stored} issues the forecasts a key that was never stored issues. */
    private void assertIssuesAsAnUninterruptedKey(byte[] stored) throws IOException {
        KeyMemory uninterrupted = step.newMemory();
        GoldenFiles.run(goldenModel(), uninterrupted, step, 0, GoldenFiles.STEPS / 2);
        double[] issued = GoldenFiles.run(goldenModel(), uninterrupted, step, GoldenFiles.STEPS / 2,
                GoldenFiles.STEPS, true);
        KeyMemory restored = step.newMemory();
        assertThat(codec.decode(stored, restored)).isNotEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(GoldenFiles.run(goldenModel(), restored, step, GoldenFiles.STEPS / 2, GoldenFiles.STEPS, true))
                .containsExactly(issued);
    }

    @Test
    void shouldContinueASectionsV7KeyStateAsAnUninterruptedKeyAndWriteItBackWithAnEmptyWeeklyRhythm()
            throws IOException {
        byte[] stored = golden("key-state-sections-v7.bin");

        // No weekly rhythm in version 2 of the forecasters section: it starts empty. The golden key's events are
        // hourly, 40 in all, so an uninterrupted key's weekly profile is never a week old and makes no forecast
        // either: the issued forecasts are the same.
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(codec.encode(state).length - stored.length)
                .isEqualTo(emptyWeeklyRhythmBytes(state) + EMPTY_ADDITIONS + FORECAST_VALUES_BYTES
                        + EXACT_RECENT_VALUES_BYTES + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES
                        + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);

        assertIssuesAsAnUninterruptedKey(stored);
        assertThat(continued(state))
                .containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV8KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackAsLong() throws IOException {
        byte[] stored = golden("key-state-sections-v8.bin");

        // Its intervals section held mean square errors where version 2 holds mean absolute errors: read and
        // converted (KeyStateCodecTest checks the conversion) into doubles of the same size. The intervals do not
        // choose forecasts, so the key issues what an uninterrupted key issues.
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        byte[] rewritten = codec.encode(state);
        assertThat(stored.length - rewritten.length)
                .isEqualTo(UNSEEN_HALF_HOURS_BYTES - EMPTY_ADDITIONS - FORECAST_VALUES_BYTES
                        - EXACT_RECENT_VALUES_BYTES - WIDE_FORECASTS_BYTES - WIDE_DAILY_MEANS_BYTES
                        - INPUT_POSITION_BYTES - INTERVAL_WIDTHS_BYTES);

        assertIssuesAsAnUninterruptedKey(stored);
        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV9KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithoutTheUnseenHalfHours()
            throws IOException {
        byte[] stored = golden("key-state-sections-v9.bin");

        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        byte[] rewritten = codec.encode(state);
        assertThat(stored.length - rewritten.length)
                .isEqualTo(UNSEEN_HALF_HOURS_BYTES - EMPTY_ADDITIONS - FORECAST_VALUES_BYTES
                        - EXACT_RECENT_VALUES_BYTES - WIDE_FORECASTS_BYTES - WIDE_DAILY_MEANS_BYTES
                        - INPUT_POSITION_BYTES - INTERVAL_WIDTHS_BYTES);
        KeyMemory reread = step.newMemory();
        assertThat(codec.decode(rewritten, reread)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(reread.weeklyMeans).isEqualTo(state.weeklyMeans);
        assertThat(reread.weeklyCounts).isEqualTo(state.weeklyCounts);
        // read with the weekly rhythm off, version 3's dense profile is skipped whole and the rest of the key loads
        KeyMemory withoutWeekly = new KeyStep(GoldenFiles.SETTINGS.withWeeklyRhythm(false)).newMemory();
        assertThat(codec.decode(stored, withoutWeekly)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(withoutWeekly.pairMeans).isEqualTo(state.pairMeans);

        assertIssuesAsAnUninterruptedKey(stored);
        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV10KeyStateAsAnUninterruptedKeyWithEmptyChangesAndWeeklyDeviations()
            throws IOException {
        // Its detector had no changes nor weekly deviations: they start empty. The golden key's 40 events score
        // nothing (the learning period is 200 events), so the key issues what an uninterrupted key issues.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v10.bin",
                EMPTY_ADDITIONS + FORECAST_VALUES_BYTES + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV11KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptyWeeklyDeviations()
            throws IOException {
        // Its detector had no weekly deviations: they start empty. The golden key's 40 hourly events never make its
        // weekly profile a week old, so an uninterrupted key has none either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v11.bin",
                EMPTY_WEEKLY_DEVIATION_BYTES + SINCE_ANOMALY_SCORE_BYTES + EMPTY_SIMILAR_DAY_BYTES
                        + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    /**
     * The state stored in {@code file} loads whole, is written back {@code growth} bytes longer, and issues what an
     * uninterrupted key issues.
     */
    private void assertLoadsGrownByAndIssuesAsAnUninterruptedKey(String file, int growth) throws IOException {
        byte[] stored = golden(file);
        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(codec.encode(state).length - stored.length).isEqualTo(growth);

        assertIssuesAsAnUninterruptedKey(stored);
        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldContinueASectionsV12KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptySimilarDayFits()
            throws IOException {
        // Its forecasters section kept no similar-day fits: the key starts its next day with none. The golden key's
        // 40 hourly events never make its weekly profile three weeks old, so an uninterrupted key uses none either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v12.bin",
                EMPTY_SIMILAR_DAY_BYTES + SINCE_ANOMALY_SCORE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV13KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithTheDaysEvents()
            throws IOException {
        // Its forecasters section kept no count of the day's events nor the usual squared deviations: the key does not
        // know its day to be unusual until the next. The golden key's 40 hourly events never make its weekly profile
        // three weeks old, so an uninterrupted key forecasts no day from another either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v13.bin",
                EMPTY_UNUSUAL_DAY_BYTES + SINCE_ANOMALY_SCORE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV14KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithAnEmptyYesterday()
            throws IOException {
        // Its forecasters section had no yesterday forecaster: it starts empty. The golden key keeps 12 hourly events,
        // never a day back, so an uninterrupted key has no yesterday forecasts either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v14.bin",
                EMPTY_YESTERDAY_BYTES + SINCE_ANOMALY_SCORE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV15KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithTheAnomalysScore()
            throws IOException {
        // Its detector kept no score of the anomaly that started a refractory period: a period then runs to its end.
        // The golden key has raised no anomaly (its 40 events are all within the learning period), so it issues what
        // an uninterrupted key issues.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v15.bin",
                SINCE_ANOMALY_SCORE_BYTES + EMPTY_DAY_LAG_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV16KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptyLongRuns()
            throws IOException {
        // Its detector kept no long run of the volatility, nor of the daily and weekly deviations: they start empty.
        // The golden key's 40 events are all within the learning period, so nothing it scores depends on them, and it
        // issues what an uninterrupted key issues.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v16.bin",
                SINCE_LONG_RUN_BYTES + EMPTY_DAY_LAG_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV17KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptyRhythmLongRuns()
            throws IOException {
        // Its detector kept no long run of the daily and weekly deviations: they start empty. The golden key's 40
        // events are all within the learning period, so nothing it scores depends on them.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v17.bin",
                SINCE_RHYTHM_LONG_RUNS_BYTES + EMPTY_DAY_LAG_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV18KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptyDayLag()
            throws IOException {
        // Its forecasters section kept no deviations of the last day from the weekly profile: they start empty. The
        // golden key's 40 hourly events never make its weekly profile a week old, so an uninterrupted key's weekly
        // rhythm forecasts nothing either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v18.bin",
                EMPTY_DAY_LAG_BYTES + EMPTY_SURPRISE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV19KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptyRegressions()
            throws IOException {
        // Its forecasters section kept no regressions of the weekly and daily deviations: they start empty. The golden
        // key's 40 hourly events never make its weekly profile a week old, nor teach a regression the 200 deviations it
        // forecasts after, so an uninterrupted key's regressions forecast nothing either.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v19.bin",
                EMPTY_REGRESSION_BYTES + EMPTY_SURPRISE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV20KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithEmptySurprises()
            throws IOException {
        // Its detector kept no share of surprises: their record and long run start empty. The golden key's 40 events
        // are all within the learning period, so nothing it scores depends on them.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v20.bin",
                EMPTY_SURPRISE_BYTES + FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV21KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithItsForecastValues()
            throws IOException {
        // Its forecast, detector, intervals and forecasters sections did not say which values they were made for:
        // they are read as made for the configured ones, as they were before, and written back saying so.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v21.bin",
                FORECAST_VALUES_BYTES + WIDE_PREVIOUS_BYTES + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV22KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackWithAWidePreviousValue()
            throws IOException {
        // Its detector kept the previous value as a float32: the key's next change is judged from that, rounded. The
        // golden key's 40 events are all within the learning period, so nothing it scores or issues depends on it.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v22.bin", WIDE_PREVIOUS_BYTES
                        + EXACT_RECENT_VALUES_BYTES
                        + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV23KeyStateAsAnUninterruptedKeyAndWriteItBackWithItsNewestValuesExact()
            throws IOException {
        // Its history held every value as a float32: persistence forecasts from those, rounded, until the key's next
        // events replace them.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v23.bin", EXACT_RECENT_VALUES_BYTES
                + WIDE_FORECASTS_BYTES + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV24KeyStateAsAnUninterruptedKeyAndWriteItBackWithItsRhythmForecastsWide()
            throws IOException {
        // Its forecasters section held the rhythms' and yesterday's forecasts as float32: the key's next events are
        // judged against those, rounded (the golden key's values, near 100, are held exactly enough either way).
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v24.bin", WIDE_FORECASTS_BYTES
                + WIDE_DAILY_MEANS_BYTES + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV25KeyStateAsAnUninterruptedKeyAndWriteItBackWithItsDailyMeansWide()
            throws IOException {
        // Its detector held the daily profile's means as float32: the key continues from those, rounded (the golden
        // key's values, near 100, are held exactly enough either way).
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v25.bin", WIDE_DAILY_MEANS_BYTES
                + INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
    }

    @Test
    void shouldContinueASectionsV26KeyStateAsAnUninterruptedKeyAndWriteItBackWithNoInputPosition() throws IOException {
        // It held no input position section: the key loads whole, its next record is judged by its time alone.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v26.bin",
                INPUT_POSITION_BYTES + INTERVAL_WIDTHS_BYTES);
        assertThat(state.lastPartition()).isEqualTo(InputPosition.NONE);
        assertThat(state.lastOffset()).isEqualTo(InputPosition.NONE);
    }

    @Test
    void shouldContinueASectionsV27KeyStateAsAnUninterruptedKeyAndWriteItBackWithItsIntervalWidths()
            throws IOException {
        // It held no interval widths section: its pending forecasts' widths are taken as set by the calibration
        // factor, as the golden key's all were, so the key loads whole and goes on as an uninterrupted key.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v27.bin", INTERVAL_WIDTHS_BYTES);
        KeyMemory uninterrupted = step.newMemory();
        GoldenFiles.run(goldenModel(), uninterrupted, step, 0, GoldenFiles.STEPS / 2);
        assertThat(uninterrupted.widthSetBy).containsOnly(IntervalCalibration.SCALED);
        KeyMemory restored = step.newMemory();
        assertThat(codec.decode(golden("key-state-sections-v27.bin"), restored))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(restored.widthSetBy).containsOnly(IntervalCalibration.SCALED);
        assertThat(restored.halfWidths).isEqualTo(uninterrupted.halfWidths);
        assertThat(restored.intervalScale).isEqualTo(uninterrupted.intervalScale);
    }

    @Test
    void shouldContinueASectionsV28KeyStateAsAnUninterruptedKeyAndWriteItBackWithItsWidthsForecastValues()
            throws IOException {
        // Its interval widths section had no forecast values: it is read as made for the configured ones, and the
        // key's pending forecasts keep how their widths were set.
        assertLoadsGrownByAndIssuesAsAnUninterruptedKey("key-state-sections-v28.bin",
                INTERVAL_WIDTHS_FORECAST_VALUES_BYTES);
        KeyMemory restored = step.newMemory();
        assertThat(codec.decode(golden("key-state-sections-v28.bin"), restored))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);
        KeyMemory uninterrupted = step.newMemory();
        GoldenFiles.run(goldenModel(), uninterrupted, step, 0, GoldenFiles.STEPS / 2);
        assertThat(restored.widthSetBy).isEqualTo(uninterrupted.widthSetBy);
    }

    @Test
    void shouldContinueASectionsV29KeyStateExactlyAsAnUninterruptedKeyAndWriteItBackUnchanged() throws IOException {
        byte[] stored = golden("key-state-sections-v29.bin");

        assertThat(codec.decode(stored, state)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(codec.encode(state)).isEqualTo(stored);
        assertThat(state.lastPartition()).as("the partition its records came from").isEqualTo(GoldenFiles.PARTITION);
        assertThat(state.lastOffset()).as("its 20th record's").isEqualTo(19);
        assertThat(KeyStateView.of(state, GoldenFiles.SPEC).lastOffset()).isEqualTo(19);
        // a release without the interval widths section (a rollback), or also without the input position section,
        // skips them and keeps the rest of the key, its pending forecasts and their intervals among it
        for (int since : new int[] {KeyStateSections.INTERVAL_WIDTHS, KeyStateSections.INPUT_POSITION}) {
            SectionedCodec<KeyMemory> earlier = new SectionedCodec<>(KeyStateCodec.MAGIC, 1, KeyStateSections.all()
                    .stream().filter(section -> section.id() < since).toList());
            KeyMemory rolledBack = step.newMemory();
            assertThat(earlier.decode(stored, rolledBack)).as("without sections from %d", since)
                    .isEqualTo(SectionedCodec.Outcome.LOADED);
            assertThat(rolledBack.eventCount()).isEqualTo(state.eventCount());
            assertThat(rolledBack.forecastRows).isEqualTo(GoldenFiles.SPEC.horizon());
            assertThat(rolledBack.halfWidths).isEqualTo(state.halfWidths);
        }
        assertThat(state.weeklyRegression).as("the weekly regression, loaded as stored")
                .hasSize(DeviationRegression.stride(GoldenFiles.SPEC.horizon()));
        assertThat(state.dailyRegression).as("the daily regression, loaded as stored")
                .hasSize(DeviationRegression.stride(GoldenFiles.SPEC.horizon()));
        assertThat(state.weeklyDayLagHalfHour).as("the half hour of its 20th hourly event")
                .isEqualTo((GoldenFiles.T0 + 19 * 3_600_000L) / (30 * 60_000L));
        // read with the weekly rhythm off, the last day's deviations are skipped and the rest of the key loads
        KeyMemory withoutWeekly = new KeyStep(GoldenFiles.SETTINGS.withWeeklyRhythm(false)).newMemory();
        assertThat(codec.decode(stored, withoutWeekly)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(withoutWeekly.pairMeans).isEqualTo(state.pairMeans);

        assertIssuesAsAnUninterruptedKey(stored);
        double[] forecasts = continued(state);
        assertThat(forecasts).containsExactly(expectedForecasts());
    }

    @Test
    void shouldReadAVersion1TrainingWindowWhichNoCandidateCanReadThroughAnotherTransform() throws IOException {
        byte[] stored = golden("training-sample-sections-v1.bin");
        GoldenFiles.run(goldenModel(), state, step, 0, GoldenFiles.STEPS / 2);

        TrainingSample sample = TrainingSampleCodec.decode(stored);

        TrainingSample current = step.trainingSample(GoldenFiles.KEY, state);
        assertThat(sample.getKey()).isEqualTo(current.getKey());
        assertThat(sample.getTimes()).isEqualTo(current.getTimes());
        assertThat(sample.getValues().remaining()).isEqualTo(4 * GoldenFiles.SPEC.valueDimension()
                * GoldenFiles.SETTINGS.historyLength());
        assertThat(SampleSeries.decode(sample, GoldenFiles.SPEC.valueDimension(),
                GoldenFiles.SPEC.scalerDecay())).isNull();
    }

    @Test
    void shouldReadAVersion2TrainingWindowAsTheStepWritesIt() throws IOException {
        byte[] stored = golden("training-sample-sections-v2.bin");
        GoldenFiles.run(goldenModel(), state, step, 0, GoldenFiles.STEPS / 2);

        TrainingSample sample = TrainingSampleCodec.decode(stored);

        assertThat(sample).isEqualTo(step.trainingSample(GoldenFiles.KEY, state));
        assertThat(sample.getTimes().remaining()).isEqualTo(8 * GoldenFiles.SETTINGS.historyLength());
        assertThat(SampleSeries.decode(sample, GoldenFiles.SPEC.valueDimension(),
                GoldenFiles.SPEC.scalerDecay())).isNotNull();
        assertThat(step.encodeTrainingSample(GoldenFiles.KEY.getBytes(StandardCharsets.UTF_8), state,
                new BinaryWriter())).isEqualTo(stored);
    }
}

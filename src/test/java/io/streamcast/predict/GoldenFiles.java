package io.streamcast.predict;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes the golden files under src/test/resources/golden: a model snapshot and a key state as released versions
 * store them, plus the forecasts they must give. {@code v1}: the snapshot and the key state as Avro container files
 * (which carry their writer schema; the key state was stored registry-framed, see {@link LegacyKeyState});
 * {@code sections-v1}: the key state in the sectioned format ({@link KeyStateCodec}, every section at version 1)
 * and a training window in {@link TrainingSampleCodec}'s version 1 (scaled values); {@code sections-v2}: the key
 * state with the scaler and forecast sections at version 2 and the intervals section, and a training window in
 * version 2 (raw values with scaling statistics); {@code sections-v3}: the key state with the counters section at
 * version 2 (whether the last event was an anomaly); {@code sections-v4}: the key state with the detector section at
 * version 2 (the record-ratio detector); {@code sections-v5}: the key state with the detector section at version 3
 * (the detector with its daily profile); {@code sections-v6}: with the forecasters section (the model's and the
 * daily rhythm's forecasts and each forecaster's record); {@code sections-v7}: the forecasters section at version
 * 2 (mean absolute deviations of the forecasters' differences); {@code sections-v8}: the forecasters section at
 * version 3 (the weekly rhythm); {@code sections-v9}: the intervals section at version 2 (mean absolute errors);
 * {@code sections-v10}: the forecasters section at version 4 (the weekly profile's means only where it has counts);
 * {@code sections-v11}: the detector section at version 4 (the detector's changes, which confirm a drift);
 * {@code sections-v12}: the detector section at version 5 (the weekly deviations); {@code sections-v13}: the
 * forecasters section at version 5 (the similar-day fits); {@code sections-v14}: the forecasters section at version 6
 * (the day's events and the usual squared deviations, which tell an unusual day); {@code sections-v15}: the
 * forecasters section at version 7 (the yesterday forecaster); {@code sections-v16}: the detector section at version 6
 * (the score of the anomaly that started the refractory period); {@code sections-v17}: the detector section at
 * version 7 (the volatility's long run); {@code sections-v18}: the detector section at version 8 (the long runs of the
 * daily and weekly deviations); {@code sections-v19}: the forecasters section at version 8 (the last day's deviations
 * from the weekly profile); {@code sections-v20}: the forecasters section at version 9 (the regressions of the
 * weekly and daily deviations); {@code sections-v21}: the detector section at version 9 (the share of surprises'
 * record and long run); {@code sections-v22}: the forecast, detector, intervals and forecasters sections at versions 3,
 * 10, 3 and 10 (the forecast values they were made for); {@code sections-v23}: the detector section at version 11
 * (the previous value as a float64); {@code sections-v24}: the history section at version 2 (the newest values as
 * received, float64); {@code sections-v25}: the forecasters section at version 11 (the rhythms' and yesterday's
 * forecasts as float64); {@code sections-v26}: the detector section at version 12 (the daily profile's means as
 * float64); {@code sections-v27}: the input position section, id 9 at version 1 (the input partition and offset
 * of the last record applied, here partition {@value #PARTITION} and one offset per event from 0); {@code
 * sections-v28}: the interval widths section, id 10 at version 1 (what set the width of each pending forecast's
 * interval); {@code sections-v29}: the interval widths section at version 2 (the forecast values it was made for).
 * Later versions must keep reading these files.
 * Only files that do not exist yet are written: add a file when a format or a section gets a new version
 * ({@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.streamcast.predict.GoldenFiles}); never rewrite one to make a failing test pass.
 */
public final class GoldenFiles {

    static final String VERSION = "v1";
    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    static final InputSpec SPEC = new InputSpec(2, new int[] {1}, 3, List.of(CalendarFeature.TIME_OF_DAY,
            CalendarFeature.DAY_OF_WEEK), 0.02);
    static final PredictorSettings SETTINGS = new PredictorSettings(SPEC, 12, 4, 0,
            AnomalySettings.defaults());
    static final long T0 = 1_767_225_600_000L;
    static final int STEPS = 40;

    private GoldenFiles() {
    }

    static ForecastModel model() {
        LstmModel network = LstmModel.initialise(SPEC.inputSize(), 6, 2, SPEC.outputSize(), 2026);
        TrainingReport report = TrainingReport.newBuilder()
                .setTrainLoss(0.25).setValidationLoss(0.3).setChampionVersion(4).setChampionValidationLoss(0.35)
                .setSamples(1024).setEpochs(7).setDurationMs(1234)
                .setHyperparameters(Map.of("learning.rate", "0.003", "seed", "7")).build();
        return new ForecastModel("golden", 5, T0, SPEC, network, report);
    }

    static double[] event(int i) {
        return new double[] {Math.cos(i / 3.0) * 10, 100 + 20 * Math.sin(i / 4.0)};
    }

    static long time(int i) {
        return T0 + i * 3_600_000L;
    }

    /**
     * Steps the golden model through the golden events; returns the model's one-step forecasts after each. The
     * forecast a key issues may come from another of its forecasters ({@link ForecasterChoice}); the model's own
     * forecasts are what a stored state must continue exactly.
     */
    static double[] run(ForecastModel model, KeyMemory state, KeyStep step, int from, int to) {
        return run(model, state, step, from, to, false);
    }

    /** As {@link #run(ForecastModel, KeyMemory, KeyStep, int, int)}, or the issued one-step forecasts. */
    static double[] run(ForecastModel model, KeyMemory state, KeyStep step, int from, int to, boolean issued) {
        StepResult result = step.newResult();
        double[] forecasts = new double[to - from];
        for (int i = from; i < to; i++) {
            step.apply(state, time(i), event(i), model, result);
            forecasts[i - from] = issued ? result.forecast(1, 0) : state.modelForecasts[state.at(0, 1, 0)];
        }
        return forecasts;
    }

    /** The key state's current set of section versions. */
    static final String SECTIONS_VERSION = "sections-v29";
    /** The training window's current format version. */
    static final String TRAINING_SAMPLE_VERSION = "sections-v2";
    static final String KEY = "golden-key";
    /** The input partition the golden key's records are read from. */
    static final int PARTITION = 2;

    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        ForecastModel model = model();
        Path snapshot = DIRECTORY.resolve("model-snapshot-" + VERSION + ".avro");
        if (!Files.exists(snapshot)) {
            write(snapshot, ModelSnapshot.class, ModelSnapshotCodec.toSnapshot(model));
        }
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory state = step.newMemory();
        run(model, state, step, 0, STEPS / 2);
        InputPosition.apply(state, PARTITION, STEPS / 2 - 1);
        writeIfAbsent(DIRECTORY.resolve("key-state-" + SECTIONS_VERSION + ".bin"), new KeyStateCodec().encode(state));
        writeIfAbsent(DIRECTORY.resolve("training-sample-" + TRAINING_SAMPLE_VERSION + ".bin"),
                step.encodeTrainingSample(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), state,
                        new io.streamcast.codec.BinaryWriter()));
        Path forecasts = DIRECTORY.resolve("forecasts-" + VERSION + ".txt");
        if (!Files.exists(forecasts)) {
            double[] expected = run(model, state, step, STEPS / 2, STEPS);
            List<String> lines = new ArrayList<>();
            for (double value : expected) {
                lines.add(Double.toString(value));
            }
            Files.write(forecasts, lines);
        }
    }

    private static void writeIfAbsent(Path file, byte[] bytes) throws IOException {
        if (!Files.exists(file)) {
            Files.write(file, bytes);
        }
    }

    private static <T> void write(Path file, Class<T> type, T record) throws IOException {
        try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
            writer.create(((org.apache.avro.specific.SpecificRecord) record).getSchema(), file.toFile());
            writer.append(record);
        }
    }
}

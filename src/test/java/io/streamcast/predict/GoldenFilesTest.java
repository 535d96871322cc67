package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.KeyState;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.serde.TrustedSchemaClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** Snapshots and states written by earlier versions must keep loading and forecasting exactly as they did. */
class GoldenFilesTest {

    static {
        TrustedSchemaClasses.install();
    }

    private static <T> T read(String name, Class<T> type) throws IOException {
        Path file = GoldenFiles.DIRECTORY.resolve(name);
        try (DataFileReader<T> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            return reader.next();
        }
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
    void shouldContinueAV1KeyStateWithTheSameForecasts() throws IOException {
        ForecastModel model = ModelSnapshotCodec.fromSnapshot(read("model-snapshot-v1.avro", ModelSnapshot.class));
        KeyState stored = read("key-state-v1.avro", KeyState.class);
        KeyStep step = new KeyStep(GoldenFiles.SETTINGS);
        KeyMemory state = step.newMemory();
        assertThat(new KeyStateCodec().decode(stored, state)).isTrue();

        double[] forecasts = GoldenFiles.run(model, state, step, GoldenFiles.STEPS / 2, GoldenFiles.STEPS);

        List<String> expected = Files.readAllLines(GoldenFiles.DIRECTORY.resolve("forecasts-v1.txt"));
        assertThat(forecasts).containsExactly(expected.stream().mapToDouble(Double::parseDouble).toArray());
    }
}

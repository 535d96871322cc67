package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.predict.InputSpec;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.StepResults;
import io.streamcast.schema.Prediction;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.MockSchemaRegistry;
import io.streamcast.serde.SchemaRegistries;
import io.streamcast.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The direct writer must produce exactly what Avro's own writer produces for the same prediction. */
class PredictionWriterTest {

    private static final String TOPIC = "predictions";

    /** The record built field by field from the result's accessors, as a consumer would expect it. */
    private static Prediction record(String key, long time, StepResult result, InputSpec spec) {
        List<Double> observed = new ArrayList<>();
        for (int j = 0; j < spec.valueDimension(); j++) {
            observed.add(result.observed(j));
        }
        List<List<Double>> forecast = new ArrayList<>();
        List<List<Double>> lower = new ArrayList<>();
        List<List<Double>> upper = new ArrayList<>();
        for (int k = 1; k <= spec.horizon(); k++) {
            List<Double> row = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            for (int j = 0; j < spec.forecastCount(); j++) {
                row.add(result.forecast(k, j));
                low.add(result.lower(k, j));
                high.add(result.upper(k, j));
            }
            forecast.add(row);
            lower.add(low);
            upper.add(high);
        }
        List<Double> residual = new ArrayList<>();
        for (int j = 0; j < result.residualCount(); j++) {
            residual.add(result.residual(j));
        }
        return Prediction.newBuilder().setKey(key).setEventTime(Instant.ofEpochMilli(time)).setObserved(observed)
                .setForecast(forecast).setResidual(residual).setRawScore(result.rawScore())
                .setLikelihood(result.likelihood()).setLogLikelihood(result.logLikelihood())
                .setIsAnomaly(result.isAnomaly()).setModelVersion(result.modelVersion())
                .setWarmingUp(result.warmingUp())
                .setForecastLower(result.hasInterval() ? lower : List.of())
                .setForecastUpper(result.hasInterval() ? upper : List.of())
                .setIntervalCoverage(result.intervalCoverage())
                .setAnomalyCause(result.anomalyCause().label())
                .build();
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 0, 0.0, sensor-001, 1767225600000",
        "1, 1, 1, 0.8, sensor-001, 1767225600000",
        "3, 5, 2, 0.0, ключ-ü-€-𝄞, -5",
        "3, 5, 2, 0.95, '', 0",
        "2, 70, 0, 0.5, k, 9223372036854775807",
    })
    void shouldWriteTheBytesAvrosWriterWrites(int values, int horizon, int residuals, double coverage, String key,
                                             long time) {
        int[] indices = values == 3 ? new int[] {0, 2} : InputSpec.allIndices(values);
        InputSpec spec = new InputSpec(values, indices, horizon, List.of(), 0.01);
        StepResult result = StepResults.random(spec, horizon * 31L + values, Math.min(residuals, indices.length),
                coverage);
        AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class,
                SchemaRegistries.create(Map.of("schema.registry.url", "mock://writer-" + UUID.randomUUID())), false);
        byte[] expected = serde.serialize(TOPIC, record(key, time, result, spec));

        byte[] written = new PredictionWriter(spec).write(serde.ownSchemaId(TOPIC),
                key.getBytes(StandardCharsets.UTF_8), time, result);

        assertThat(written).isEqualTo(expected);
    }

    /** A registry's ids grow past one byte: the header holds all four, big-endian, as Confluent's framing does. */
    @Test
    void shouldWriteASchemaIdThatFillsAllFourHeaderBytes() {
        InputSpec spec = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
        byte[] written = new PredictionWriter(spec).write(0x01820384, "k".getBytes(StandardCharsets.UTF_8), 0,
                StepResults.random(spec, 7, 1, 0.8));

        assertThat(Arrays.copyOf(written, WireFormat.HEADER_SIZE))
                .containsExactly(0x00, 0x01, (byte) 0x82, 0x03, (byte) 0x84);
        assertThat(WireFormat.schemaId(written)).isEqualTo(25_297_796);
    }

    @ParameterizedTest
    @CsvSource({"c3 28", "ed a0 80", "f4 90 80 80", "ff", "e2 82", "c0 80"})
    void shouldWriteAKeyThatIsNotUtf8AsAvroWritesItsDecodedString(String hex) {
        String[] parts = hex.split(" ");
        byte[] key = new byte[parts.length + 1];
        key[0] = 'k';
        for (int i = 0; i < parts.length; i++) {
            key[i + 1] = (byte) Integer.parseInt(parts[i], 16);
        }
        InputSpec spec = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
        StepResult result = StepResults.random(spec, 5, 1, 0);
        AvroSerde<Prediction> serde = new AvroSerde<>(Prediction.class,
                SchemaRegistries.create(Map.of("schema.registry.url", "mock://writer-" + UUID.randomUUID())), false);
        String decoded = new String(key, StandardCharsets.UTF_8);

        byte[] written = new PredictionWriter(spec).write(serde.ownSchemaId(TOPIC), key, 7, result);

        assertThat(written).isEqualTo(serde.serialize(TOPIC, record(decoded, 7, result, spec)));
        assertThat(Utf8.isValid(key)).isFalse();
    }
}

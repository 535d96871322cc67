package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.ScoringProgress;
import io.streamcast.predict.InputPosition;
import io.streamcast.predict.KeyStateView;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code /keys/{key}} (and of the console's key view, which carries it) writes a number that is not
 * finite as null, as every console body does: JSON has no NaN or infinity, and written as the strings "NaN" or
 * "-Infinity" they would reach a client as text where it expects a number.
 */
class KeyStateBodyTest {

    @Test
    void shouldWriteNumbersThatAreNotFiniteAsNull() {
        Map<String, Double[][]> errors = new LinkedHashMap<>();
        errors.put("model", new Double[][] {{Double.NaN, 0.25}});
        errors.put("persistence", new Double[][] {{null, Double.POSITIVE_INFINITY}});
        KeyStateView view = new KeyStateView(3, 1_700_000_000_000L, 2,
                new double[][] {{1.5, Double.NaN}, {Double.NEGATIVE_INFINITY, -2.0}}, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, false,
                new String[][] {{"model", "persistence"}, {"daily", "model"}}, errors, InputPosition.NONE,
                InputPosition.NONE, null);

        String json = new String(Response.json(200, KeyEndpoint.KeyStateBody.of(
                KeyName.of("pump".getBytes(StandardCharsets.UTF_8)), view, "local")).body(),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"key\":\"pump\",\"event_count\":3,\"last_event_time\":\"2023-11-14T22:13:20Z\","
                + "\"model_version\":2,\"forecast\":[[1.5,null],[null,-2.0]],"
                + "\"forecast_by\":[[\"model\",\"persistence\"],[\"daily\",\"model\"]],"
                + "\"forecaster_errors\":{\"model\":[[null,0.25]],\"persistence\":[[null,null]]},"
                + "\"raw_score\":null,\"likelihood\":null,\"log_likelihood\":null,\"anomaly\":false,"
                + "\"served_by\":\"local\"}");
    }

    /** The events topic's partition and offset of the last record the key applied, when it keeps them. */
    @Test
    void shouldWriteTheLastRecordsPartitionAndOffsetAfterItsLatestTime() {
        KeyStateView view = new KeyStateView(3, 1_700_000_000_000L, 0, new double[0][0], 0, 0, 0, false,
                new String[0][0], Map.of(), 2, 40_000_000_000L, null);

        String json = new String(Response.json(200, KeyEndpoint.KeyStateBody.of(
                KeyName.of("pump".getBytes(StandardCharsets.UTF_8)), view, "local")).body(),
                StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"key\":\"pump\",\"event_count\":3,\"last_event_time\":"
                + "\"2023-11-14T22:13:20Z\",\"last_partition\":2,\"last_offset\":40000000000,\"model_version\":0,");
    }

    /**
     * How far the key is from being scored in full, which the console's key view says: its learning period and the
     * events of it left, the relearning period and the errors of it left.
     */
    @Test
    void shouldWriteHowFarTheKeyIsFromBeingScored() {
        KeyStateView view = new KeyStateView(163, 1_700_000_000_000L, 0, new double[0][0], 0, 0, 0, false,
                new String[0][0], Map.of(), InputPosition.NONE, InputPosition.NONE,
                new ScoringProgress(200, 37, 600, 0));

        String json = new String(Response.json(200, KeyEndpoint.KeyStateBody.of(
                KeyName.of("pump".getBytes(StandardCharsets.UTF_8)), view, "local")).body(),
                StandardCharsets.UTF_8);

        assertThat(json).endsWith("\"anomaly\":false,\"scoring\":{\"learning_period\":200,\"learning_events_left\":37,"
                + "\"relearning_period\":600,\"relearning_errors_left\":0},\"served_by\":\"local\"}");
    }
}

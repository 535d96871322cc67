package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.Scoring;
import io.streamcast.recent.KeySeries;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's key series names how far each event was scored, in the words the key view reads. */
class KeySeriesBodyTest {

    @Test
    void shouldNameHowFarEachEventWasScored() {
        KeySeries series = new KeySeries("pump", new long[] {1_000, 2_000, 3_000}, new double[] {1, 2, 3},
                new double[] {Double.NaN, 1, 2}, new double[3], new double[3], new double[] {0, 0, 0.5},
                new boolean[] {false, false, true}, new Scoring[] {Scoring.LEARNING, Scoring.RELEARNING,
                Scoring.SCORED}, new long[] {0, 1, 1}, 3, Double.NaN, Double.NaN);

        String json = new String(Response.json(200, ConsoleBodies.Series.of(series)).body(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"anomaly\":[false,false,true],\"scoring\":[\"learning\",\"relearning\","
                + "\"scored\"],\"model_version\":[0,1,1],");
    }
}

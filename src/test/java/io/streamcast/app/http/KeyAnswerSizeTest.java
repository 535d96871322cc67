package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.Scoring;
import io.streamcast.anomaly.ScoringProgress;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyStateView;
import io.streamcast.recent.KeySeries;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bound on an owner's answer that an instance relays is above every answer an owner can give: the widest
 * answers, every element of theirs as wide as JSON writes one, fit.
 */
class KeyAnswerSizeTest {

    /** Among the widest doubles Java writes: 24 characters. */
    private static final double WIDE = -2.2250738585072014E-308;
    private static final String[] FORECASTERS = {"model", "persistence", "daily", "weekly", "yesterday"};
    private static final String SERVED_BY = "h".repeat(253) + ":65535";

    /** An instance without console, whose answers are {@code /keys/{key}}'s, with a wide forecast. */
    @Test
    void shouldHoldTheWidestKeyStateAnswer() {
        InputSpec spec = spec(64, 16);
        KeyName name = widestKey();

        byte[] answer = Response.json(200, KeyEndpoint.KeyStateBody.of(name, widestView(64, 16), SERVED_BY)).body();

        assertThat((long) answer.length).isLessThanOrEqualTo(KeyAnswerSize.widest(spec, 0));
    }

    /** The console's answer carries the key's state and its series of {@code console.points} points. */
    @Test
    void shouldHoldTheWidestConsoleAnswer() {
        int points = 10_000;
        InputSpec spec = spec(3, 2);

        assertThat((long) widestConsoleAnswer(spec, points).length)
                .isLessThanOrEqualTo(KeyAnswerSize.widest(spec, points));
    }

    /** During a rolling change an owner may keep more points than the instance that asks it. */
    @Test
    void shouldRelayAnOwnersConsoleAnswerWithThreeTimesThePointsOfThisInstance() {
        InputSpec spec = spec(3, 2);

        assertThat((long) widestConsoleAnswer(spec, 30_000).length)
                .isLessThanOrEqualTo(KeyAnswerSize.atMost(spec, 10_000));
    }

    private static byte[] widestConsoleAnswer(InputSpec spec, int points) {
        KeyName name = widestKey();
        double[] values = new double[points];
        Arrays.fill(values, WIDE);
        long[] longs = new long[points];
        Arrays.fill(longs, Long.MIN_VALUE);
        Scoring[] scoring = new Scoring[points];
        Arrays.fill(scoring, Scoring.RELEARNING);
        KeySeries series = new KeySeries(name.text(), longs, values, values, values, values, values,
                new boolean[points], scoring, longs, WIDE, WIDE, WIDE);

        return Response.json(200, ConsoleBodies.KeyBody.of(name, SERVED_BY, WIDE,
                KeyEndpoint.KeyStateBody.of(name, widestView(spec.horizon(), spec.forecastCount()), SERVED_BY),
                series)).body();
    }

    private static InputSpec spec(int horizon, int forecasts) {
        return new InputSpec(forecasts, IntStream.range(0, forecasts).toArray(), horizon, List.of(), 0.01);
    }

    /** The longest key accepted, 512 bytes, not UTF-8: written out as \x01 and JSON-escaped to \\x01 each. */
    private static KeyName widestKey() {
        byte[] key = new byte[512];
        Arrays.fill(key, (byte) 1);
        key[0] = (byte) 0xFF;
        return KeyName.of(key);
    }

    private static KeyStateView widestView(int horizon, int forecasts) {
        Double[][] wide = new Double[horizon][forecasts];
        double[][] forecast = new double[horizon][forecasts];
        String[][] forecastBy = new String[horizon][forecasts];
        for (int k = 0; k < horizon; k++) {
            Arrays.fill(wide[k], WIDE);
            Arrays.fill(forecast[k], WIDE);
            Arrays.fill(forecastBy[k], "persistence");
        }
        Map<String, Double[][]> errors = new LinkedHashMap<>();
        for (String forecaster : FORECASTERS) {
            errors.put(forecaster, wide);
        }
        assertThat(errors).as("every forecaster").hasSize(KeyStateView.FORECASTERS);
        return new KeyStateView(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, forecast, WIDE, WIDE, WIDE, false,
                forecastBy, errors, Integer.MIN_VALUE, Long.MIN_VALUE + 1,
                new ScoringProgress(Integer.MIN_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE));
    }
}

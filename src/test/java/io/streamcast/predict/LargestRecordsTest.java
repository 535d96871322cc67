package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.testing.TestSettings;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LargestRecordsTest {

    /**
     * The largest stored key state is an upper bound of every state a key stores: start-up refuses settings, and the
     * models catalog a network, by it, and a key state larger than its changelog takes stops the instance at the key's
     * event, again after every restart. A key of eight forecast values, each half hour for three weeks, keeps the last
     * day's deviations of its weekly rhythm (51 floats per value), which the measure left out (its half hour taken for
     * none): the key's state was 282 bytes larger than the largest, and the shortfall grows with the values forecast
     * (about 4 KB at 40, beyond the room start-up leaves for a record's key and framing).
     */
    @Test
    void shouldMeasureAStateNoSmallerThanAnyAKeyStoresAfterThreeWeeksOfHalfHourlyEvents() {
        int values = 8;
        InputSpec spec = new InputSpec(values, InputSpec.allIndices(values), 1, List.of(CalendarFeature.TIME_OF_DAY),
                0.005);
        PredictorSettings settings = new PredictorSettings(spec, 64, 4, 0, AnomalySettings.defaults());
        ForecastModel model = TestSettings.model("m", 1, spec, 4, 1);
        KeyStep step = new KeyStep(settings);
        KeyMemory key = step.newMemory();
        StepResult result = step.newResult();
        KeyStateCodec codec = new KeyStateCodec();
        long monday = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(7);
        int largest = 0;
        for (int i = 0; i < 3 * 7 * 48; i++) {
            double[] event = new double[values];
            for (int j = 0; j < values; j++) {
                event[j] = 100 * (j + 1) + 10 * Math.sin(i * 2 * Math.PI / 48) + random.nextGaussian();
            }
            step.apply(key, monday + i * 1_800_000L, event, model, result);
            largest = Math.max(largest, codec.encode(key).length);
        }

        assertThat(largest).isLessThanOrEqualTo(LargestRecords.keyState(settings, model.network().stateSize()));
    }

    /**
     * The detector's counts, varints that grow with a key's age, are measured at their largest, 9 bytes each (a varint
     * of 2^63 - 1: 63 bits, 7 a byte); left at 0 they took one, where a key a thousand events old writes two. Pinned by
     * what the daily profile adds to the largest state of eight forecast values, whose detector alone it changes: per
     * value, the profile's 24 means and counts (192 + 24) and its deviations (seen and judged counts 9 + 9, scale 4, a
     * ring of the default window's 10 floats 40, record 8, long run's count, mean and variance 9 + 8), 303 bytes, and
     * the weekly deviations, 87 bytes alike: 8 x 390 = 3120. The detector section's length takes 2 bytes either way
     * (about 1,700 and 4,800 bytes). With the counts at 0 it was 8 x 342.
     */
    @Test
    void shouldMeasureTheDetectorsCountsAtTheirLargest() {
        int values = 8;
        InputSpec spec = new InputSpec(values, InputSpec.allIndices(values), 1, List.of(CalendarFeature.TIME_OF_DAY),
                0.005);
        PredictorSettings daily = new PredictorSettings(spec, 64, 4, 0, AnomalySettings.defaults());
        PredictorSettings none = new PredictorSettings(spec, 64, 4, 0,
                AnomalySettings.builder().dailyProfile(false).build());

        assertThat(LargestRecords.keyState(daily, 0) - LargestRecords.keyState(none, 0)).isEqualTo(8 * 390);
    }
}

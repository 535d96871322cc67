package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.Window;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import io.streamcast.stats.RunningMoments;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A window of a key whose events carry two values, encoded for a model that reads their signed logs and both
 * calendar features, and forecasts the second value and then the first, two events ahead. The expected rows are
 * worked out from the definitions: the key's running statistics folded event by event, the calendar phases from
 * the event times through {@code java.time}.
 */
class WindowEncoderTest {

    private static final double DECAY = 0.01;
    private static final int HISTORY = 16;
    private static final int EVENTS = 400;
    /** A Tuesday, 22:13:20 UTC; the window's events, a minute apart, fall in the early Wednesday morning. */
    private static final long T0 = 1_700_000_000_000L;
    private static final InputSpec SHAPE = new InputSpec(2, new int[] {1, 0}, 2, List.of(), DECAY);
    private static final InputSpec SPEC = SHAPE.with(
            List.of(CalendarFeature.TIME_OF_DAY, CalendarFeature.DAY_OF_WEEK), ValueTransform.SIGNED_LOG, false);

    private static double first(int i) {
        return 400 + (i * 37 % 101) + 2 * (i % 100);
    }

    private static double second(int i) {
        return 20 + (i * 7 % 17);
    }

    private static long time(int i) {
        return T0 + i * 60_000L;
    }

    @Test
    void shouldEncodeEachStepsScaledValuesCalendarAndTheChangesOfTheForecastValuesAhead() {
        KeyStep step = new KeyStep(new PredictorSettings(SHAPE, HISTORY, 4, 8, AnomalySettings.defaults()));
        KeyMemory memory = step.newMemory();
        StepResult result = step.newResult();
        // per value: the mean and variance of its signed logs after each event
        double[][][] stood = new double[2][EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            double[] x = {first(i), second(i)};
            step.apply(memory, time(i), x, null, result);
            for (int j = 0; j < 2; j++) {
                double[] before = i == 0 ? new double[2] : stood[j][i - 1];
                double weight = RunningMoments.weight(i + 1, DECAY);
                double log = signedLog(x[j]);
                stood[j][i] = new double[] {RunningMoments.nextMean(before[0], log, weight),
                        RunningMoments.nextVariance(before[0], before[1], log, weight)};
            }
        }
        SampleSeries series = SampleSeries.decode(step.trainingSample("k", memory), 2, DECAY);

        Window window = new WindowEncoder(SPEC).encode(series);

        assertThat(window.steps()).isEqualTo(HISTORY);
        assertThat(window.inputSize()).isEqualTo(6);
        assertThat(window.outputSize()).isEqualTo(4);
        // the values vary far above the scaler's floors, so a standard deviation is the variance's root
        for (int t = 0; t < HISTORY; t++) {
            int event = EVENTS - HISTORY + t;
            double[] values = {first(event), second(event)};
            for (int j = 0; j < 2; j++) {
                double[] at = stood[j][event];
                assertThat((double) window.inputs()[t * 6 + j]).as("step %d, value %d", t, j)
                        .isCloseTo((signedLog(values[j]) - at[0]) / Math.sqrt(at[1]), within(1e-5));
            }
            ZonedDateTime utc = Instant.ofEpochMilli(time(event)).atZone(ZoneOffset.UTC);
            double day = utc.toLocalTime().toNanoOfDay() / 86_400e9;
            double week = (utc.getDayOfWeek().getValue() - 1 + day) / 7;
            assertThat((double) window.inputs()[t * 6 + 2]).as("step %d", t)
                    .isCloseTo(Math.sin(2 * Math.PI * day), within(1e-6));
            assertThat((double) window.inputs()[t * 6 + 3]).isCloseTo(Math.cos(2 * Math.PI * day), within(1e-6));
            assertThat((double) window.inputs()[t * 6 + 4]).isCloseTo(Math.sin(2 * Math.PI * week), within(1e-6));
            assertThat((double) window.inputs()[t * 6 + 5]).isCloseTo(Math.cos(2 * Math.PI * week), within(1e-6));

            // targets: k events ahead, the second value then the first, each change scaled with step t's statistics
            int[] forecast = {1, 0};
            for (int k = 1; k <= 2; k++) {
                for (int j = 0; j < 2; j++) {
                    float target = window.targets()[t * 4 + (k - 1) * 2 + j];
                    if (t + k >= HISTORY) {
                        assertThat(target).as("step %d, %d ahead, past the window's end", t, k).isNaN();
                        continue;
                    }
                    int value = forecast[j];
                    double[] at = stood[value][event];
                    double now = value == 0 ? first(event) : second(event);
                    double ahead = value == 0 ? first(event + k) : second(event + k);
                    assertThat((double) target).as("step %d, %d ahead, value %d", t, k, value)
                            .isCloseTo((signedLog(ahead) - signedLog(now)) / Math.sqrt(at[1]),
                                    within(1e-5));
                }
            }
        }
    }

    /** The signed log as its transform defines it: sign(x) log(1 + |x|). */
    private static double signedLog(double x) {
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }
}

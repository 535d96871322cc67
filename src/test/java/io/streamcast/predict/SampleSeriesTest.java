package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.streamcast.schema.TrainingSample;
import org.junit.jupiter.api.Test;

class SampleSeriesTest {

    private static final double DECAY = 0.01;
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY),
            DECAY);
    private static final int HISTORY = 16;

    private final KeyStep step = new KeyStep(new PredictorSettings(SPEC, HISTORY, 4, 8, AnomalySettings.defaults()));
    private final KeyMemory state = step.newMemory();
    private final StepResult result = step.newResult();

    /** Integers, which the window's single-precision values hold exactly, wandering between 400 and 700. */
    private static double value(int i) {
        return 400 + (i * 37 % 101) + 2 * (i % 100);
    }

    /**
     * A window is scaled step by step as the predictor scaled each of its events when it arrived: with the key's
     * statistics as they stood after that event, not after the window's last (which held every later event of the
     * window, the step's own targets). The predictor's statistics after each event are recorded as it runs; the
     * key has more than 1 / decay events before the window, so the window's statistics are those exactly.
     */
    @Test
    void shouldScaleEachStepWithTheStatisticsAsTheyStoodAtItsEvent() {
        int events = 400;
        double[][] stood = new double[events][];
        for (int i = 0; i < events; i++) {
            step.apply(state, 1_700_000_000_000L + i * 60_000L, new double[] {value(i)}, null, result);
            stood[i] = new double[] {state.mean[0], state.variance[0], state.logMean[0], state.logVariance[0]};
        }
        SampleSeries series = SampleSeries.decode(step.trainingSample("k", state), 1, DECAY);

        assertThat(series.steps()).isEqualTo(HISTORY);
        for (int s = 0; s < HISTORY; s++) {
            double[] at = stood[events - HISTORY + s];
            double x = value(events - HISTORY + s);
            assertThat((double) series.input(s, 0, ValueTransform.NONE)).as("step %d", s)
                    .isCloseTo((x - at[0]) / Scaler.std(at[0], at[1]), within(1e-5));
            double log = ValueTransforms.apply(ValueTransform.SIGNED_LOG, x);
            assertThat((double) series.input(s, 0, ValueTransform.SIGNED_LOG)).as("step %d, signed log", s)
                    .isCloseTo((log - at[2]) / Scaler.std(at[2], at[3]), within(1e-5));
            assertThat(series.unscale(s, 1.5, 0, ValueTransform.NONE))
                    .isCloseTo(at[0] + 1.5 * Scaler.std(at[0], at[1]), within(1e-6 * at[0]));
        }
        // a later event seen from an earlier step: scaled with the earlier step's statistics
        double[] first = stood[events - HISTORY];
        assertThat((double) series.scaled(0, 5, 0, ValueTransform.NONE))
                .isCloseTo((value(events - HISTORY + 5) - first[0]) / Scaler.std(first[0], first[1]), within(1e-5));
    }

    /**
     * Statistics finite at the window's last row (a mean at the largest double) that overflow when undone back to its
     * first: the window cannot be used. Kept, every input would be NaN, and every round that trained or judged on it
     * would fail while the window stays in the training set.
     */
    @Test
    void shouldNotUseAWindowWhoseStatisticsOverflowWhenUndone() {
        for (int i = 0; i < 40; i++) {
            step.apply(state, 1_700_000_000_000L + i * 60_000L, new double[] {value(i)}, null, result);
        }
        TrainingSample sample = step.trainingSample("k", state);
        assertThat(SampleSeries.decode(sample, 1, DECAY)).isNotNull();

        ByteBuffer scalers = sample.getScalers().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        scalers.putDouble(0, Double.MAX_VALUE);
        sample.setScalers(scalers);
        assertThat(SampleSeries.decode(sample, 1, DECAY)).isNull();
    }

    @Test
    void shouldUndoARunningUpdate() {
        double[] scaling = {0, 0, 3.0, 2.0};
        double[] updated = scaling.clone();
        double[] means = {updated[2]};
        double[] variances = {updated[3]};
        Scaler.update(means, variances, 0, 7.0, 1000, 0.25);
        updated[0] = means[0];
        updated[1] = variances[0];

        Scaler.undo(updated, 0, 2, 7.0, 0.25);

        assertThat(updated[2]).isCloseTo(3.0, within(1e-12));
        assertThat(updated[3]).isCloseTo(2.0, within(1e-12));
    }

    /**
     * A window whose last row is a late event (applied in arrival order, earlier than the row before it) still spans
     * from its earliest to its latest time, as the split into training, early-stopping and judging windows orders and
     * spaces windows by; the last row's time once stood for the latest, and let such a window slip in front of later
     * ones.
     */
    @Test
    void shouldSpanAWindowFromItsEarliestToItsLatestEventWhenItsLastRowIsLate() {
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 40; i++) {
            step.apply(state, t0 + i * 60_000L, new double[] {value(i)}, null, result);
        }
        step.apply(state, t0 + 30 * 60_000L, new double[] {value(40)}, null, result);
        SampleSeries series = SampleSeries.decode(step.trainingSample("k", state), 1, DECAY);

        assertThat(series.time(HISTORY - 1)).isEqualTo(t0 + 30 * 60_000L);
        assertThat(series.lastTime()).isEqualTo(t0 + 39 * 60_000L);
        assertThat(series.firstTime()).isEqualTo(t0 + 25 * 60_000L);
        assertThat(series.cadence()).isEqualTo(14 * 60_000.0 / 15);
    }

    /**
     * Each undo divides by one less the update's weight; at a decay of 0.5 the tenth undo would amplify rounding
     * 1,024-fold, so the statistics of the rows before it stay those of the row after them (undone as far as they
     * could, they reached 1e30 and beyond and overflowed).
     */
    @Test
    void shouldStopUndoingOnceRoundingWouldBeAmplifiedBeyondTheBound() {
        int rows = 40;
        float[] values = new float[rows];
        double[] scaling = new double[4 * rows];
        double[] mean = {0};
        double[] variance = {0};
        double[] logMean = {0};
        double[] logVariance = {0};
        for (int i = 0; i < 1000; i++) {
            float x = (float) (100 + 10 * Math.sin(i));
            Scaler.update(mean, variance, 0, x, i + 1, 0.5);
            Scaler.update(logMean, logVariance, 0, ValueTransforms.apply(ValueTransform.SIGNED_LOG, x), i + 1, 0.5);
            if (i >= 1000 - rows) {
                values[i - (1000 - rows)] = x;
            }
        }
        int last = 4 * (rows - 1);
        scaling[last] = mean[0];
        scaling[last + 1] = variance[0];
        scaling[last + 2] = logMean[0];
        scaling[last + 3] = logVariance[0];

        Scaler.undoBack(scaling, values, rows, 1, 1000, 0.5);

        int stopped = rows - 10;
        for (int row = 0; row < stopped; row++) {
            for (int i = 0; i < 4; i++) {
                assertThat(scaling[4 * row + i]).isEqualTo(scaling[4 * stopped + i]);
            }
        }
        assertThat(scaling[4 * stopped + 1]).as("a variance that was undone").isNotEqualTo(scaling[4 * (stopped + 1) + 1]);
        assertThat(java.util.Arrays.stream(scaling).allMatch(Double::isFinite)).isTrue();
    }
}

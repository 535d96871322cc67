package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.ValueTransforms;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.TrainingSample;
import io.streamcast.schema.ValueTransform;
import io.streamcast.stats.RunningMoments;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
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

    /** The raw and signed-log mean and variance after folding in the {@code count}-th value {@code x}. */
    private static double[] fold(double[] before, double x, long count) {
        double weight = RunningMoments.weight(count, DECAY);
        double log = ValueTransforms.apply(ValueTransform.SIGNED_LOG, x);
        return new double[] {RunningMoments.nextMean(before[0], x, weight),
                RunningMoments.nextVariance(before[0], before[1], x, weight),
                RunningMoments.nextMean(before[2], log, weight),
                RunningMoments.nextVariance(before[2], before[3], log, weight)};
    }

    /**
     * A window is scaled step by step as the predictor scaled each of its events when it arrived: with the key's
     * statistics as they stood after that event, not after the window's last (which held every later event of the
     * window, the step's own targets). The predictor's statistics after each event follow the one recurrence every
     * running statistic of a key follows ({@link RunningMoments}); the key has more than 1 / decay events before the
     * window, so the window's statistics are those exactly.
     */
    @Test
    void shouldScaleEachStepWithTheStatisticsAsTheyStoodAtItsEvent() {
        int events = 400;
        double[][] stood = new double[events][];
        for (int i = 0; i < events; i++) {
            step.apply(state, 1_700_000_000_000L + i * 60_000L, new double[] {value(i)}, null, result);
            stood[i] = fold(i == 0 ? new double[4] : stood[i - 1], value(i), i + 1);
        }
        SampleSeries series = SampleSeries.decode(step.trainingSample("k", state), 1, DECAY);

        assertThat(series.steps()).isEqualTo(HISTORY);
        // the values vary far above the scaler's floors, so a standard deviation is the variance's root
        for (int s = 0; s < HISTORY; s++) {
            double[] at = stood[events - HISTORY + s];
            double x = value(events - HISTORY + s);
            assertThat((double) series.input(s, 0, ValueTransform.NONE)).as("step %d", s)
                    .isCloseTo((x - at[0]) / Math.sqrt(at[1]), within(1e-5));
            double log = ValueTransforms.apply(ValueTransform.SIGNED_LOG, x);
            assertThat((double) series.input(s, 0, ValueTransform.SIGNED_LOG)).as("step %d, signed log", s)
                    .isCloseTo((log - at[2]) / Math.sqrt(at[3]), within(1e-5));
            assertThat(series.unscale(s, 1.5, 0, ValueTransform.NONE))
                    .isCloseTo(at[0] + 1.5 * Math.sqrt(at[1]), within(1e-6 * at[0]));
        }
        // a later event seen from an earlier step: scaled with the earlier step's statistics
        double[] first = stood[events - HISTORY];
        assertThat((double) series.scaled(0, 5, 0, ValueTransform.NONE))
                .isCloseTo((value(events - HISTORY + 5) - first[0]) / Math.sqrt(first[1]), within(1e-5));
    }

    /**
     * A window's last rows, cut from it as a trainer of a shorter history.length cuts a longer stored window, are
     * scaled at each step as the whole window scales them: the statistics a window carries are those after its last
     * row, undone back from there, so how far back the window reaches does not change them.
     */
    @Test
    void shouldScaleAWindowsLastRowsCutFromItAsTheWholeWindowScalesThem() {
        for (int i = 0; i < 400; i++) {
            step.apply(state, 1_700_000_000_000L + i * 60_000L, new double[] {value(i)}, null, result);
        }
        TrainingSample whole = step.trainingSample("k", state);
        int kept = 6;
        TrainingSample cut = TrainingSample.newBuilder(whole)
                .setTimes(tail(whole.getTimes(), kept * Long.BYTES))
                .setRawValues(tail(whole.getRawValues(), kept * Float.BYTES)).build();
        SampleSeries wholeSeries = SampleSeries.decode(whole, 1, DECAY);
        SampleSeries cutSeries = SampleSeries.decode(cut, 1, DECAY);

        assertThat(cutSeries.steps()).isEqualTo(kept);
        for (int s = 0; s < kept; s++) {
            int of = HISTORY - kept + s;
            assertThat(cutSeries.time(s)).isEqualTo(wholeSeries.time(of));
            for (ValueTransform transform : ValueTransform.values()) {
                assertThat(cutSeries.input(s, 0, transform)).as("step %d, %s", s, transform)
                        .isEqualTo(wholeSeries.input(of, 0, transform));
                assertThat(cutSeries.unscale(s, 1.5, 0, transform)).isEqualTo(wholeSeries.unscale(of, 1.5, 0,
                        transform));
            }
        }
        assertThat(cutSeries.std(0, ValueTransform.NONE)).isEqualTo(wholeSeries.std(0, ValueTransform.NONE));
    }

    /** A copy of the last {@code bytes} of {@code buffer}. */
    private static ByteBuffer tail(ByteBuffer buffer, int bytes) {
        ByteBuffer from = buffer.duplicate();
        from.position(from.limit() - bytes);
        ByteBuffer copy = ByteBuffer.allocate(bytes);
        copy.put(from).flip();
        return copy;
    }

    /**
     * Events of two values a key sends together: each value is read at its own place in every step, scaled with
     * its own statistics, not with another value's or another step's. The first value is {@link #value}, the second
     * a different integer sequence on another scale.
     */
    @Test
    void shouldReadEachOfSeveralValuesWithItsOwnStatisticsAtEveryStep() {
        InputSpec two = new InputSpec(2, new int[] {0, 1}, 2, List.of(), DECAY);
        KeyStep pairs = new KeyStep(new PredictorSettings(two, HISTORY, 4, 8, AnomalySettings.defaults()));
        KeyMemory memory = pairs.newMemory();
        StepResult pairResult = pairs.newResult();
        int events = 400;
        double[][][] stood = new double[2][events][];
        for (int i = 0; i < events; i++) {
            double[] x = {value(i), second(i)};
            pairs.apply(memory, 1_700_000_000_000L + i * 60_000L, x, null, pairResult);
            for (int j = 0; j < 2; j++) {
                stood[j][i] = fold(i == 0 ? new double[4] : stood[j][i - 1], x[j], i + 1);
            }
        }
        SampleSeries series = SampleSeries.decode(pairs.trainingSample("k", memory), 2, DECAY);

        assertThat(series.steps()).isEqualTo(HISTORY);
        for (int s = 0; s < HISTORY; s++) {
            int event = events - HISTORY + s;
            assertThat(series.raw(s, 0)).as("step %d, first value", s).isEqualTo(value(event));
            assertThat(series.raw(s, 1)).as("step %d, second value", s).isEqualTo(second(event));
            double[] at = stood[1][event];
            assertThat((double) series.input(s, 1, ValueTransform.NONE)).as("step %d, second value scaled", s)
                    .isCloseTo((second(event) - at[0]) / Math.sqrt(at[1]), within(1e-5));
            double log = ValueTransforms.apply(ValueTransform.SIGNED_LOG, second(event));
            assertThat((double) series.input(s, 1, ValueTransform.SIGNED_LOG)).as("step %d, second value's log", s)
                    .isCloseTo((log - at[2]) / Math.sqrt(at[3]), within(1e-5));
        }
        for (int j = 0; j < 2; j++) {
            double[] last = stood[j][events - 1];
            assertThat(series.std(j, ValueTransform.NONE)).as("value %d", j)
                    .isCloseTo(Math.sqrt(last[1]), within(1e-6 * Math.sqrt(last[1])));
            assertThat(series.std(j, ValueTransform.SIGNED_LOG)).as("value %d, signed log", j)
                    .isCloseTo(Math.sqrt(last[3]), within(1e-6 * Math.sqrt(last[3])));
        }
    }

    /** Integers between 20 and 36, a scale apart from {@link #value}'s, which the window holds exactly. */
    private static double second(int i) {
        return 20 + (i * 7 % 17);
    }

    /** Two events are the fewest a window can be trained on (one step and its next); one is too few. */
    @Test
    void shouldUseAWindowOfTwoEventsButNotOfOne() {
        KeyStep shortest = new KeyStep(new PredictorSettings(SPEC, 2, 4, 8, AnomalySettings.defaults()));
        KeyMemory memory = shortest.newMemory();
        shortest.apply(memory, 1_700_000_000_000L, new double[] {value(0)}, null, result);
        assertThat(SampleSeries.decode(shortest.trainingSample("k", memory), 1, DECAY)).isNull();

        shortest.apply(memory, 1_700_000_060_000L, new double[] {value(1)}, null, result);
        SampleSeries series = SampleSeries.decode(shortest.trainingSample("k", memory), 1, DECAY);

        assertThat(series).isNotNull();
        assertThat(series.steps()).isEqualTo(2);
        assertThat(series.raw(0, 0)).isEqualTo(value(0));
        assertThat(series.raw(1, 0)).isEqualTo(value(1));
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

    /**
     * A negative variance in the statistics a window carries (no predictor sends one: the key's running variance never
     * goes below 0) cannot be used either: its standard deviation is NaN, and so would be every input scaled with it.
     */
    @Test
    void shouldNotUseAWindowWithANegativeVariance() {
        for (int i = 0; i < 40; i++) {
            step.apply(state, 1_700_000_000_000L + i * 60_000L, new double[] {value(i)}, null, result);
        }
        for (int statistic : new int[] {1, 3}) {
            TrainingSample sample = step.trainingSample("k", state);
            ByteBuffer scalers = sample.getScalers().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            scalers.putDouble(8 * statistic, -1.0);
            sample.setScalers(scalers);
            assertThat(SampleSeries.decode(sample, 1, DECAY)).as("variance at %d negative", statistic).isNull();
        }
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
}

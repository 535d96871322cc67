package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.testing.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepFinitenessTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 3, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);
    private static final PredictorSettings SETTINGS = new PredictorSettings(SPEC, 16, 4, 8,
            AnomalySettings.defaults());

    private final KeyStep step = new KeyStep(SETTINGS);
    private final KeyMemory state = step.newMemory();
    private final StepResult result = step.newResult();

    /** Applies events {@code from} to {@code to} of a key swinging between -1e18 and 1e18, checking each step. */
    private void feed(int from, int to, ForecastModel model) {
        for (int i = from; i < to; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {i % 3 == 0 ? -1e18 : 1e18}, model, result);
            assertThat(StepFiniteness.nonFinite(state, result)).as("event %d", i).isNull();
        }
    }

    /**
     * What a healthy step leaves NaN is no fault: without a model, its model forecasts; after a re-warm, which forgets
     * the key's errors, its intervals and surprises; and at the largest values a key takes, nothing overflows.
     */
    @Test
    void shouldFindNothingAHealthyStepLeaves() {
        feed(0, 30, null);
        assertThat(result.modelForecast(1, 0)).isNaN();
        feed(30, 40, TestSettings.model("m", 1, SPEC, 8, 1));
        feed(40, 41, TestSettings.model("m", 2, SPEC, 8, 2));
        assertThat(result.rewarmed()).isTrue();
        assertThat(result.lower(1, 0)).isNaN();
        assertThat(result.surprise(0)).isNaN();
        feed(41, 60, TestSettings.model("m", 2, SPEC, 8, 2));
    }

    @Test
    void shouldNameEachNumberLeftNaNThatAHealthyStepLeavesFinite() {
        feed(0, 20, TestSettings.model("m", 1, SPEC, 8, 1));

        assertThat(nonFiniteWith(() -> result.forecast[result.forecast.length - 1] = Double.NaN))
                .isEqualTo("its issued forecasts");
        assertThat(nonFiniteWith(() -> result.residual[0] = Double.NaN)).isEqualTo("its score");
        assertThat(nonFiniteWith(() -> result.rawScore = Double.NaN)).isEqualTo("its score");
        assertThat(nonFiniteWith(() -> result.likelihood = Double.NaN)).isEqualTo("its score");
        assertThat(nonFiniteWith(() -> state.lstmState[state.lstmStateSize - 1] = Float.NaN))
                .isEqualTo("its network's state");
        assertThat(nonFiniteWith(() -> state.forecasts[state.forecastRows * state.slots() - 1] = Double.NaN))
                .isEqualTo("its stored forecasts");
        assertThat(nonFiniteWith(() -> state.mean[0] = Double.POSITIVE_INFINITY)).isEqualTo("its scaling statistics");
        assertThat(nonFiniteWith(() -> state.variance[0] = Double.POSITIVE_INFINITY))
                .isEqualTo("its scaling statistics");
        assertThat(nonFiniteWith(() -> state.logMean[0] = Double.NaN)).isEqualTo("its scaling statistics");
        assertThat(nonFiniteWith(() -> state.logVariance[0] = Double.POSITIVE_INFINITY))
                .isEqualTo("its scaling statistics");
    }

    /** Numbers past those checked (a residual beyond those scored, a forecast row not kept) are not read. */
    @Test
    void shouldReadOnlyTheNumbersInUse() {
        InputSpec two = new InputSpec(2, new int[] {0}, 3, List.of(CalendarFeature.TIME_OF_DAY), 0.01);
        KeyStep twoValues = new KeyStep(new PredictorSettings(two, 16, 4, 8, AnomalySettings.defaults()));
        KeyMemory memory = twoValues.newMemory();
        StepResult first = twoValues.newResult();
        twoValues.apply(memory, T0, new double[] {1, 2}, null, first);
        assertThat(memory.forecastRows).isEqualTo(1);
        assertThat(first.residualCount).isZero();

        first.residual[0] = Double.NaN;
        memory.forecasts[memory.slots()] = Double.NaN;

        assertThat(StepFiniteness.nonFinite(memory, first)).isNull();
    }

    /** What the check finds once {@code damage} is done to the healthy step's outputs, which are then restored. */
    private String nonFiniteWith(Runnable damage) {
        KeyMemory kept = step.newMemory();
        KeyStateCodec codec = new KeyStateCodec();
        codec.decode(codec.encode(state), kept);
        StepResult before = step.newResult();
        copy(result, before);
        damage.run();
        String found = StepFiniteness.nonFinite(state, result);
        codec.decode(codec.encode(kept), state);
        copy(before, result);
        return found;
    }

    private static void copy(StepResult from, StepResult to) {
        System.arraycopy(from.forecast, 0, to.forecast, 0, from.forecast.length);
        System.arraycopy(from.residual, 0, to.residual, 0, from.residual.length);
        to.residualCount = from.residualCount;
        to.rawScore = from.rawScore;
        to.likelihood = from.likelihood;
    }
}

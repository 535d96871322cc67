package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.testing.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyStepTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long NOW = T0 + 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);
    private static final PredictorSettings SETTINGS = new PredictorSettings(SPEC, 16, 4, 8,
            AnomalySettings.defaults());

    private final KeyStep step = new KeyStep(SETTINGS);
    private final KeyMemory state = step.newMemory();
    private final StepResult result = step.newResult();

    private static double signal(int i) {
        return 500 + 100 * Math.sin(i / 5.0);
    }

    private void feed(int from, int to, ForecastModel model) {
        for (int i = from; i < to; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {signal(i)}, model, result);
        }
    }

    @Test
    void shouldForecastPersistenceAndFlagWarmingUpWithoutAModel() {
        feed(0, 3, null);

        assertThat(result.forecast(1, 0)).isEqualTo(signal(2));
        assertThat(result.forecast(2, 0)).isEqualTo(signal(2));
        assertThat(result.modelVersion()).isZero();
        assertThat(result.warmingUp()).isTrue();
        assertThat(result.residualCount()).isEqualTo(1);
        assertThat(result.residual(0)).isNotZero();
    }

    @Test
    void shouldScoreAnEventAgainstTheForecastMadeBeforeIt() {
        feed(0, 10, null);
        double forecast = result.forecast(1, 0);
        double std = Scaler.std(state.mean, state.variance, 0);

        step.apply(state, T0 + 10 * 60_000L, new double[] {forecast + 3 * std}, null, result);

        assertThat(result.residual(0)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldRewarmStateWhenModelVersionChanges() {
        ForecastModel first = TestSettings.model("m", 1, SPEC, 8, 1);
        ForecastModel second = TestSettings.model("m", 2, SPEC, 8, 2);
        feed(0, 30, first);
        assertThat(result.rewarmed()).isFalse();

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, second, result);

        assertThat(result.rewarmed()).isTrue();
        assertThat(result.modelVersion()).isEqualTo(2);
        assertThat(state.modelVersion()).isEqualTo(2);
        // The re-warmed state is what the new model reaches by replaying the key's history from zero.
        KeyMemory replayed = step.newMemory();
        KeyStep other = new KeyStep(SETTINGS);
        StepResult otherResult = other.newResult();
        for (int i = 0; i < 30; i++) {
            other.apply(replayed, T0 + i * 60_000L, new double[] {signal(i)}, first, otherResult);
        }
        other.apply(replayed, T0 + 30 * 60_000L, new double[] {signal(30)}, second, otherResult);
        assertThat(otherResult.forecast(1, 0)).isEqualTo(result.forecast(1, 0));
        step.apply(state, T0 + 31 * 60_000L, new double[] {signal(31)}, second, result);
        assertThat(result.rewarmed()).isFalse();
    }

    @Test
    void shouldGiveTheSameForecastsWhenTheStateRoundTripsThroughItsStoredForm() {
        ForecastModel model = TestSettings.model("m", 1, SPEC, 8, 3);
        KeyStep direct = new KeyStep(SETTINGS);
        KeyMemory directState = direct.newMemory();
        StepResult directResult = direct.newResult();
        KeyStateCodec codec = new KeyStateCodec();
        byte[] stored = null;
        for (int i = 0; i < 50; i++) {
            double[] value = {signal(i)};
            direct.apply(directState, T0 + i * 60_000L, value, model, directResult);

            assertThat(codec.decode(stored, state)).isIn(KeyStateCodec.Outcome.NEW, KeyStateCodec.Outcome.LOADED);
            step.apply(state, T0 + i * 60_000L, value, model, result);
            stored = codec.encode(state);

            assertThat(result.forecast(1, 0)).isEqualTo(directResult.forecast(1, 0));
            assertThat(result.forecast(2, 0)).isEqualTo(directResult.forecast(2, 0));
            assertThat(result.likelihood()).isEqualTo(directResult.likelihood());
        }
    }

    @Test
    void shouldRefuseWithoutChangingTheState() {
        feed(0, 5, null);
        byte[] before = new KeyStateCodec().encode(state);
        long latest = T0 + 4 * 60_000L;

        assertThat(step.check(state, latest, NOW, new double[] {Double.NaN}, 1)).isEqualTo(Rejection.NON_FINITE_VALUE);
        assertThat(step.check(state, latest, NOW, new double[] {1, 2}, 2)).isEqualTo(Rejection.WRONG_DIMENSION);
        assertThat(step.check(state, latest - HOUR - 1, NOW, new double[] {1}, 1)).isEqualTo(Rejection.OUT_OF_ORDER);
        assertThat(step.check(state, NOW + HOUR + 1, NOW, new double[] {1}, 1)).isEqualTo(Rejection.FAR_FUTURE);
        assertThat(step.check(state, latest - HOUR, NOW, new double[] {1}, 1)).isNull();

        assertThat(new KeyStateCodec().encode(state)).isEqualTo(before);
    }

    @Test
    void shouldApplyAnEventLateWithinTheGraceInArrivalOrderAndKeepTheLatestEventTime() {
        feed(0, 10, null);
        long latest = T0 + 9 * 60_000L;
        long stepBack = latest - 30 * 60_000L;

        assertThat(step.check(state, stepBack, NOW, new double[] {signal(10)}, 1)).isNull();
        step.apply(state, stepBack, new double[] {signal(10)}, null, result);

        assertThat(state.eventCount()).isEqualTo(11);
        assertThat(state.lastEventTime()).isEqualTo(latest);
        assertThat(state.historyTimes[state.historySize() - 1]).isEqualTo(stepBack);
        assertThat(result.observed(0)).isEqualTo(signal(10));
    }

    @Test
    void shouldAskForATrainingWindowEveryFewEventsOnceTheHistoryIsFull() {
        int due = 0;
        for (int i = 0; i < 64; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {signal(i)}, null, result);
            if (result.trainingWindowDue()) {
                due++;
                assertThat(state.historySize()).isEqualTo(16);
            }
        }
        // Events 16, 24, ..., 64 (the history holds 16 from the 16th event on).
        assertThat(due).isEqualTo(7);
    }

    @Test
    void shouldAllocateNothingPerEventOnceWarm() {
        ForecastModel model = TestSettings.model("m", 1, SPEC, 32, 4);
        feed(0, 2_000, model);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double[] value = new double[1];
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 2_000; i < 12_000; i++) {
            value[0] = signal(i);
            step.apply(state, T0 + i * 60_000L, value, model, result);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // 10,000 events: anything per event would be at least 160 kB.
        assertThat(allocated).isLessThan(16_384);
    }
}

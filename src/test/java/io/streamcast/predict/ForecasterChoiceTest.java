package io.streamcast.predict;

import static io.streamcast.predict.ForecasterChoice.DAILY;
import static io.streamcast.predict.ForecasterChoice.MODEL;
import static io.streamcast.predict.ForecasterChoice.PERSISTENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecasterChoiceTest {

    /** One forecast value, two horizon steps: slots 0 and 1. */
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);
    private final KeyMemory state = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults()))
            .newMemory();

    private void fold(int forecaster, int slot, double error, int times) {
        for (int i = 0; i < times; i++) {
            ForecasterChoice.fold(state, forecaster, slot, error);
        }
    }

    @Test
    void shouldKeepTheMeanAbsoluteErrorOfEachForecasterAtEachStep() {
        ForecasterChoice.fold(state, DAILY, 1, 1);
        ForecasterChoice.fold(state, DAILY, 1, -2);
        ForecasterChoice.fold(state, DAILY, 1, 3);

        assertThat(state.forecasterErrors[DAILY * 2 + 1]).isEqualTo(2f);
        assertThat(state.forecasterCounts[DAILY * 2 + 1]).isEqualTo(3);
        assertThat(state.forecasterCounts[DAILY * 2]).isZero();
    }

    @Test
    void shouldTrustANewModelUntilItHasARecordAndThenTakeTheMoreAccurateForecaster() {
        fold(PERSISTENCE, 0, 1.0, 10);
        fold(MODEL, 0, 3.0, ForecasterChoice.MIN_ERRORS - 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false)).isEqualTo(MODEL);

        fold(MODEL, 0, 3.0, 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false)).isEqualTo(PERSISTENCE);
        assertThat(ForecasterChoice.choose(state, 1, true, false)).as("no record at step 2").isEqualTo(MODEL);

        ForecasterChoice.forgetModel(state);
        assertThat(ForecasterChoice.choose(state, 0, true, false)).as("a new model version").isEqualTo(MODEL);
    }

    @Test
    void shouldTakeTheDailyRhythmOnlyWhereItForecastAndWasMoreAccurate() {
        fold(PERSISTENCE, 0, 1.0, 10);
        fold(DAILY, 0, 0.5, 10);

        assertThat(ForecasterChoice.choose(state, 0, false, true)).isEqualTo(DAILY);
        assertThat(ForecasterChoice.choose(state, 0, false, false)).as("no daily forecast this time")
                .isEqualTo(PERSISTENCE);

        fold(MODEL, 0, 0.25, 10);
        assertThat(ForecasterChoice.choose(state, 0, true, true)).isEqualTo(MODEL);
        assertThat(ForecasterChoice.choose(state, 0, false, true)).as("without a model in use").isEqualTo(DAILY);
    }

    @Test
    void shouldStayWithTheFallbackUntilAnotherForecasterHasARecord() {
        fold(PERSISTENCE, 0, 1.0, 10);
        fold(DAILY, 0, 0.5, ForecasterChoice.MIN_ERRORS - 1);

        assertThat(ForecasterChoice.choose(state, 0, false, true)).isEqualTo(PERSISTENCE);
    }
}

package io.streamcast.predict;

import static io.streamcast.predict.ForecasterChoice.DAILY;
import static io.streamcast.predict.ForecasterChoice.MODEL;
import static io.streamcast.predict.ForecasterChoice.PERSISTENCE;
import static io.streamcast.predict.ForecasterChoice.YESTERDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.schema.CalendarFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecasterChoiceTest {

    /** One forecast value, two horizon steps: slots 0 and 1. */
    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY),
            0.01);
    private static final double NONE = Double.NaN;
    private final KeyMemory state = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults()))
            .newMemory();

    private void fold(int slot, double model, double persistence, double daily, int times) {
        for (int i = 0; i < times; i++) {
            ForecasterChoice.fold(state, slot, new double[] {model, persistence, daily, NONE, NONE});
        }
    }

    @Test
    void shouldKeepEachForecastersMeanAbsoluteErrorAndEachPairsDifferencesOnTheSameEvents() {
        fold(1, NONE, 1, 3, 1);
        fold(1, NONE, -3, -1, 1);

        // persistence |1|, |-3|: 2; daily |3|, |-1|: 2; their differences 1 - 3 = -2 and 3 - 1 = 2, mean 0; the
        // deviations from the mean before each: none for the first, |2 - (-2)| = 4 for the second, mean 2
        assertThat(state.forecasterErrors[PERSISTENCE * 2 + 1]).isEqualTo(2f);
        assertThat(state.forecasterErrors[DAILY * 2 + 1]).isEqualTo(2f);
        assertThat(state.forecasterCounts[MODEL * 2 + 1]).isZero();
        int persistenceDaily = 2;
        assertThat(state.pairMeans[persistenceDaily * 2 + 1]).isEqualTo(0f);
        assertThat(state.pairSpreads[persistenceDaily * 2 + 1]).isEqualTo(2f);
        assertThat(state.pairCounts[persistenceDaily * 2 + 1]).isEqualTo(2);
        assertThat(state.pairCounts[persistenceDaily * 2]).as("the other step").isZero();
    }

    @Test
    void shouldTrustANewModelUntilItHasARecordAndThenTakeAClearlyMoreAccurateForecaster() {
        fold(0, 3.0, 1.0, NONE, ForecasterChoice.MIN_ERRORS - 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(MODEL);

        // ten events on which persistence's error was 2 smaller every time: no doubt about it
        fold(0, 3.0, 1.0, NONE, 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(PERSISTENCE);
        assertThat(ForecasterChoice.choose(state, 1, true, false, false, false))
                .as("no record at step 2").isEqualTo(MODEL);

        ForecasterChoice.forgetModel(state);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false))
                .as("a new model version").isEqualTo(MODEL);
        int modelPersistence = ForecasterChoice.pair(MODEL, PERSISTENCE) * 2;
        assertThat(state.forecasterCounts[MODEL * 2]).as("the model's record").isZero();
        assertThat(state.forecasterErrors[MODEL * 2]).isZero();
        assertThat(state.pairCounts[modelPersistence]).as("the model's pairs").isZero();
        assertThat(state.pairMeans[modelPersistence]).isZero();
        assertThat(state.pairSpreads[modelPersistence]).isZero();
        assertThat(state.forecasterErrors[PERSISTENCE * 2]).as("persistence's record is kept").isEqualTo(1f);

        // the new version's record starts again: trusted until it too has ten events
        fold(0, 3.0, 1.0, NONE, ForecasterChoice.MIN_ERRORS - 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(MODEL);
    }

    @Test
    void shouldStayWithTheModelWhereAnotherForecasterIsAheadOnlyByChance() {
        // persistence's mean absolute error is the smaller (1.65 against 1.75), but the differences, 1.5 and -1.3 in
        // turn, have mean 0.1 and deviate from it by about 1.4 (a standard deviation of 1.4 / 0.80 = 1.75): over
        // 20 events 2 standard errors are about 0.78
        for (int i = 0; i < 10; i++) {
            ForecasterChoice.fold(state, 0, new double[] {2.5, 1.0, NONE, NONE, NONE});
            ForecasterChoice.fold(state, 0, new double[] {1.0, 2.3, NONE, NONE, NONE});
        }

        assertThat(state.forecasterErrors[PERSISTENCE * 2]).isLessThan(state.forecasterErrors[MODEL * 2]);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(MODEL);
    }

    @Test
    void shouldTakeAClearlyMoreAccurateForecasterAgainSoonAfterOneHugeMiss() {
        // the daily rhythm's error is 1 smaller than persistence's on average (by 0.5 and 1.5 in turn), over a whole
        // memory of events
        for (int i = 0; i < ForecasterChoice.MEMORY / 2; i++) {
            fold(0, NONE, 2.0, 1.5, 1);
            fold(0, NONE, 2.0, 0.5, 1);
        }
        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false)).isEqualTo(DAILY);

        // then it misses one spike by 300 more than persistence: the mean difference drops to 1 - 301 / 200 < 0
        fold(0, NONE, 0.0, 300.0, 1);
        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false)).isEqualTo(PERSISTENCE);

        // 200 events later the spike weighs (199 / 200)^200 = 0.37 of what it did: the mean difference is
        // 1 - 1.5 x 0.37 = 0.45; the deviations average about 1.3 (0.5, the spike's share 1.5 x 0.37 = 0.55, and the
        // mean's swing after it), so 2 standard errors are about 2 x 1.3 / 0.80 / sqrt(200) = 0.23. (Had the spread
        // been a mean square, the spike's 301^2 / 200 x 0.37 = 167 would put them at 2 x sqrt(167 / 200) = 1.8.)
        for (int i = 0; i < ForecasterChoice.MEMORY / 2; i++) {
            fold(0, NONE, 2.0, 1.5, 1);
            fold(0, NONE, 2.0, 0.5, 1);
        }
        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false)).isEqualTo(DAILY);
    }

    @Test
    void shouldNotLetOneHugeMissDecideANewRecord() {
        // persistence's record: 20 events, each missed by 1
        fold(0, NONE, 1.0, NONE, 20);

        // a model comes into use just after a spike: persistence forecast the spike and misses by 1000, the model by 2.
        // With persistence's mean absolute error 1, the difference takes in at most 3: 2 - 3 = -1
        fold(0, 2.0, 1000.0, NONE, 1);
        // then persistence is 1 better nine times: mean (-1 + 9) / 10 = 0.8; the deviations from the mean before
        // each, 0, 2, 1, 2/3, 1/2, 2/5, 1/3, 2/7, 1/4 and 2/9, average 0.566, so 2 standard errors are
        // 2 x 0.566 / 0.80 / sqrt(10) = 0.45. (Taken whole, the spike's -998 would hold the mean at -98.9.)
        fold(0, 2.0, 1.0, NONE, 9);
        int modelPersistence = ForecasterChoice.pair(MODEL, PERSISTENCE);
        assertThat(state.pairMeans[modelPersistence * 2]).isCloseTo(0.8f, within(1e-6f));
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(PERSISTENCE);

        // a record of ten differences takes in every error whole: (0.8 x 10 - 998) / 11 < 0
        fold(0, 2.0, 1000.0, NONE, 1);
        assertThat(ForecasterChoice.choose(state, 0, true, false, false, false)).isEqualTo(MODEL);
    }

    @Test
    void shouldTakeTheDailyRhythmOnlyWhereItForecastAndWasClearlyMoreAccurate() {
        fold(0, NONE, 1.0, 0.5, 10);

        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false)).isEqualTo(DAILY);
        assertThat(ForecasterChoice.choose(state, 0, false, false, false, false)).as("no daily forecast this time")
                .isEqualTo(PERSISTENCE);

        fold(0, 0.25, 1.0, 0.5, 10);
        assertThat(ForecasterChoice.choose(state, 0, true, true, false, false)).as("the model is better still")
                .isEqualTo(MODEL);
        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false))
                .as("without a model in use").isEqualTo(DAILY);
    }
    @Test
    void shouldTakeYesterdayOnlyWhereItForecastAndWasClearlyMoreAccurate() {
        for (int i = 0; i < 10; i++) {
            ForecasterChoice.fold(state, 0, new double[] {1.0, 2.0, 1.5, NONE, 0.25});
        }

        assertThat(ForecasterChoice.choose(state, 0, true, true, false, true)).isEqualTo(YESTERDAY);
        assertThat(ForecasterChoice.choose(state, 0, true, true, false, false)).as("no forecast from yesterday")
                .isEqualTo(MODEL);
        int modelYesterday = ForecasterChoice.pair(MODEL, YESTERDAY);
        assertThat(modelYesterday).as("after the six pairs of the first four forecasters").isEqualTo(6);
        assertThat(state.pairMeans[modelYesterday * 2]).isEqualTo(0.75f);
        assertThat(state.forecasterErrors[YESTERDAY * 2]).isEqualTo(0.25f);
    }

    /**
     * A record that is not finite, as the release before kept its rhythms' forecasts unbounded left one (a weekly
     * forecast of 6e44 missed by as much passed the largest float, NaN from the next error on), starts again from the
     * next error: kept, it stayed NaN at every later event, and the forecaster could never again be chosen for the key.
     */
    @Test
    void shouldStartAgainARecordThatIsNotFinite() {
        int persistenceDaily = 2;
        state.forecasterErrors[DAILY * 2] = Float.NaN;
        state.forecasterCounts[DAILY * 2] = ForecasterChoice.MEMORY;
        state.pairMeans[persistenceDaily * 2] = Float.NaN;
        state.pairSpreads[persistenceDaily * 2] = Float.POSITIVE_INFINITY;
        state.pairCounts[persistenceDaily * 2] = ForecasterChoice.MEMORY;

        fold(0, NONE, 3, 1, ForecasterChoice.MIN_ERRORS);

        assertThat(state.forecasterErrors[DAILY * 2]).isEqualTo(1f);
        assertThat(state.forecasterCounts[DAILY * 2]).isEqualTo(ForecasterChoice.MIN_ERRORS);
        assertThat(state.pairMeans[persistenceDaily * 2]).isEqualTo(2f);
        assertThat(state.pairSpreads[persistenceDaily * 2]).isEqualTo(0f);
        assertThat(ForecasterChoice.choose(state, 0, false, true, false, false)).isEqualTo(DAILY);
    }
}

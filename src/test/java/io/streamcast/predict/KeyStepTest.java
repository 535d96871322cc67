package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.TrainingReport;
import io.streamcast.schema.ValueTransform;
import io.streamcast.testing.TestSettings;
import java.util.ArrayList;
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

    /**
     * A key that sat at 5 for 10,000 one-minute events and then jumps to 500,000 for six events, with no model (the
     * trainer has published none, or training is off): the jump is an anomaly at once, with the daily profile on (the
     * default) and off. It raised none at all with the profile off, and a daily deviation about 1,400 events later
     * with it on, as the key's range had no width and its error statistics started again at the jump.
     */
    @Test
    void shouldFlagAJumpOfAKeyThatSatAtOneValueWithoutAModel() {
        for (boolean daily : new boolean[] {true, false}) {
            InputSpec spec = new InputSpec(1, new int[] {0}, 1, List.of(CalendarFeature.TIME_OF_DAY), 0.005);
            KeyStep constantKeys = new KeyStep(new PredictorSettings(spec, 64, 4, 8,
                    AnomalySettings.builder().dailyProfile(daily).build()));
            KeyMemory memory = constantKeys.newMemory();
            StepResult stepped = constantKeys.newResult();
            for (int i = 0; i < 10_000; i++) {
                constantKeys.apply(memory, T0 + i * 60_000L, new double[] {5}, null, stepped);
                assertThat(stepped.isAnomaly()).as("event %d at 5", i).isFalse();
            }
            constantKeys.apply(memory, T0 + 10_000 * 60_000L, new double[] {500_000}, null, stepped);

            assertThat(stepped.isAnomaly()).as("the jump, daily profile %s", daily).isTrue();
            assertThat(stepped.likelihood()).isGreaterThan(0.999);
        }
    }

    /**
     * A counter rising by exactly 1 every five minutes, without a model, raises no anomaly in its first three days.
     * On its first day each hour's deviations are taken from that hour's own earlier events (2 to 6 apart); from the
     * second day on, from yesterday's hour (about 288): the first day's records were broken at the second day's start.
     */
    @Test
    void shouldRaiseNoAnomalyOnACountersSecondDay() {
        for (int i = 0; i < 3 * 288; i++) {
            step.apply(state, T0 + i * 300_000L, new double[] {1e6 + i}, null, result);
            assertThat(result.isAnomaly()).as("event %d, cause %s", i, result.anomalyCause()).isFalse();
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

    /**
     * Without a model the detector judges persistence's errors, whichever forecaster's forecast was issued. A
     * half-hourly key at 100, each event off by 2 the other way than the last, so persistence always misses by
     * exactly 4; each half hour of the week always has the same value, so its weekly rhythm, from its second week on,
     * forecasts it exactly and is issued. With the daily profile off (no daily forecasts) the detector once judged
     * the issued weekly forecast's errors of 0 from then on; the mean magnitude of its errors stays 4.
     */
    @Test
    void shouldJudgePersistencesErrorsWithoutAModelWhenTheWeeklyRhythmIsIssued() {
        KeyStep withoutDailyProfile = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()));
        KeyMemory key = withoutDailyProfile.newMemory();
        StepResult step = withoutDailyProfile.newResult();
        long monday = java.time.Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 3 * 7 * 48; i++) {
            withoutDailyProfile.apply(key, monday + i * 1_800_000L, new double[] {i % 2 == 0 ? 102 : 98}, null, step);
        }
        String[][] by = KeyStateView.of(key, SPEC).forecastBy();
        assertThat(by[0][0]).as("the forecaster issued").isEqualTo("weekly");
        assertThat(key.anomaly.errorScale(0)).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    /**
     * Persistence's forecasts are the values as the key sent them, however large. A counter at a billion rising by 1 a
     * minute: persistence misses each event by exactly 1 (and by 2 two events ahead), so the detector's mean error
     * magnitude is exactly 1 (a running mean of ones), and so is persistence's record in the forecaster choice. From a
     * key's third event of an hour its daily rhythm forecasts it, and the detector then judges persistence's error from
     * the key's recent values; kept in single precision, whose neighbours are 64 apart there, those were the multiples
     * of 64 nearest the counter, and the errors judged were rounding noise between -31 and 33 (about 15 on average).
     */
    @Test
    void shouldJudgePersistencesErrorsOfACounterNearABillionExactly() {
        for (int i = 0; i < 300; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {1e9 + i}, null, result);
        }

        assertThat(state.dailyForecasts[state.at(0, 1, 0)]).as("the daily rhythm's forecast").isFinite();
        assertThat(state.anomaly.errorScale(0)).isEqualTo(1.0);
        int persistence = ForecasterChoice.PERSISTENCE * state.slots();
        assertThat(java.util.Arrays.copyOfRange(state.forecasterErrors, persistence, persistence + 2))
                .as("persistence's record one and two steps ahead, which the forecaster choice weighs")
                .containsExactly(1f, 2f);
    }

    /**
     * The rhythms' forecasts are kept as computed, however large. A key that sits at 1e9 + 20, an event a minute within
     * one hour: from its third event its daily profile knows the hour, and the daily rhythm forecasts the hour's usual
     * value plus the key's present deviation from it, carried over whole (the deviation never changes, so its lag-one
     * autocorrelation is 1): 1e9 + 20 at both steps, exactly. Kept in single precision, whose neighbours are 64 apart
     * there, the forecasts were 1e9, issued so whenever the daily rhythm was picked, and judged on errors of 20 where
     * it made none. So was the first (made before the deviation's autocorrelation was known, the hour's usual value
     * alone) while the profile's means were single precision: 1e9, the mean of its events rounded. Now every daily
     * forecast is exact, and the daily forecaster's record of errors 0.
     */
    @Test
    void shouldKeepTheDailyRhythmsForecastsOfAKeyNearABillionExact() {
        for (int i = 0; i < 30; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {1e9 + 20}, null, result);
        }

        assertThat(state.dailyForecasts[state.at(0, 1, 0)]).isEqualTo(1e9 + 20);
        assertThat(state.dailyForecasts[state.at(0, 2, 0)]).isEqualTo(1e9 + 20);
        int daily = ForecasterChoice.DAILY * state.slots();
        assertThat(state.forecasterCounts[daily]).as("daily forecasts judged one step ahead").isEqualTo(27);
        assertThat(state.forecasterErrors[daily]).as("their mean absolute error").isZero();
    }

    /**
     * A counter at a billion rising by 1 a minute that starts to rise by 8 a minute: persistence's error, and the
     * value's change, go from 1 to 8. The detector's last 10 errors (the window) then average (9 + 8) / 10 = 1.7 where
     * they had always averaged 1, and so do the value's changes, which confirm the drift: it breaks its record 1.7
     * times over. Both are normalised by their mean magnitude, exactly 1, so the error of 8 is also a surprise (above
     * 3), the first: a share of 1 in the last 10 where the long run of that share has been 0, 0.1 / sqrt(1.5e-5) =
     * 25.8 standard deviations (its variance taken at its floor) above it, 5.76 times the 4.48 that count as the
     * record. The first event at the new rate is an anomaly of the surprises, scoring 1 - 4.48 sqrt(1.5e-5) / 0.1.
     * (With the error scale's floor at a millionth of the value, 1000 here, the 8 was no surprise, and the event an
     * anomaly of the drift, scoring 1 - 1 / 1.7.) Judged on the rounding noise of single precision (errors and changes
     * between -31 and 33), the change went unflagged.
     */
    @Test
    void shouldFlagACounterNearABillionThatStartsToRiseFaster() {
        double value = 1e9;
        for (int i = 0; i < 300; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {value++}, null, result);
            assertThat(result.isAnomaly()).as("event %d", i).isFalse();
        }

        step.apply(state, T0 + 300 * 60_000L, new double[] {value + 7}, null, result);

        assertThat(result.isAnomaly()).isTrue();
        assertThat(result.anomalyCause()).isEqualTo(io.streamcast.anomaly.Statistic.SURPRISE);
        assertThat(result.likelihood()).isCloseTo(1 - 4.48 * Math.sqrt(1.5e-5) / 0.1, within(1e-6));
    }

    /**
     * The rhythms forecast the events after the key's latest event, also after a late one. A half-hourly key at 100
     * from 08:00 to 20:00 and 20 otherwise (each event off by 2 the other way than the last), for four days and to
     * 08:00 on the fifth; then an event of 07:10 arrives late. The next event is due at about 08:30, whose hour
     * usually holds 100; forecast from 07:10 it was placed at about 07:40, whose hour holds 20.
     */
    @Test
    void shouldPlaceTheRhythmsForecastsAfterTheLatestEventWhenAnEventArrivesLate() {
        long day = 86_400_000L;
        long midnight = Math.floorDiv(T0, day) * day;
        int events = 4 * 48 + 17;
        for (int i = 0; i < events; i++) {
            int hour = i % 48 / 2;
            double level = hour >= 8 && hour < 20 ? 100 : 20;
            step.apply(state, midnight + i * 1_800_000L, new double[] {level + (i % 2 == 0 ? 2 : -2)}, null, result);
        }
        long latest = midnight + (events - 1) * 1_800_000L;
        step.apply(state, latest - 50 * 60_000L, new double[] {20}, null, result);

        assertThat(state.lastEventTime).isEqualTo(latest);
        assertThat(state.dailyForecasts[state.at(0, 1, 0)])
                .isCloseTo(100, org.assertj.core.data.Offset.offset(10.0));
    }

    /**
     * A key whose model is not available for an event (an instance that has read no model yet) goes on without one:
     * its forecast rows and their statistics, made in the model's units, are dropped, and when the model comes back
     * the key takes it with a re-warm. (Before, the event was scored in raw units against the model's rows and
     * half-widths, and the same version, back, was taken without a re-warm, its LSTM state having missed the event.)
     */
    @Test
    void shouldGoOnWithoutAModelWhileItsModelIsMissingAndRewarmWhenItComesBack() {
        ForecastModel model = TestSettings.model("m", 1, SPEC, 8, 1);
        feed(0, 30, model);
        assertThat(state.errorCounts).as("errors the model's rows have been scored on").contains(29L);

        feed(30, 31, null);
        assertThat(result.modelVersion()).isZero();
        assertThat(result.forecast(1, 0)).as("persistence").isEqualTo(signal(30));
        assertThat(state.errorCounts).containsOnly(0L);
        assertThat(state.intervalScale).containsOnly(0.0);

        feed(31, 32, model);
        assertThat(result.rewarmed()).isTrue();
        assertThat(result.modelVersion()).isEqualTo(1);
    }

    @Test
    void shouldSayWhatCoverageItsIntervalsAreForOnceItHasThem() {
        KeyStep ninety = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults(),
                EventTimePolicy.defaults(), 0.9, true, false));
        KeyMemory memory = ninety.newMemory();
        StepResult out = ninety.newResult();
        ForecastModel model = TestSettings.model("m", 1, SPEC, 8, 1);

        ninety.apply(memory, T0, new double[] {signal(0)}, model, out);
        assertThat(out.hasInterval()).as("no errors yet to size an interval by").isFalse();
        assertThat(out.intervalCoverage()).isZero();

        for (int i = 1; i < 40; i++) {
            ninety.apply(memory, T0 + i * 60_000L, new double[] {signal(i)}, model, out);
        }
        assertThat(out.hasInterval()).isTrue();
        assertThat(out.intervalCoverage()).isEqualTo(0.9);
        assertThat(out.lower(1, 0)).isLessThan(out.forecast(1, 0));
        assertThat(out.upper(1, 0)).isGreaterThan(out.forecast(1, 0));
    }

    @Test
    void shouldScoreAnEventAgainstTheForecastMadeBeforeIt() {
        feed(0, 10, null);
        double forecast = result.forecast(1, 0);
        // ten values that vary far above the scaler's floors: a standard deviation is the variance's root
        double std = Math.sqrt(state.variance[0]);

        step.apply(state, T0 + 10 * 60_000L, new double[] {forecast + 3 * std}, null, result);

        assertThat(result.residual(0)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * A re-warm replays the key's history through the new network from a zero state, each event scaled as the
     * predictor scaled it when it arrived (with the key's statistics after that event, recorded here as the key runs),
     * and the event that finds the new version after it: the state the network would have reached had it been in use
     * over those events.
     */
    @Test
    void shouldRewarmToTheStateTheNewNetworkReachesOverTheKeysHistoryFromZero() {
        ForecastModel first = TestSettings.model("m", 1, SPEC, 8, 1);
        ForecastModel second = TestSettings.model("m", 2, SPEC, 8, 2);
        double[][] stood = new double[31][];
        for (int i = 0; i < 30; i++) {
            feed(i, i + 1, first);
            stood[i] = new double[] {state.mean[0], state.variance[0]};
        }
        int rows = state.historySize();

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, second, result);
        stood[30] = new double[] {state.mean[0], state.variance[0]};

        LstmModel network = second.network();
        float[] expected = new float[network.stateSize()];
        float[] output = new float[network.outputSize()];
        LstmModel.Workspace workspace = network.newWorkspace();
        for (int event = 30 - rows; event <= 30; event++) {
            network.step(expected, networkInput((float) signal(event), T0 + event * 60_000L, stood[event]), output,
                    workspace);
        }
        assertThat(result.rewarmed()).isTrue();
        float[] actual = java.util.Arrays.copyOf(state.lstmState, network.stateSize());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("state %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /**
     * A re-warm remakes the forecast rows the next events are scored against: the row made after each replayed event
     * holds the new network's forecasts from the replay, unscaled with the statistics as they stood after that event.
     */
    @Test
    void shouldRemakeTheForecastRowsOfTheReplayedEventsWithTheNewNetwork() {
        InputSpec threeAhead = new InputSpec(1, new int[] {0}, 3, List.of(CalendarFeature.TIME_OF_DAY), 0.01);
        KeyStep step = new KeyStep(new PredictorSettings(threeAhead, 16, 4, 8, AnomalySettings.defaults()));
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        ForecastModel first = TestSettings.model("m", 1, threeAhead, 8, 1);
        ForecastModel second = TestSettings.model("m", 2, threeAhead, 8, 2);
        double[][] stood = new double[30][];
        for (int i = 0; i < 30; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {signal(i)}, first, result);
            stood[i] = new double[] {state.mean[0], state.variance[0]};
        }
        int rows = state.historySize();

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, second, result);

        // rows 1 and 2 were made after events 29 and 28, by one replay from the oldest event the key kept
        for (int row = 1; row <= 2; row++) {
            int event = 30 - row;
            for (int k = 1; k <= 3; k++) {
                double expected = replayedForecast(second, 30 - rows, event, stood, k);
                assertThat(state.modelForecasts[state.at(row, k, 0)]).as("row %d, step %d", row, k)
                        .isCloseTo(expected, within(1e-4 * Math.abs(expected)))
                        .isNotCloseTo(replayedForecast(first, 30 - rows, event, stood, k), within(1e-3));
            }
        }
    }

    /**
     * What {@code model} forecasts {@code k} events after event {@code last}, replayed from a zero state over events
     * {@code from} to {@code last}, each scaled with the statistics as they {@code stood} after it: a change from the
     * last event's scaled value, unscaled with its statistics.
     */
    private static double replayedForecast(ForecastModel model, int from, int last, double[][] stood, int k) {
        LstmModel network = model.network();
        float[] lstm = new float[network.stateSize()];
        float[] output = new float[network.outputSize()];
        LstmModel.Workspace workspace = network.newWorkspace();
        float[] input = null;
        for (int event = from; event <= last; event++) {
            input = networkInput((float) signal(event), T0 + event * 60_000L, stood[event]);
            network.step(lstm, input, output, workspace);
        }
        return stood[last][0] + Math.sqrt(stood[last][1]) * (input[0] + (double) output[k - 1]);
    }

    /**
     * The network input of a value (as the history keeps it, float32) at a time under a mean and variance: clipped
     * z-score, time of day.
     */
    private static float[] networkInput(double value, long time, double[] meanAndVariance) {
        float[] input = new float[SPEC.inputSize()];
        double z = (value - meanAndVariance[0]) / Math.sqrt(meanAndVariance[1]);
        input[0] = (float) Math.max(-KeyStep.INPUT_CLIP, Math.min(KeyStep.INPUT_CLIP, z));
        CalendarFeatures.encode(SPEC.calendarFeatures(), time, input, 1);
        return input;
    }

    /**
     * A model of another shape under the version the key was built by (the models topic recreated, its numbering
     * started again) rebuilds the key's state: fed to a larger network, the key's state failed every event.
     */
    @Test
    void shouldRewarmWhenAModelOfAnotherShapeComesUnderTheSameVersion() {
        feed(0, 30, TestSettings.model("m", 1, SPEC, 8, 1));
        ForecastModel larger = TestSettings.model("m", 1, SPEC, 16, 2);

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, larger, result);

        assertThat(result.rewarmed()).isTrue();
        assertThat(state.lstmStateSize).isEqualTo(larger.network().stateSize());
        step.apply(state, T0 + 31 * 60_000L, new double[] {signal(31)}, larger, result);
        assertThat(result.rewarmed()).isFalse();
    }

    @Test
    void shouldRewarmOnceWhenTheModelVersionChanges() {
        ForecastModel first = TestSettings.model("m", 1, SPEC, 8, 1);
        ForecastModel second = TestSettings.model("m", 2, SPEC, 8, 2);
        feed(0, 30, first);
        assertThat(result.rewarmed()).isFalse();

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, second, result);

        assertThat(result.rewarmed()).isTrue();
        assertThat(result.modelVersion()).isEqualTo(2);
        assertThat(state.modelVersion()).isEqualTo(2);
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
        assertThat(step.check(state, latest, NOW, new double[] {-Double.MAX_VALUE}, 1))
                .isEqualTo(Rejection.VALUE_OUT_OF_RANGE);
        assertThat(step.check(state, latest, NOW, new double[] {1.0000001e18}, 1))
                .isEqualTo(Rejection.VALUE_OUT_OF_RANGE);
        assertThat(step.check(state, latest, NOW, new double[] {-1e18}, 1)).isNull();
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

    /**
     * Windows hold the key's last 16 events and are due every 8th. An event far outside everything the key did, after
     * the learning period (200 events), is an anomaly; the two windows due while it is among the last 16 events
     * (after the 304th and 312th) are not sent unless the settings ask for anomalies too, and the next one (the
     * 320th, events 305 to 320) is.
     */
    @Test
    void shouldKeepWindowsThatHoldAnAnomalyOutOfTrainingUnlessAskedFor() {
        assertThat(dueAroundAnAnomaly(SETTINGS)).containsExactly(296L, 320L, 328L);
        assertThat(dueAroundAnAnomaly(SETTINGS.withSampleAnomalies(true)))
                .containsExactly(296L, 304L, 312L, 320L, 328L);
    }

    /** The event counts after which a window was due, from the 290th event on, with the 301st an anomaly. */
    private static List<Long> dueAroundAnAnomaly(PredictorSettings settings) {
        KeyStep step = new KeyStep(settings);
        KeyMemory state = step.newMemory();
        StepResult result = step.newResult();
        List<Long> due = new ArrayList<>();
        for (int i = 0; i < 330; i++) {
            double value = i == 300 ? 100_000 : signal(i);
            step.apply(state, T0 + i * 60_000L, new double[] {value}, null, result);
            assertThat(result.isAnomaly()).as("event %d an anomaly", i + 1).isEqualTo(i == 300);
            if (i >= 289 && result.trainingWindowDue()) {
                due.add(state.eventCount());
            }
        }
        return due;
    }

    /**
     * A key alternating between 0 and 10 has persistence errors of exactly 10, a mean magnitude of 10 and so a
     * spread of 10 / sqrt(2 / pi) = 12.533; its one-step interval is 1.2816 * 12.533 * exp(q) = 16.06 exp(q) either
     * side of the forecast, where the calibration q has only shrunk it (every event fell inside) by 0.02 * 0.2 per
     * interval judged: 29 of them by the 40th event (intervals start once 10 errors are known), 16.06 exp(-0.116) =
     * 14.30, and 30 by the 41st, 14.25; wider than the range. Bounds stop at the range widened by its width,
     * [-10, 20]; the other side of each interval is untouched.
     */
    @Test
    void shouldKeepIntervalBoundsWithinTheKeysRangeWidenedByItsWidth() {
        // without a daily profile the key has no daily forecaster, so its forecasts are persistence's
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()));
        KeyMemory state = step.newMemory();
        int i = 0;
        for (; i < 40; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {i % 2 == 0 ? 0 : 10}, null, result);
        }
        assertThat(result.forecast(1, 0)).isEqualTo(10);
        assertThat(result.upper(1, 0)).isEqualTo(20);
        assertThat(result.lower(1, 0)).isCloseTo(10 - 14.30, within(0.01));

        step.apply(state, T0 + i * 60_000L, new double[] {0}, null, result);
        assertThat(result.forecast(1, 0)).isEqualTo(0);
        assertThat(result.lower(1, 0)).isEqualTo(-10);
        assertThat(result.upper(1, 0)).isCloseTo(14.25, within(0.01));
    }

    /**
     * A key at a billion with noise of 1 either way (1e9 - 1 and 1e9 + 1 in turn), without a daily profile so that
     * its forecasts are persistence's: every error is 2 in magnitude, so its spread is 2 / sqrt(2 / pi) = 2.5066 and
     * its 90 % half-width 1.6449 x 2.5066 x exp(q) = 4.1231 exp(q), which covers every error of 2 and so narrows by
     * 0.02 x 0.1 per event: at most 40 events of it, q between -0.08 and 0, the half-width between 3.806 and 4.1231.
     * The last event is 1e9 + 1, the forecast, and the lower bound, within the key's range widened by its width
     * (1e9 - 3), is the forecast minus the half-width. A floor of a millionth of the forecast held it at 1000, wider
     * than anything the key does, and the calibration, every event covered, had nothing to learn from.
     */
    @Test
    void shouldGiveAKeyNearABillionWithNoiseOfOneAnIntervalOfTheOrderOfItsErrors() {
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build(), EventTimePolicy.defaults(), 0.9, true, false));
        KeyMemory state = step.newMemory();
        for (int i = 0; i < 40; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {1e9 + (i % 2 == 0 ? -1 : 1)}, null, result);
        }

        double halfWidth = state.halfWidths[state.at(0, 1, 0)];
        assertThat(halfWidth).isBetween(3.806, 4.1231);
        assertThat(result.forecast(1, 0)).isEqualTo(1e9 + 1);
        assertThat(result.lower(1, 0)).isEqualTo(1e9 + 1 - halfWidth);
    }

    /**
     * A key at a billion forecast exactly still gets a finite, positive interval, with no NaN: a constant, which
     * persistence forecasts without error, and an exact ramp rising by 1 an event.
     */
    @Test
    void shouldGiveAConstantAndAnExactRampNearABillionAFinitePositiveInterval() {
        for (boolean ramp : new boolean[] {false, true}) {
            KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8, AnomalySettings.defaults(),
                    EventTimePolicy.defaults(), 0.9, true, false));
            KeyMemory state = step.newMemory();
            StepResult out = step.newResult();
            for (int i = 0; i < 60; i++) {
                step.apply(state, T0 + i * 60_000L, new double[] {1e9 + (ramp ? i : 0)}, null, out);
            }

            for (int k = 1; k <= 2; k++) {
                double halfWidth = state.halfWidths[state.at(0, k, 0)];
                assertThat(halfWidth).as("half-width %d ahead, ramp %s", k, ramp).isPositive().isFinite();
                assertThat(out.lower(k, 0)).as("lower bound %d ahead, ramp %s", k, ramp)
                        .isLessThan(out.forecast(k, 0));
                assertThat(out.upper(k, 0)).as("upper bound %d ahead, ramp %s", k, ramp)
                        .isGreaterThan(out.forecast(k, 0)).isFinite();
            }
            if (!ramp) {
                assertThat(out.forecast(1, 0)).isEqualTo(1e9);
                assertThat(state.halfWidths[state.at(0, 1, 0)]).as("1e-12 of the forecast")
                        .isCloseTo(1e-3, within(1e-12));
            }
        }
    }

    /**
     * A model's spread never makes an interval narrower than the key's own errors would. A model whose network
     * outputs only zeros forecasts persistence with a spread of one standard deviation of the key's values; on a key
     * alternating between 0 and 10 that is at most 5, while persistence misses every next value by 10, a spread of
     * 10 / sqrt(2 / pi) = 12.533. The one-step intervals issued at the first 10 events, while the key has fewer than
     * 10 errors, have the model's spread, at most 1.2816 x 5 x exp(q) = 6.41 exp(q) either side, and all miss,
     * widening by 0.02 x 0.8 each: q = 0.16. From then on they are 1.2816 x 12.533 x exp(q) = 16.06 exp(q) either
     * side and hold every value, narrowing by 0.02 x 0.2 each: 29 of them by the 40th event, q = 0.044, 16.78 either
     * side of 10. On the model's spread alone the calibration would have widened them only until they held the
     * misses of 10, about 10 either side.
     */
    @Test
    void shouldNotLetAModelsSpreadMakeAnIntervalNarrowerThanTheKeysErrors() {
        InputSpec withSpread = SPEC.with(SPEC.calendarFeatures(), ValueTransform.NONE, true);
        int in = withSpread.inputSize();
        int out = withSpread.outputSize();
        LstmModel zeros = LstmModel.of(in, 8, 1, out, new float[(int) LstmModel.parameterCount(in, 8, 1, out)]);
        ForecastModel model = new ForecastModel("m", 1, T0, withSpread, zeros, null);
        // without a daily profile the key has no daily forecaster, so its forecasts are the model's
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()));
        KeyMemory state = step.newMemory();
        for (int i = 0; i < 40; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {i % 2 == 0 ? 0 : 10}, model, result);
        }

        assertThat(KeyStateView.of(state, SPEC).forecastBy()[0][0]).as("the forecaster issued").isEqualTo("model");
        assertThat(result.forecast(1, 0)).isCloseTo(10, within(1e-4));
        assertThat(result.lower(1, 0)).isCloseTo(10 - 16.784, within(0.01));
    }

    /**
     * A model whose every weight is the largest allowed drives its outputs to millions of standard deviations; on the
     * signed-log scale its forecasts and spreads, transformed back, are beyond the largest double. Taken at the
     * magnitude of the largest value accepted instead, they have errors to be judged by: once the model has 10, the key
     * turns to persistence, and nothing the key keeps becomes infinite or NaN. (Infinite, they would have no error,
     * the model would keep its trust for good, and the key would issue infinite forecasts.)
     */
    @Test
    void shouldTurnFromAModelWhoseForecastsOverflowAndKeepEveryStatisticFinite() {
        InputSpec wild = SPEC.with(SPEC.calendarFeatures(), ValueTransform.SIGNED_LOG, true);
        int in = wild.inputSize();
        int out = wild.outputSize();
        float[] weights = new float[(int) LstmModel.parameterCount(in, 8, 1, out)];
        java.util.Arrays.fill(weights, LstmModel.MAX_WEIGHT);
        ForecastModel model = new ForecastModel("m", 1, T0, wild, LstmModel.of(in, 8, 1, out, weights), null);
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()));
        KeyMemory state = step.newMemory();
        step.apply(state, T0, new double[] {0}, model, result);
        step.apply(state, T0 + 60_000L, new double[] {10}, model, result);
        assertThat(Math.abs(result.forecast(1, 0))).as("the model's first forecast").isEqualTo(KeyStep.MAX_MAGNITUDE);

        for (int i = 2; i < 40; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {i % 2 == 0 ? 0 : 10}, model, result);
            assertThat(result.forecast(1, 0)).as("event %d", i).isFinite();
            assertThat(result.likelihood()).as("event %d", i).isFinite();
        }

        assertThat(KeyStateView.of(state, SPEC).forecastBy()[0][0]).isEqualTo("persistence");
        assertThat(result.forecast(1, 0)).isEqualTo(10);
        for (float[] statistics : new float[][] {state.pairMeans, state.pairSpreads, state.forecasterErrors}) {
            for (float statistic : statistics) {
                assertThat(statistic).isFinite();
            }
        }
        assertThat(java.util.Arrays.stream(state.absoluteErrors).allMatch(Double::isFinite)).isTrue();
        assertThat(java.util.Arrays.stream(state.intervalScale).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void shouldForgetTheDetectorsForecastErrorsWhenANewModelVersionComesIntoUse() {
        ForecastModel first = TestSettings.model("m", 1, SPEC, 8, 1);
        ForecastModel second = TestSettings.model("m", 2, SPEC, 8, 2);
        feed(0, 30, first);
        assertThat(state.anomaly.errorsSeen(0)).as("every event after the first").isEqualTo(29);

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, second, result);

        assertThat(state.anomaly.errorsSeen(0)).as("only this event's, against the new model").isEqualTo(1);
    }

    /**
     * Version {@code version} of an 8-unit network, judged against its predecessor: its error {@code ratio} of that
     * one's.
     */
    private static ForecastModel judged(long version, double ratio) {
        TrainingReport report = TrainingReport.newBuilder().setTrainLoss(0.1).setValidationLoss(0.5 * ratio)
                .setChampionVersion(version - 1).setChampionValidationLoss(0.5).setSamples(100).setEpochs(10)
                .setDurationMs(1).setHyperparameters(java.util.Map.of()).build();
        return TestSettings.model("m", version, SPEC, 8, version).withVersion(version, 0, report);
    }

    /**
     * A version that refines the one a key uses keeps the key's detector's forecast errors and their records, the
     * errors' scale multiplied by the ratio of the two versions' judged errors: restarting them with every version
     * left the key's drift and volatility unjudged for the relearning period each time, and versions can come more
     * often than that. Two keys with the same events take versions of the same network judged 1.0 and 0.5 times their
     * predecessor's error; the one event after it moves each scale by 1/30 of the way to the same error, so what is
     * left of the rescaling is 29/30 of half the scale before it.
     */
    @Test
    void shouldCarryTheDetectorsErrorsOverAVersionThatRefinesTheOneInUseRescaled() {
        ForecastModel first = TestSettings.model("m", 1, SPEC, 8, 1);
        KeyMemory other = step.newMemory();
        for (int i = 0; i < 30; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {signal(i)}, first, result);
            step.apply(other, T0 + i * 60_000L, new double[] {signal(i)}, first, result);
        }
        double before = state.anomaly.errorScale(0);
        assertThat(before).isPositive().isEqualTo(other.anomaly.errorScale(0));

        step.apply(state, T0 + 30 * 60_000L, new double[] {signal(30)}, judged(2, 1.0), result);
        step.apply(other, T0 + 30 * 60_000L, new double[] {signal(30)}, judged(2, 0.5), result);

        assertThat(state.anomaly.errorsSeen(0)).as("the 29 errors before and this one").isEqualTo(30);
        assertThat(other.anomaly.errorsSeen(0)).isEqualTo(30);
        assertThat(state.anomaly.errorScale(0) - other.anomaly.errorScale(0))
                .isCloseTo(29.0 / 30 * 0.5 * before, within(1e-5 * before));
    }

    /**
     * The errors restart for a model that is no refinement of the key's: its first (after persistence), one published
     * without its predecessor's judged error, one of another network shape, one taken after the key went on without a
     * model for a while (persistence's errors are no model's to rescale), a refinement that came twice the
     * relearning period of the key's events after the version before it, and a version judged against one the key
     * never used: its ratio says nothing of the key's own version.
     */
    @Test
    void shouldForgetTheDetectorsErrorsForAModelThatRefinesNoneTheKeyUsed() {
        feed(0, 30, null);
        assertThat(state.anomaly.errorsSeen(0)).as("persistence's").isEqualTo(29);
        feed(30, 60, judged(1, 0.5));
        assertThat(state.anomaly.errorsSeen(0)).as("since the first model").isEqualTo(30);

        feed(60, 90, null);
        feed(90, 120, judged(2, 0.5));
        assertThat(state.anomaly.errorsSeen(0)).as("since a model after a stretch without one").isEqualTo(30);

        feed(120, 150, TestSettings.model("m", 3, SPEC, 8, 3));
        assertThat(state.anomaly.errorsSeen(0)).as("since a version without a judged error").isEqualTo(30);

        ForecastModel wider = new ForecastModel("m", 4, 0, SPEC, TestSettings.model("m", 4, SPEC, 12, 4).network(),
                judged(4, 0.5).training());
        feed(150, 180, wider);
        assertThat(state.anomaly.errorsSeen(0)).as("since a network of another shape").isEqualTo(30);

        int late = 2 * SETTINGS.anomaly().relearningPeriod();
        feed(180, 180 + late, new ForecastModel("m", 5, 0, SPEC, TestSettings.model("m", 5, SPEC, 12, 5).network(),
                judged(5, 0.5).training()));
        ForecastModel after = new ForecastModel("m", 6, 0, SPEC, TestSettings.model("m", 6, SPEC, 12, 6).network(),
                judged(6, 0.5).training());
        feed(180 + late, 181 + late, after);
        assertThat(state.anomaly.errorsSeen(0)).as("since a refinement that came twice the relearning period late")
                .isEqualTo(1);

        feed(181 + late, 211 + late, after);
        ForecastModel skippedOne = new ForecastModel("m", 8, 0, SPEC, TestSettings.model("m", 8, SPEC, 12, 8).network(),
                judged(8, 0.5).training());
        feed(211 + late, 212 + late, skippedOne);
        assertThat(state.anomaly.errorsSeen(0)).as("since a version judged against one the key never used (7)")
                .isEqualTo(1);
    }

    @Test
    void shouldForecastAKeysDailyRhythmOnceItForecastsTheKeyBetterThanPersistence() {
        // hourly, a value set by the hour alone: 0, 10, 20, 30, 40, 50, 0, 10, ... four times a day
        int days = 6;
        for (int i = 0; i < days * 24; i++) {
            step.apply(state, T0 + i * HOUR, new double[] {10 * (i % 6)}, null, result);
        }

        // persistence would say 50, the last value, for both steps; the rhythm says what follows 50
        assertThat(result.forecast(1, 0)).isEqualTo(0);
        assertThat(result.forecast(2, 0)).isEqualTo(10);
        assertThat(result.modelVersion()).isZero();
    }

    @Test
    void shouldForecastFromYesterdayWhereItsHistoryReachesADayBackAndYesterdayIsClearlyBetter() {
        // hourly, a daily wave whose swing grows by a fifth each day: the daily rhythm's hourly means over about a
        // week lag behind it, yesterday's values plus today's offset from them do not
        KeyStep longHistory = dayLongHistoryStep();
        KeyMemory key = longHistory.newMemory();
        int events = 10 * 24 + 5;
        for (int i = 0; i < events; i++) {
            longHistory.apply(key, T0 + i * HOUR, new double[] {growingWave(i)}, null, result);
        }

        int last = events - 1;
        assertThat(KeyStateView.of(key, SPEC).forecastBy()[0][0]).isEqualTo("yesterday");
        assertThat(result.forecast(1, 0)).isCloseTo(growingWave(last + 1 - 24) + growingWave(last)
                - growingWave(last - 24), within(1e-3));

        KeyMemory shortHistory = step.newMemory();
        for (int i = 0; i < events; i++) {
            step.apply(shortHistory, T0 + i * HOUR, new double[] {growingWave(i)}, null, result);
        }
        assertThat(KeyStateView.of(shortHistory, SPEC).forecastBy()[0][0]).as("16 hourly events: never a day back")
                .isNotEqualTo("yesterday");
    }

    /**
     * An hourly key whose level rises by 0.1 an hour and jumps by 50 for two hours at the same time each day, so each
     * day's first peak hour passes the key's range by 2.4. Persistence misses the jump by 50 and the daily rhythm's
     * hourly means lag the rise by days; yesterday's value plus the rise since then forecasts it exactly, so the range
     * counts none of the excess and the event scores nothing.
     */
    @Test
    void shouldNotCountARangeBreakThatYesterdaysForecastSawComing() {
        KeyStep longHistory = dayLongHistoryStep();
        KeyMemory key = longHistory.newMemory();
        int peaks = 0;
        for (int i = 0; i < 16 * 24; i++) {
            double value = 0.1 * i + (i % 24 == 12 || i % 24 == 13 ? 50 : 0);
            double highest = key.anomaly.high(0);
            longHistory.apply(key, T0 + i * HOUR, new double[] {value}, null, result);
            if (i % 24 == 12 && i > 10 * 24) {
                assertThat(value).as("beyond the range").isGreaterThan(highest + 2);
                // counted whole, 2.4 beyond a range about 37 half-wide would score about 0.06; forecasts are kept
                // in single precision, so an exact one can miss by a rounding error
                assertThat(result.likelihood()).as("hour %d", i).isLessThan(1e-6);
                peaks++;
            }
        }
        assertThat(peaks).isEqualTo(6);
    }

    /** A step whose keys keep 32 events of history: for hourly keys, more than a day back. */
    private static KeyStep dayLongHistoryStep() {
        return new KeyStep(new PredictorSettings(SPEC, 32, 4, 8, AnomalySettings.defaults()));
    }

    private static double growingWave(int hour) {
        return 100 + 20 * (1 + hour / 120.0) * Math.sin(2 * Math.PI * (hour % 24) / 24);
    }

    @Test
    void shouldScorePersistenceAgainstTheValueTheKeyHadWhenEachForecastWasMade() {
        // without a daily profile and a model only persistence forecasts; on a ramp of one per event its forecast
        // one event ahead is off by 1 and two events ahead by 2
        KeyStep step = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()));
        KeyMemory state = step.newMemory();
        for (int i = 0; i < 30; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {i}, null, result);
        }

        assertThat(state.forecasterErrors[ForecasterChoice.PERSISTENCE * 2]).isEqualTo(1f);
        assertThat(state.forecasterErrors[ForecasterChoice.PERSISTENCE * 2 + 1]).isEqualTo(2f);
        assertThat(state.forecasterCounts[ForecasterChoice.MODEL * 2]).isZero();
    }

    /**
     * A model may say its errors are wide: a signed-log model whose spread head gives a log standard deviation of 20
     * (weights far inside what a model may have) puts the interval e^20 standard deviations wide on the log scale,
     * which transformed back overflows to infinity. A key whose range has no width yet (its first event, a constant
     * key: here 1000 three times) has no range to bound its interval, and it was issued as [-Infinity, Infinity].
     */
    @Test
    void shouldKeepIntervalBoundsFiniteWhenAWideSpreadOverflowsOnAKeyWithoutARange() {
        InputSpec modelSpec = new InputSpec(1, new int[] {0}, 2, List.of(CalendarFeature.TIME_OF_DAY), 0.01,
                ValueTransform.SIGNED_LOG, true);
        int hidden = 8;
        LstmModel fresh = LstmModel.initialise(modelSpec.inputSize(), hidden, 1, modelSpec.outputSize(), 1);
        float[] weights = fresh.weights().clone();
        int headBiases = fresh.headOffset() + hidden * modelSpec.outputSize();
        for (int slot = 0; slot < modelSpec.forecastSize(); slot++) {
            weights[headBiases + modelSpec.forecastSize() + slot] = 20;
        }
        ForecastModel model = new ForecastModel("m", 1, T0, modelSpec,
                LstmModel.of(modelSpec.inputSize(), hidden, 1, modelSpec.outputSize(), weights), null);

        for (int i = 0; i < 3; i++) {
            step.apply(state, T0 + i * 60_000L, new double[] {1000}, model, result);

            assertThat(result.hasInterval()).isTrue();
            for (int k = 1; k <= SPEC.horizon(); k++) {
                assertThat(result.lower(k, 0)).as("lower bound, event %d, step %d", i, k).isFinite()
                        .isLessThanOrEqualTo(result.forecast(k, 0));
                assertThat(result.upper(k, 0)).as("upper bound, event %d, step %d", i, k).isFinite()
                        .isGreaterThanOrEqualTo(result.forecast(k, 0));
            }
        }
    }

    /**
     * A key forecast exactly has intervals of its forecasts' precision whatever its calibration factor, so whether its
     * events fall inside them says nothing of the factor. A key at 100 for 1,300 events, then 110, 100, 110, ...:
     * without a model, daily profile or weekly rhythm its forecasts are persistence's, exact and then 10 off every
     * time. Its step-1 errors' mean magnitude, weighted at the scaler decay, 0.01, after 1,300 of them, is
     * 10 (1 - 0.99^m) after the m-th miss, a spread of that over sqrt(2 / pi); the factor stays at 1 until the first
     * interval with a spread misses (the one issued after the first miss) and widens by 0.02 x 0.8 = 0.016 (as a log)
     * at each miss after it. The interval issued after the 40th miss is 1.28155 x 10 x (1 - 0.99^40) / 0.79788 x
     * exp(39 x 0.016) = 9.923 either side of 100, and the next value, 110, falls outside it; the one issued after the
     * 41st, 10.287 either side of 110, holds the next 100. Narrowed at each exact forecast, the factor had sat at its
     * floor, exp(-5), from about the key's 1,260th event, and its intervals held no value until about the 287th miss.
     */
    @Test
    void shouldWidenTheIntervalsOfAKeyOnceForecastExactlyWithinAFewDozenMisses() {
        KeyStep persistence = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()).withWeeklyRhythm(false));
        KeyMemory key = persistence.newMemory();
        StepResult issued = persistence.newResult();
        int constant = 1300;
        for (int i = 0; i < constant; i++) {
            persistence.apply(key, T0 + i * 60_000L, new double[] {100}, null, issued);
        }
        for (int m = 1; m <= 41; m++) {
            persistence.apply(key, T0 + (constant + m - 1) * 60_000L, new double[] {m % 2 == 1 ? 110 : 100}, null,
                    issued);
            assertThat(issued.forecastBy(1, 0)).isEqualTo("persistence");
            if (m == 40) {
                assertThat(issued.upper(1, 0)).as("the upper bound after the 40th miss").isCloseTo(109.923,
                        within(1e-3));
            }
        }

        assertThat(issued.forecast(1, 0)).isEqualTo(110);
        assertThat(issued.lower(1, 0)).as("the lower bound after the 41st miss").isCloseTo(99.713, within(1e-3));
    }

    /** A key without a model, daily profile or weekly rhythm: its forecasts are persistence's. */
    private static KeyStep persistenceOnly() {
        return new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()).withWeeklyRhythm(false));
    }

    /**
     * A step-2 interval is judged by how it was set when issued, two events before its event, not by the key's spread
     * at step 2 when the event comes. A key at 100 for 1,300 events, then 110 twice: the step-2 forecast made at the
     * last 100 was issued with a spread of 0 (the key's step-2 errors had all been 0), so its interval was the
     * forecast's precision whatever the factor. By its event, the first 110's step-2 miss of 10 had given the step a
     * spread; judged by that, the interval, 1e-10 either side, missed, and the factor widened by 0.02 x 0.8 = 0.016
     * (as a log). The interval issued after the second 110 is then 1.28155 x 10 (1 - 0.99^2) / 0.79788 = 0.31963
     * either side (the step-2 errors' mean magnitude weighted at the scaler decay, 0.01: two misses of 10), not
     * exp(0.016) times that, 0.32478.
     */
    @Test
    void shouldJudgeAStepTwoIntervalIssuedWithNoSpreadByHowItWasIssued() {
        KeyStep persistence = persistenceOnly();
        KeyMemory key = persistence.newMemory();
        StepResult issued = persistence.newResult();
        int constant = 1300;
        for (int i = 0; i < constant + 2; i++) {
            persistence.apply(key, T0 + i * 60_000L, new double[] {i < constant ? 100 : 110}, null, issued);
        }

        assertThat(issued.forecastBy(2, 0)).isEqualTo("persistence");
        assertThat(key.intervalScale[1]).as("the step-2 factor").isZero();
        assertThat(issued.upper(2, 0) - 110).isCloseTo(0.31963, within(1e-5));
    }

    /**
     * A key whose errors are roundings, far inside its intervals' floor (1e-12 of the forecast, 0.001 at a billion),
     * keeps its calibration factor: a narrower one would have issued the same intervals. A key at 1e9 plus 0, 2^-21
     * and 2^-20 in turn, whose persistence misses by a few ten-millionths, for 1,300 events, then alternating by 10.
     * Its factor had been narrowed at each event, to its floor exp(-5) from about the 1,250th (0.02 x 0.2 a covered
     * event), and its intervals then held no value until about the 300th miss of 10. Kept at 1, it widens by 0.02 x
     * 0.8 = 0.016 at each miss, the first included (its interval was floored, and a wider factor could have passed the
     * floor), so the interval issued after the 40th miss, 1.28155 x 10 (1 - 0.99^40) / 0.79788 x exp(40 x 0.016) =
     * 10.083 either side of 1e9, holds the next value, 1e9 + 10; the one after the 39th, 9.721 either side, did not.
     */
    @Test
    void shouldKeepTheFactorOfAKeyWhoseErrorsAreRoundingsInsideTheFloor() {
        KeyStep persistence = persistenceOnly();
        KeyMemory key = persistence.newMemory();
        StepResult issued = persistence.newResult();
        double base = 1e9;
        double[] roundings = {0, 0x1p-21, 0x1p-20};
        int rounding = 1300;
        for (int i = 0; i < rounding; i++) {
            persistence.apply(key, T0 + i * 60_000L, new double[] {base + roundings[i % 3]}, null, issued);
        }
        assertThat(key.intervalScale).as("both steps' factors").containsOnly(0.0);

        for (int m = 1; m <= 40; m++) {
            persistence.apply(key, T0 + (rounding + m - 1) * 60_000L, new double[] {base + (m % 2 == 1 ? 10 : 0)},
                    null, issued);
            if (m == 39) {
                assertThat(issued.upper(1, 0) - issued.forecast(1, 0)).as("after the 39th miss")
                        .isCloseTo(9.721, within(1e-3));
            }
        }
        assertThat(issued.forecast(1, 0)).isEqualTo(base);
        assertThat(issued.upper(1, 0) - base).as("after the 40th miss").isCloseTo(10.083, within(1e-3));
    }

    /**
     * A key whose value swings across the range a key may take keeps its daily rhythm. Every 4 minutes, at -1e18 for
     * 5,000 events, then at 1e18: the deviations from each hour's mean stay near 2e18 while the means catch up, and
     * the carry-over's weighted sums of their squares (single precision) passed Float.MAX_VALUE 329 events after the
     * swing. Infinite, they stayed so (a decayed infinity is one), and the key had no daily forecast again: still none
     * after 3,000 more events at 1e18 and 3,000 of a plain daily wave.
     */
    @Test
    void shouldKeepForecastingTheDailyRhythmOfAKeyWhoseValueSwingsAcrossTheWholeRange() {
        long spacing = 240_000L;
        for (int i = 0; i < 11_000; i++) {
            long time = T0 + i * spacing;
            double value = i < 5000 ? -KeyStep.MAX_MAGNITUDE : i < 8000 ? KeyStep.MAX_MAGNITUDE
                    : 5e17 + 1e17 * Math.sin(2 * Math.PI * time / 86_400_000.0);
            step.apply(state, time, new double[] {value}, null, result);
        }

        assertThat(DailyForecast.carryOver(state, 0)).isBetween(0.0, 1.0);
        assertThat(state.dailyForecasts[state.at(0, 1, 0)]).as("the daily rhythm's forecast")
                .isCloseTo(5e17 + 1e17 * Math.sin(2 * Math.PI * (T0 + 11_000 * spacing) / 86_400_000.0),
                        within(2e16));
    }

    /**
     * The rhythms' forecasts stay within the largest magnitude a value may have, as the model's do. A key every 5
     * minutes at 1e18 from 08:00 to 20:00 UTC and at -1e18 at night, for three weeks, then for a day at 1e18 all day:
     * the weekly rhythm carried that night's deviation, a factor of e^83 on its signed-log scale, into the morning's
     * half hours, usually at 1e18, and forecast them at up to 6e44. Their errors passed the largest float in its
     * records, which became NaN for good: the weekly rhythm could never again be judged, or chosen, for the key.
     */
    @Test
    void shouldKeepTheRhythmsForecastsWithinTheLargestMagnitudeAValueMayHave() {
        InputSpec spec = new InputSpec(1, new int[] {0}, 1, List.of(), 0.005);
        KeyStep rhythmic = new KeyStep(new PredictorSettings(spec, 64, 4, 0, AnomalySettings.defaults()));
        KeyMemory key = rhythmic.newMemory();
        StepResult each = rhythmic.newResult();
        long monday = java.time.Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        int perDay = 288;
        double largest = 0;
        for (int i = 0; i < 4 * 7 * perDay; i++) {
            long time = monday + i * 300_000L;
            long hour = time / HOUR % 24;
            boolean allDay = i >= 3 * 7 * perDay && i < 3 * 7 * perDay + perDay;
            double value = hour >= 8 && hour < 20 || allDay ? KeyStep.MAX_MAGNITUDE : -KeyStep.MAX_MAGNITUDE;
            rhythmic.apply(key, time, new double[] {value}, null, each);
            for (double[] forecasts : new double[][] {key.dailyForecasts, key.weeklyForecasts,
                key.yesterdayForecasts}) {
                if (Double.isFinite(forecasts[0])) {
                    largest = Math.max(largest, Math.abs(forecasts[0]));
                }
            }
        }

        assertThat(largest).isEqualTo(KeyStep.MAX_MAGNITUDE);
        for (int f = 0; f < ForecasterChoice.FORECASTERS; f++) {
            assertThat(key.forecasterErrors[f]).as(ForecasterChoice.NAMES[f]).isFinite();
        }
        for (int pair = 0; pair < ForecasterChoice.PAIRS; pair++) {
            assertThat(key.pairMeans[pair]).isFinite();
            assertThat(key.pairSpreads[pair]).isFinite();
        }
    }

    /**
     * A factor pushed wide narrows through a constant spell back to 1 and no further. A key without a model, daily
     * profile or weekly rhythm, at 1e9 + 1, 1e9, ... for 200 events, is forecast by persistence 1 off each time: its
     * step-1 errors' mean magnitude is exactly 1. Its factor then pushed to exp(5), it stays at 1e9: every forecast
     * is exact, an error of 0, inside any interval, and each narrows the factor by 0.02 x 0.2 = 0.004 (at 80 %).
     * After the n-th exact forecast the mean magnitude is 0.99^n, so the interval issued then, 1.28155 x 0.99^n /
     * 0.79788 x exp(5 - 0.004 n) either side, falls below its floor, 1e-12 of 1e9 = 0.001, from n = 882 on
     * (ln(1.60619 x 1000) + 5 = 12.3816 over 0.01005 + 0.004 per event is 881.2). Were the factor left where an
     * error fell inside a floored interval, it would stay at 5 - 0.004 x 882 = 1.472 whatever the spell's length;
     * narrowed on, it is at 5 - 0.004 x 1000 = 1 after 1,000 exact forecasts and at 0 from the 1,250th.
     */
    @Test
    void shouldNarrowAFactorPushedWideThroughAConstantSpellBackToOneAndNoFurther() {
        KeyStep persistence = new KeyStep(new PredictorSettings(SPEC, 16, 4, 8,
                AnomalySettings.builder().dailyProfile(false).build()).withWeeklyRhythm(false));
        KeyMemory key = persistence.newMemory();
        StepResult issued = persistence.newResult();
        int varying = 200;
        for (int i = 0; i < varying; i++) {
            persistence.apply(key, T0 + i * 60_000L, new double[] {i % 2 == 0 ? 1e9 + 1 : 1e9}, null, issued);
        }
        assertThat(key.absoluteErrors[0]).isEqualTo(1.0);
        key.intervalScale[0] = IntervalCalibration.LIMIT;
        for (int n = 1; n <= 1300; n++) {
            persistence.apply(key, T0 + (varying + n - 1) * 60_000L, new double[] {1e9}, null, issued);
            assertThat(issued.forecastBy(1, 0)).isEqualTo("persistence");
            if (n == 1000) {
                assertThat(key.intervalScale[0]).as("after 1,000 exact forecasts").isCloseTo(1, within(1e-9));
            }
        }

        assertThat(key.intervalScale[0]).as("after 1,300 exact forecasts").isZero();
        assertThat(issued.upper(1, 0) - 1e9).as("the floor, 0.001").isCloseTo(1e-3, within(1e-6));
    }
}

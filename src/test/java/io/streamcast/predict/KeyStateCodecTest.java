package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.SectionedCodec;
import io.streamcast.codec.UndecodableStateException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyStateCodecTest {

    private static final InputSpec SPEC = new InputSpec(3, new int[] {0, 2}, 4, List.of(), 0.01);
    private static final PredictorSettings SETTINGS = new PredictorSettings(SPEC, 20, 4, 0,
            AnomalySettings.defaults());

    /** A memory with arbitrary bits in every field, as a long-running key could hold. */
    private static KeyMemory randomMemory(long seed, int historySize) {
        SplittableRandom random = new SplittableRandom(seed);
        KeyMemory memory = new KeyStep(SETTINGS).newMemory();
        memory.eventCount = random.nextLong(0, Long.MAX_VALUE);
        memory.lastEventTime = random.nextLong();
        memory.modelVersion = random.nextLong(0, Long.MAX_VALUE);
        memory.lastRawScore = random.nextDouble();
        memory.lastLikelihood = random.nextDouble();
        for (int j = 0; j < memory.mean.length; j++) {
            memory.mean[j] = Double.longBitsToDouble(random.nextLong());
            memory.variance[j] = random.nextDouble() * 1e9;
            memory.logMean[j] = random.nextGaussian();
            memory.logVariance[j] = random.nextDouble();
        }
        float[] lstm = memory.lstmState(64);
        for (int i = 0; i < 64; i++) {
            // any finite float, from tiny to huge: a cell's state is never NaN or infinite
            float cell;
            do {
                cell = Float.intBitsToFloat(random.nextInt());
            } while (!Float.isFinite(cell));
            lstm[i] = cell;
        }
        memory.forecastRows = memory.horizon();
        for (int i = 0; i < memory.forecasts.length; i++) {
            memory.forecasts[i] = random.nextGaussian() * 1e3;
            memory.spreads[i] = i % 3 == 0 ? Double.NaN : random.nextDouble();
            memory.halfWidths[i] = i % 4 == 0 ? Double.NaN : random.nextDouble();
            memory.widthSetBy[i] = (byte) random.nextInt(IntervalCalibration.FIXED + 1);
            memory.modelForecasts[i] = i % 5 == 0 ? Double.NaN : random.nextGaussian() * 1e3;
            memory.dailyForecasts[i] = i % 2 == 0 ? Double.NaN : random.nextGaussian();
            memory.weeklyForecasts[i] = i % 3 == 1 ? Double.NaN : random.nextGaussian();
            memory.yesterdayForecasts[i] = i % 4 == 2 ? Double.NaN : random.nextGaussian();
        }
        for (int i = 0; i < memory.forecasterErrors.length; i++) {
            memory.forecasterErrors[i] = (float) random.nextDouble();
            memory.forecasterCounts[i] = random.nextLong(0, ForecasterChoice.MEMORY + 1);
        }
        for (int i = 0; i < memory.pairMeans.length; i++) {
            memory.pairMeans[i] = (float) random.nextGaussian();
            memory.pairSpreads[i] = (float) random.nextDouble();
            memory.pairCounts[i] = random.nextLong(0, ForecasterChoice.MEMORY + 1);
        }
        for (int i = 0; i < memory.dailyLag.length; i++) {
            memory.dailyLag[i] = i % 3 == 0 && random.nextBoolean() ? Float.NaN : (float) random.nextGaussian();
            memory.weeklyLag[i] = i % 3 == 0 && random.nextBoolean() ? Float.NaN : (float) random.nextGaussian();
        }
        for (int i = 0; i < memory.weeklyMeans.length; i++) {
            memory.weeklyCounts[i] = (byte) random.nextInt(WeeklyForecast.MAX_MEMORY + 1);
            // a half hour never seen has no mean
            memory.weeklyMeans[i] = memory.weeklyCounts[i] == 0 ? 0f : (float) random.nextGaussian();
        }
        memory.weeklyStart = random.nextBoolean() ? Long.MAX_VALUE : random.nextLong();
        memory.similarDay = random.nextLong(-1L << 40, 1L << 40);
        memory.similarDayStart = random.nextLong();
        memory.similarDayEvents = random.nextInt(0, Integer.MAX_VALUE);
        for (int i = 0; i < memory.dayFits.length; i++) {
            memory.dayFits[i] = i % 5 == 0 ? Float.POSITIVE_INFINITY : (float) random.nextDouble();
            memory.dayDeviations[i] = i % 4 == 0 ? Float.NaN : (float) random.nextGaussian();
        }
        for (int j = 0; j < memory.dayUsualSquares.length; j++) {
            memory.dayUsualSquares[j] = (float) random.nextDouble();
        }
        for (int i = 0; i < memory.intervalScale.length; i++) {
            memory.intervalScale[i] = random.nextGaussian();
            memory.absoluteErrors[i] = random.nextDouble();
        }
        for (int k = 0; k < memory.errorCounts.length; k++) {
            memory.errorCounts[k] = random.nextLong(0, 1L << 40);
        }
        long time = random.nextLong(0, 1L << 42);
        for (int i = 0; i < historySize; i++) {
            time += random.nextInt(3) == 0 ? random.nextLong(-1_000_000, 1_000_000) : 60_000;
            // one value that single precision holds only rounded, as a counter above 2^24 is
            memory.appendHistory(time, new double[] {random.nextGaussian(), 1e9 + random.nextInt(1000),
                    random.nextGaussian()});
        }
        AnomalyScorer scorer = new AnomalyScorer(SETTINGS.anomaly(), SPEC.forecastCount());
        for (int i = 0; i < 200; i++) {
            // Every 15 minutes, so that the daily profile holds means and deviations.
            double score = scorer.update(memory.anomaly, i * 900_000L, 900_000L,
                    new double[] {random.nextGaussian(), random.nextGaussian()},
                    new double[] {random.nextGaussian(), random.nextGaussian()}, i > 0);
            scorer.alarm(memory.anomaly, score);
        }
        return memory;
    }

    private static void assertSameMemory(KeyMemory actual, KeyMemory expected) {
        assertThat(actual.eventCount).isEqualTo(expected.eventCount);
        assertThat(actual.lastEventTime).isEqualTo(expected.lastEventTime);
        assertThat(actual.modelVersion).isEqualTo(expected.modelVersion);
        assertThat(actual.lastRawScore).isEqualTo(expected.lastRawScore);
        assertThat(actual.lastLikelihood).isEqualTo(expected.lastLikelihood);
        assertThat(actual.mean).isEqualTo(expected.mean);
        assertThat(actual.variance).isEqualTo(expected.variance);
        assertThat(actual.logMean).isEqualTo(expected.logMean);
        assertThat(actual.logVariance).isEqualTo(expected.logVariance);
        assertThat(Arrays.copyOf(actual.lstmState, actual.lstmStateSize))
                .isEqualTo(Arrays.copyOf(expected.lstmState, expected.lstmStateSize));
        assertThat(actual.forecastRows).isEqualTo(expected.forecastRows);
        assertThat(actual.forecasts).isEqualTo(expected.forecasts);
        assertThat(actual.spreads).isEqualTo(expected.spreads);
        assertThat(actual.halfWidths).isEqualTo(expected.halfWidths);
        assertThat(actual.widthSetBy).isEqualTo(expected.widthSetBy);
        assertThat(actual.modelForecasts).isEqualTo(expected.modelForecasts);
        assertThat(actual.dailyForecasts).isEqualTo(expected.dailyForecasts);
        assertThat(actual.forecasterErrors).isEqualTo(expected.forecasterErrors);
        assertThat(actual.forecasterCounts).isEqualTo(expected.forecasterCounts);
        assertThat(actual.pairMeans).isEqualTo(expected.pairMeans);
        assertThat(actual.pairSpreads).isEqualTo(expected.pairSpreads);
        assertThat(actual.pairCounts).isEqualTo(expected.pairCounts);
        assertThat(actual.dailyLag).isEqualTo(expected.dailyLag);
        assertThat(actual.weeklyForecasts).isEqualTo(expected.weeklyForecasts);
        assertThat(actual.yesterdayForecasts).isEqualTo(expected.yesterdayForecasts);
        assertThat(actual.weeklyLag).isEqualTo(expected.weeklyLag);
        assertThat(actual.weeklyMeans).isEqualTo(expected.weeklyMeans);
        assertThat(actual.weeklyCounts).isEqualTo(expected.weeklyCounts);
        assertThat(actual.weeklyStart).isEqualTo(expected.weeklyStart);
        assertThat(actual.similarDay).isEqualTo(expected.similarDay);
        assertThat(actual.similarDayStart).isEqualTo(expected.similarDayStart);
        assertThat(actual.similarDayEvents).isEqualTo(expected.similarDayEvents);
        assertThat(actual.dayUsualSquares).isEqualTo(expected.dayUsualSquares);
        assertThat(actual.dayFits).isEqualTo(expected.dayFits);
        assertThat(actual.dayDeviations).isEqualTo(expected.dayDeviations);
        assertThat(actual.intervalScale).isEqualTo(expected.intervalScale);
        assertThat(actual.absoluteErrors).isEqualTo(expected.absoluteErrors);
        assertThat(actual.errorCounts).isEqualTo(expected.errorCounts);
        assertThat(actual.historySize).isEqualTo(expected.historySize);
        assertThat(Arrays.copyOf(actual.historyTimes, actual.historySize))
                .isEqualTo(Arrays.copyOf(expected.historyTimes, expected.historySize));
        assertThat(Arrays.copyOf(actual.historyValues, 3 * actual.historySize))
                .isEqualTo(Arrays.copyOf(expected.historyValues, 3 * expected.historySize));
        assertThat(Arrays.copyOf(actual.recentValues, 3 * actual.recentSize()))
                .isEqualTo(Arrays.copyOf(expected.recentValues, 3 * expected.recentSize()));
        assertThat(detectorBytes(actual)).isEqualTo(detectorBytes(expected));
    }

    @Test
    void shouldRestoreEveryFieldBitForBit() {
        KeyStateCodec codec = new KeyStateCodec();
        for (int seed = 0; seed < 20; seed++) {
            KeyMemory memory = randomMemory(seed, seed % 21);
            KeyMemory back = new KeyStep(SETTINGS).newMemory();

            assertThat(codec.decode(codec.encode(memory), back)).isEqualTo(KeyStateCodec.Outcome.LOADED);

            assertSameMemory(back, memory);
        }
    }

    @Test
    void shouldStartAKeyNeverSeenEmpty() {
        KeyMemory memory = randomMemory(1, 5);

        assertThat(new KeyStateCodec().decode(null, memory)).isEqualTo(KeyStateCodec.Outcome.NEW);

        assertThat(memory.eventCount()).isZero();
        assertThat(memory.historySize()).isZero();
    }

    @Test
    void shouldResetAKeyStoredUnderAnotherValueDimension() {
        InputSpec other = new InputSpec(2, new int[] {0, 1}, 4, List.of(), 0.01);
        KeyStep otherStep = new KeyStep(new PredictorSettings(other, 20, 4, 0, AnomalySettings.defaults()));
        KeyMemory stored = otherStep.newMemory();
        otherStep.apply(stored, 1000, new double[] {1, 2}, null, otherStep.newResult());
        KeyMemory memory = randomMemory(2, 5);

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(memory.eventCount()).isZero();
    }

    /**
     * A key whose statistics a value stored before values above 1e18 were refused overflowed (a variance of
     * infinity) starts afresh: kept, it would scale every input to NaN, and forecast and detect nothing, for good.
     */
    @Test
    void shouldResetAKeyWhoseScalingStatisticsAreNotFinite() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        step.apply(stored, 1000, new double[] {1, 2, 3}, null, step.newResult());
        stored.variance[0] = Double.POSITIVE_INFINITY;
        KeyMemory memory = step.newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(memory.eventCount()).isZero();
        assertThat(memory.variance[0]).isZero();
    }

    /**
     * A negative variance, which no update writes, has a square root of NaN: every input scaled by it would be NaN,
     * for as long as it stayed negative (at the default decay of 0.005, some 140,000 events for one of -1e300). The
     * key starts afresh, as for statistics that are not finite.
     */
    @Test
    void shouldResetAKeyWhoseVarianceIsNegative() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        step.apply(stored, 1000, new double[] {1, 2, 3}, null, step.newResult());
        stored.logVariance[2] = -1e300;
        KeyMemory memory = step.newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.RESET);
        assertThat(memory.eventCount()).isZero();
        assertThat(memory.logVariance[2]).isZero();
    }

    /**
     * A history value that is not finite (bytes no step wrote: every value applied is finite and at most 1e18) is
     * replayed into the network at each re-warm, as a NaN input that no clipping bounds: the network state, and every
     * model forecast of the key with it, were NaN. Stored so, that state was started afresh at the next load and the
     * key re-warmed from the same history, NaN again, at every event until the value left the history. The key starts
     * afresh, as for scaling statistics that are not finite; so for a newest value, kept exactly, that is not finite.
     */
    @Test
    void shouldResetAKeyWhoseHistoryHoldsAValueThatIsNotFinite() {
        KeyStep step = new KeyStep(SETTINGS);
        ForecastModel first = new ForecastModel("m", 1, 0, SPEC, io.streamcast.lstm.LstmModel.initialise(
                SPEC.inputSize(), 4, 1, SPEC.outputSize(), 1), null);
        ForecastModel second = first.withVersion(2, 0, null);
        StepResult result = step.newResult();
        for (boolean newest : new boolean[] {false, true}) {
            KeyMemory stored = step.newMemory();
            for (int i = 0; i < 20; i++) {
                step.apply(stored, 1000L * i, new double[] {i, 2, 3 + i % 2}, first, result);
            }
            if (newest) {
                stored.recentValues[1] = Double.POSITIVE_INFINITY;
            } else {
                stored.historyValues[0] = Float.NaN;
            }
            KeyMemory memory = step.newMemory();

            assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                    .as(newest ? "the newest event's second value" : "the oldest event's first value")
                    .isEqualTo(KeyStateCodec.Outcome.RESET);
            step.apply(memory, 20_000L, new double[] {20, 2, 3}, second, result);
            for (int k = 1; k <= SPEC.horizon(); k++) {
                assertThat(result.modelForecast(k, 0)).isFinite();
                assertThat(result.modelForecast(k, 1)).isFinite();
            }
        }
    }

    /**
     * A stored forecast that is not finite (bytes no step wrote: a forecast issued is a value, persistence's, a
     * rhythm's or the model's within 1e18) scored the key's next event against it: that event's prediction carried a
     * residual and a raw score of NaN. Only the forecasts start afresh, and the event is scored on none.
     */
    @Test
    void shouldStartTheForecastsAfreshWhenAStoredForecastIsNotFinite() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(stored, 1000L * i, new double[] {i, 2, 3 + i % 2}, null, result);
        }
        stored.forecasts[stored.at(0, 1, 0)] = Double.NaN;
        KeyMemory memory = step.newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(memory.eventCount()).isEqualTo(10);
        step.apply(memory, 10_000L, new double[] {10, 2, 3}, null, result);
        assertThat(result.rawScore()).isFinite();
        assertThat(result.residualCount()).isZero();

        // version 1's layout, written by hand: whether a forecast was made, then its one row
        BinaryWriter out = new BinaryWriter();
        out.writeBoolean(true);
        out.writeVarLong(memory.horizon() * memory.forecastCount());
        for (int i = 0; i < memory.horizon() * memory.forecastCount(); i++) {
            out.writeDouble(i == 1 ? Double.POSITIVE_INFINITY : i);
        }
        byte[] payload = out.toByteArray();
        assertThat(new KeyStateSections.ForecastSection().read(step.newMemory(), new BinaryReader().reset(payload, 0,
                payload.length), 1)).as("a version 1 row").isFalse();
    }

    /**
     * A stored network state holding NaN (bytes no step wrote) would be carried into every later step, and the key
     * would never forecast with the model again until its next version: the network state starts afresh, and the
     * key's next event re-warms it from the key's history into finite forecasts.
     */
    @Test
    void shouldRewarmAKeyWhoseStoredNetworkStateIsNotFinite() {
        KeyStep step = new KeyStep(SETTINGS);
        ForecastModel model = new ForecastModel("m", 2, 0, SPEC, io.streamcast.lstm.LstmModel.initialise(
                SPEC.inputSize(), 4, 1, SPEC.outputSize(), 1), null);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(stored, 1000L * i, new double[] {i, 2, 3 + i % 2}, model, result);
        }
        stored.lstmState[3] = Float.NaN;
        KeyMemory memory = step.newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(memory.eventCount()).isEqualTo(10);
        assertThat(memory.modelVersion).isZero();

        step.apply(memory, 10_000L, new double[] {10, 2, 3}, model, result);
        assertThat(result.rewarmed()).isTrue();
        for (int k = 1; k <= SPEC.horizon(); k++) {
            assertThat(result.modelForecast(k, 0)).isFinite();
            assertThat(result.modelForecast(k, 1)).isFinite();
        }
    }

    /**
     * An interval calibration factor or mean error of NaN stays NaN at every later event, and the key would issue no
     * prediction interval again: the interval statistics start afresh, and the rest of the key is kept.
     */
    @Test
    void shouldRestartTheIntervalStatisticsWhenTheyAreNotFinite() {
        KeyMemory stored = randomMemory(11, 20);
        stored.absoluteErrors[1] = Double.NaN;
        KeyMemory scaleStored = randomMemory(12, 20);
        scaleStored.intervalScale[0] = Double.POSITIVE_INFINITY;

        for (KeyMemory spoilt : List.of(stored, scaleStored)) {
            KeyMemory memory = new KeyStep(SETTINGS).newMemory();
            assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(spoilt), memory))
                    .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
            assertThat(memory.eventCount()).isEqualTo(spoilt.eventCount());
            assertThat(memory.absoluteErrors).containsOnly(0.0);
            assertThat(memory.intervalScale).containsOnly(0.0);
            assertThat(memory.errorCounts).containsOnly(0L);
        }
    }

    /**
     * A change of forecast.horizon keeps each forecaster's and pair's records of the steps both horizons have, step by
     * step, and the rhythms' profile and carry-overs, which no horizon shapes: a key stored with a horizon of 4 (two
     * forecast values, 8 slots a record) read with one of 2 keeps each record's first 4 slots, with one of 6 its 8,
     * the 4 after them empty. Before, they all started afresh, a week of the weekly profile lost with them.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 6})
    void shouldKeepTheForecastersRecordsOfTheStepsBothHorizonsHave(int horizon) {
        KeyMemory stored = randomMemory(3, 20);
        KeyMemory memory = new KeyStep(new PredictorSettings(new InputSpec(3, new int[] {0, 2}, horizon, List.of(),
                0.01), 20, 4, 0, AnomalySettings.defaults())).newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);

        int kept = 2 * Math.min(horizon, 4);
        int row = 2 * horizon;
        for (int x = 0; x < ForecasterChoice.FORECASTERS; x++) {
            for (int i = 0; i < row; i++) {
                assertThat(memory.forecasterErrors[x * row + i]).as("forecaster %d, slot %d", x, i)
                        .isEqualTo(i < kept ? stored.forecasterErrors[x * 8 + i] : 0f);
                assertThat(memory.forecasterCounts[x * row + i]).isEqualTo(i < kept ? stored.forecasterCounts[x * 8 + i]
                        : 0);
            }
        }
        for (int p = 0; p < ForecasterChoice.PAIRS; p++) {
            for (int i = 0; i < row; i++) {
                assertThat(memory.pairMeans[p * row + i]).isEqualTo(i < kept ? stored.pairMeans[p * 8 + i] : 0f);
                assertThat(memory.pairSpreads[p * row + i]).isEqualTo(i < kept ? stored.pairSpreads[p * 8 + i] : 0f);
                assertThat(memory.pairCounts[p * row + i]).isEqualTo(i < kept ? stored.pairCounts[p * 8 + i] : 0);
            }
        }
        assertThat(memory.weeklyCounts).isEqualTo(stored.weeklyCounts);
        assertThat(memory.weeklyMeans).isEqualTo(stored.weeklyMeans);
        assertThat(memory.dailyLag).isEqualTo(stored.dailyLag);
        assertThat(memory.dayFits).isEqualTo(stored.dayFits);
        assertThat(memory.forecastRows).as("no forecast in flight").isZero();
        assertThat(memory.modelForecasts).containsOnly(Double.NaN);
    }

    @Test
    void shouldStartOnlyTheForecastsAfreshWhenTheHorizonIsShortened() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(stored, 1000L * i, new double[] {i, 2 * i, 3 * i}, null, result);
        }
        InputSpec shorter = new InputSpec(3, new int[] {0, 2}, 2, List.of(), 0.01);
        KeyMemory memory = new KeyStep(new PredictorSettings(shorter, 20, 4, 0, AnomalySettings.defaults()))
                .newMemory();

        // four forecast rows no longer fit a horizon of two: the forecasts and their intervals start afresh, the
        // key's history and statistics continue (and the forecasters' records of the first two steps, below)
        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(memory.eventCount()).isEqualTo(10);
        assertThat(memory.historySize()).isEqualTo(10);
        assertThat(memory.forecastRows).isZero();
    }

    /**
     * A key stored with a history of 20 events and read with a shorter one keeps its newest events, as it would have
     * kept them running with that length, and the rest of its state: a key at 1e9 + i at irregular times t(i) for its
     * events i = 0 to 29 keeps events 24 to 29 with a history of 6 (the four newest exact, as the horizon asks), the
     * four exact ones alone with a history of 4, and events 27 to 29 with a history of 3, shorter than the horizon.
     */
    @ParameterizedTest(name = "history.length {0}")
    @ValueSource(ints = {6, 4, 3})
    void shouldKeepTheNewestEventsWhenTheHistoryIsShortened(int historyLength) {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 30; i++) {
            step.apply(stored, irregularTime(i), new double[] {1e9 + i, i, 0}, null, result);
        }
        KeyMemory memory = new KeyStep(new PredictorSettings(SPEC, historyLength, 4, 0, AnomalySettings.defaults()))
                .newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);

        assertThat(memory.historySize()).isEqualTo(historyLength);
        for (int row = 0; row < historyLength; row++) {
            int event = 30 - historyLength + row;
            assertThat(memory.historyTimes[row]).as("time of row %d", row).isEqualTo(irregularTime(event));
            assertThat(memory.historyValues[3 * row]).as("first value of row %d", row).isEqualTo((float) (1e9 + event));
            assertThat(memory.historyValues[3 * row + 1]).as("second value of row %d", row).isEqualTo((float) event);
        }
        for (int back = 0; back < Math.min(4, historyLength); back++) {
            assertThat(memory.recentValue(back, 0)).as("exact value %d back", back).isEqualTo(1e9 + 29 - back);
        }
        assertThat(memory.eventCount()).isEqualTo(30);
        assertThat(memory.mean).isEqualTo(stored.mean);
        assertThat(memory.anomaly.events()).isEqualTo(30);
    }

    private static long irregularTime(int event) {
        return 1000L * event + (event * event % 7) * 13L;
    }

    /**
     * The newest values go through the store exactly, as persistence forecasts from them: a key at 1e9 + i for its
     * events i = 0 to 9, stored with a horizon of 4, keeps 1e9 + 9 to 1e9 + 6 read with a horizon of 2 or 6. Beyond
     * the four stored exactly, a horizon of 6 takes the history's single-precision values, 1e9 + 5 and 1e9 + 4 rounded
     * to the nearest float, 1e9 (floats are 64 apart there).
     */
    @Test
    void shouldKeepTheNewestValuesExactThroughTheStoreWhateverTheHorizon() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(stored, 1000L * i, new double[] {1e9 + i, 0, 0}, null, result);
        }
        byte[] bytes = new KeyStateCodec().encode(stored);

        KeyMemory shorter = new KeyStep(new PredictorSettings(new InputSpec(3, new int[] {0, 2}, 2, List.of(), 0.01),
                20, 4, 0, AnomalySettings.defaults())).newMemory();
        new KeyStateCodec().decode(bytes, shorter);
        assertThat(new double[] {shorter.recentValue(0, 0), shorter.recentValue(1, 0), shorter.recentValue(2, 0)})
                .containsExactly(1e9 + 9, 1e9 + 8, Double.NaN);

        KeyMemory longer = new KeyStep(new PredictorSettings(new InputSpec(3, new int[] {0, 2}, 6, List.of(), 0.01),
                20, 4, 0, AnomalySettings.defaults())).newMemory();
        new KeyStateCodec().decode(bytes, longer);
        double[] values = new double[6];
        for (int back = 0; back < 6; back++) {
            values[back] = longer.recentValue(back, 0);
        }
        assertThat(values).containsExactly(1e9 + 9, 1e9 + 8, 1e9 + 7, 1e9 + 6, 1e9, 1e9);
        assertThat(longer.historySize()).isEqualTo(10);
    }

    /**
     * Every section sized per forecast value has the size it expects when as many values are forecast, so only the
     * values' identity tells a key that forecast others: kept, one value's forecasts, interval calibration, forecaster
     * records and detector statistics would judge another until replaced.
     */
    @ParameterizedTest(name = "forecasting {0} where the key forecast [0, 2]")
    @MethodSource("otherForecastValues")
    void shouldStartThePerForecastValueComponentsAfreshWhenOtherValuesAreForecast(int[] otherIndices) {
        // Given a key that forecast values 0 and 2 of three for ten events
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        for (int i = 0; i < 10; i++) {
            step.apply(stored, 1000L * i, new double[] {i, 2 * i, 3 * i}, null, result);
        }
        assertThat(stored.forecastRows).as("the stored key's forecast rows").isEqualTo(4);
        assertThat(Arrays.stream(stored.errorCounts).sum()).as("the stored key's interval errors").isPositive();
        assertThat(Arrays.stream(stored.forecasterCounts).sum()).as("the stored key's forecaster records")
                .isPositive();
        assertThat(stored.anomaly.events()).as("the stored key's detector").isEqualTo(10);
        Arrays.fill(stored.widthSetBy, IntervalCalibration.FLOORED);
        InputSpec other = new InputSpec(3, otherIndices, 4, List.of(), 0.01);
        KeyMemory memory = new KeyStep(new PredictorSettings(other, 20, 4, 0, AnomalySettings.defaults()))
                .newMemory();

        // When it is read to forecast other values, as many of them
        KeyStateCodec codec = new KeyStateCodec();
        KeyStateCodec.Outcome outcome = codec.decode(new KeyStateCodec().encode(stored), memory);

        // Then its forecasts, intervals, forecasters and detector start afresh, each named as not fitting; its
        // history and scaling continue
        assertThat(outcome).isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(codec.unfitSections())
                .containsExactly("forecast", "detector", "intervals", "forecasters", "interval widths");
        assertThat(memory.widthSetBy).as("the interval widths, started afresh")
                .containsOnly(IntervalCalibration.SCALED);
        assertThat(memory.eventCount()).isEqualTo(10);
        assertThat(memory.historySize()).isEqualTo(10);
        assertThat(memory.mean).isEqualTo(stored.mean);
        assertThat(memory.forecastRows).isZero();
        assertThat(memory.errorCounts).containsOnly(0L);
        assertThat(memory.intervalScale).containsOnly(0.0);
        assertThat(memory.forecasterCounts).containsOnly(0L);
        assertThat(memory.pairCounts).containsOnly(0L);
        assertThat(memory.anomaly.events()).isZero();
    }

    /** Another value in place of one, and the same values in another order. */
    static Stream<int[]> otherForecastValues() {
        return Stream.of(new int[] {1, 2}, new int[] {2, 0});
    }

    private static byte[] detectorBytes(KeyMemory memory) {
        BinaryWriter out = new BinaryWriter();
        memory.anomaly.write(out);
        return out.toByteArray();
    }

    @Test
    void shouldRestartOnlyTheDetectorWhenItsStateHasAnotherSize() {
        KeyStep otherDetector = new KeyStep(new PredictorSettings(SPEC, 20, 4, 0, AnomalySettings.builder()
                .threshold(0.5).learningPeriod(100).relearningPeriod(100).window(20).refractoryEvents(30).build()));
        KeyMemory stored = otherDetector.newMemory();
        otherDetector.apply(stored, 1000, new double[] {1, 2, 3}, null, otherDetector.newResult());
        KeyMemory memory = new KeyStep(SETTINGS).newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.PARTLY_RESET);
        assertThat(memory.eventCount()).isEqualTo(1);
        assertThat(memory.anomaly.events()).isZero();
    }

    /**
     * The forecasters section of {@code memory} in the layout of versions 1 and 2, written by hand: no rows, three
     * forecasters' errors and counts, three pairs' means, spreads and counts, the daily forecaster's lag sums.
     */
    private static byte[] forecastersBeforeTheWeeklyRhythm(KeyMemory memory) {
        int slots = memory.slots();
        BinaryWriter out = new BinaryWriter();
        out.writeVarLong(0);
        out.writeVarLong(slots);
        out.writeFloats(memory.forecasterErrors, 0, 3 * slots);
        for (int i = 0; i < 3 * slots; i++) {
            out.writeVarLong(memory.forecasterCounts[i]);
        }
        out.writeFloats(memory.pairMeans, 0, 3 * slots);
        out.writeFloats(memory.pairSpreads, 0, 3 * slots);
        for (int i = 0; i < 3 * slots; i++) {
            out.writeVarLong(memory.pairCounts[i]);
        }
        out.writeFloats(memory.dailyLag, 0, memory.dailyLag.length);
        return out.toByteArray();
    }

    @Test
    void shouldReadAVersion1ForecastersSectionsMeanSquaresAsTheDeviationsOfTheSameVariance() {
        KeyMemory stored = new KeyStep(SETTINGS).newMemory();
        // version 1 held each pair's mean and mean square in the slots that now hold the mean and the deviation
        float[] means = {1, -3, 2};
        float[] meanSquares = {5, 25, 4};
        System.arraycopy(means, 0, stored.pairMeans, 0, 3);
        System.arraycopy(meanSquares, 0, stored.pairSpreads, 0, 3);
        byte[] payload = forecastersBeforeTheWeeklyRhythm(stored);
        KeyMemory read = new KeyStep(SETTINGS).newMemory();

        assertThat(new ForecasterSection().read(read, new BinaryReader().reset(payload, 0,
                payload.length), 1)).isTrue();

        // variances 5 - 1 = 4, 25 - 9 = 16 and 4 - 4 = 0; a normal distribution's mean absolute deviation is
        // sqrt(2 / pi) = 0.7978846 of its standard deviation
        assertThat(read.pairMeans[0]).isEqualTo(1f);
        assertThat(read.pairSpreads[0]).isCloseTo(2 * 0.7978846f, within(1e-6f));
        assertThat(read.pairSpreads[1]).isCloseTo(4 * 0.7978846f, within(1e-6f));
        assertThat(read.pairSpreads[2]).isZero();
    }

    @Test
    void shouldReadAVersion1IntervalsSectionsMeanSquareErrorsAsTheMeanMagnitudesOfNormalErrors() {
        KeyMemory read = new KeyStep(SETTINGS).newMemory();
        int slots = read.intervalScale.length;
        // version 1's layout, written by hand: per slot the calibration and the mean square error, then the counts
        BinaryWriter out = new BinaryWriter();
        out.writeVarLong(slots);
        for (int i = 0; i < slots; i++) {
            out.writeDouble(0.25 * i);
            out.writeDouble(i == 0 ? 9 : i == 1 ? 0.25 : 0);
        }
        for (int k = 0; k < read.errorCounts.length; k++) {
            out.writeVarLong(40 + k);
        }
        byte[] payload = out.toByteArray();

        assertThat(new KeyStateSections.IntervalSection().read(read, new BinaryReader().reset(payload, 0,
                payload.length), 1)).isTrue();

        // root mean squares 3, 0.5 and 0; a normal error's mean magnitude is sqrt(2 / pi) = 0.7978846 of its
        // standard deviation
        assertThat(read.absoluteErrors[0]).isCloseTo(3 * 0.7978846, within(1e-6));
        assertThat(read.absoluteErrors[1]).isCloseTo(0.5 * 0.7978846, within(1e-6));
        assertThat(read.absoluteErrors[2]).isZero();
        assertThat(read.intervalScale[1]).isEqualTo(0.25);
        assertThat(read.errorCounts[0]).isEqualTo(40);
    }

    @Test
    void shouldReadAVersion2ForecastersSectionIntoTheFirstThreeForecastersWithAnEmptyWeeklyRhythm() {
        KeyMemory expected = randomMemory(5, 7);
        int slots = expected.slots();
        byte[] payload = forecastersBeforeTheWeeklyRhythm(expected);
        KeyMemory read = randomMemory(6, 7);
        read.forecastRows = 0;

        assertThat(new ForecasterSection().read(read, new BinaryReader().reset(payload, 0,
                payload.length), 2)).isTrue();

        assertThat(Arrays.copyOf(read.forecasterErrors, 3 * slots))
                .isEqualTo(Arrays.copyOf(expected.forecasterErrors, 3 * slots));
        assertThat(Arrays.copyOf(read.pairSpreads, 3 * slots))
                .isEqualTo(Arrays.copyOf(expected.pairSpreads, 3 * slots));
        assertThat(Arrays.copyOfRange(read.pairCounts, 3 * slots, 6 * slots)).as("the weekly rhythm's pairs")
                .containsOnly(0L);
        assertThat(Arrays.copyOfRange(read.forecasterCounts, 3 * slots, 4 * slots)).containsOnly(0L);
        assertThat(read.dailyLag).isEqualTo(expected.dailyLag);
        assertThat(read.weeklyCounts).containsOnly((byte) 0);
        assertThat(read.weeklyStart).isEqualTo(Long.MAX_VALUE);
        assertThat(read.weeklyLag[0]).isNaN();
    }

    @Test
    void shouldStartTheWeeklyProfileOverWhenTheWeeklyRhythmIsTurnedOffOrOn() {
        KeyMemory withWeek = randomMemory(7, 9);
        withWeek.weeklyStart = 1_767_225_600_000L;
        KeyStep withoutWeekly = new KeyStep(SETTINGS.withWeeklyRhythm(false));
        KeyMemory withoutWeek = withoutWeekly.newMemory();
        KeyStateCodec codec = new KeyStateCodec();

        assertThat(codec.decode(codec.encode(withWeek), withoutWeek)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(withoutWeek.weeklyMeans).isEmpty();
        assertThat(withoutWeek.weeklyStart).isEqualTo(Long.MAX_VALUE);
        assertThat(withoutWeek.pairMeans).as("the rest of the forecasters' record").isEqualTo(withWeek.pairMeans);
        assertThat(withoutWeek.eventCount()).isEqualTo(withWeek.eventCount());
        // without a weekly profile: per forecast value (two here) 336 count bytes and four bytes of mean per half
        // hour seen fewer, the profile's length a one-byte varint (0) instead of two (672), and its start none
        // (Long.MAX_VALUE, ten bytes as a zigzag varint) instead of 2026-01-01 (six bytes); and no similar-day fits,
        // where with the week their day and its first event's time take their zigzag varints' bytes, the day's
        // events its varint's, and each forecast value has a usual squared deviation, 7 fits and 7 deviations of
        // four bytes (the length a one-byte varint either way); and no regression of the weekly deviations, of which
        // each forecast value has a stride of floats (its length a one-byte varint either way)
        int seen = 0;
        for (byte count : withWeek.weeklyCounts) {
            seen += count > 0 ? 1 : 0;
        }
        int dayBytes = zigzagBytes(withWeek.similarDay) + zigzagBytes(withWeek.similarDayStart)
                + varintBytes(withWeek.similarDayEvents);
        assertThat(codec.encode(withWeek).length - codec.encode(withoutWeek).length)
                .isEqualTo(2 * WeeklyForecast.SLOTS + 4 * seen + 1 - 4 + dayBytes + 2 * 4
                        + 2 * 2 * SimilarDay.DAYS * 4 + 2 * 4 * DeviationRegression.stride(SETTINGS.spec().horizon()));

        KeyMemory back = new KeyStep(SETTINGS).newMemory();
        assertThat(codec.decode(codec.encode(withoutWeek), back)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(back.weeklyCounts).hasSize(2 * WeeklyForecast.SLOTS).containsOnly((byte) 0);
    }

    /** Bytes of {@code value} as an unsigned base-128 varint: seven bits per byte. */
    private static int varintBytes(long value) {
        int bytes = 1;
        while ((value >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }

    /** Bytes of {@code value} as a zigzag varint. */
    private static int zigzagBytes(long value) {
        return varintBytes((value << 1) ^ (value >> 63));
    }

    @Test
    void shouldRefuseAStateWhoseForecastSectionCountsNegativeRows() {
        KeyMemory memory = randomMemory(4, 7);
        byte[] good = new KeyStateCodec().encode(memory);
        BinaryWriter negativeRows = new BinaryWriter();
        ForecastValues.write(memory, negativeRows);
        negativeRows.writeVarLong(-1);
        negativeRows.writeVarLong(SPEC.forecastSize());
        byte[] bad = withSectionPayload(good, KeyStateSections.FORECAST, negativeRows.toByteArray());

        assertThatThrownBy(() -> new KeyStateCodec().decode(bad, new KeyStep(SETTINGS).newMemory()))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("row count of -1");
    }

    /** {@code state} with the payload of section {@code id} replaced ({@link io.streamcast.codec.SectionedCodec}). */
    private static byte[] withSectionPayload(byte[] state, int id, byte[] payload) {
        BinaryReader in = new BinaryReader().reset(state, 0, state.length);
        BinaryWriter out = new BinaryWriter();
        out.writeByte(in.readByte());
        out.writeByte(in.readByte());
        long count = in.readVarLong();
        out.writeVarLong(count);
        for (long s = 0; s < count; s++) {
            int section = in.readByte();
            int version = in.readByte();
            int length = (int) in.readVarLong();
            byte[] original = Arrays.copyOfRange(state, in.position(), in.position() + length);
            in.skip(length);
            byte[] written = section == id ? payload : original;
            out.writeByte(section);
            out.writeByte(version);
            out.writeVarLong(written.length);
            out.writeBytes(written, 0, written.length);
        }
        return out.toByteArray();
    }

    /** The release before the interval widths section: every section but that one. */
    private static SectionedCodec<KeyMemory> withoutIntervalWidths() {
        return new SectionedCodec<>(KeyStateCodec.MAGIC, 1, KeyStateSections.all().stream()
                .filter(section -> section.id() != KeyStateSections.INTERVAL_WIDTHS).toList());
    }

    /**
     * A state stored by the release before the interval widths section loads whole, its pending forecasts' widths
     * taken as set by the calibration factor, as that release judged them; and that release, back after a rollback,
     * skips the section and keeps the whole key, its pending forecasts and their intervals among it.
     */
    @Test
    void shouldReadAStateWithoutIntervalWidthsWholeAndLetTheReleaseBeforeThemKeepTheKey() {
        KeyMemory memory = randomMemory(5, 9);
        KeyMemory back = new KeyStep(SETTINGS).newMemory();
        Arrays.fill(back.widthSetBy, IntervalCalibration.FIXED);
        KeyStateCodec codec = new KeyStateCodec();

        assertThat(codec.decode(withoutIntervalWidths().encode(memory), back)).isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(codec.unfitSections()).isEmpty();
        assertThat(back.widthSetBy).containsOnly(IntervalCalibration.SCALED);
        Arrays.fill(memory.widthSetBy, IntervalCalibration.SCALED);
        assertSameMemory(back, memory);

        KeyMemory stored = randomMemory(6, 9);
        KeyMemory rolledBack = new KeyStep(SETTINGS).newMemory();
        assertThat(withoutIntervalWidths().decode(codec.encode(stored), rolledBack))
                .isEqualTo(SectionedCodec.Outcome.LOADED);
        assertThat(rolledBack.forecastRows).isEqualTo(stored.forecastRows);
        assertThat(rolledBack.forecasts).isEqualTo(stored.forecasts);
        assertThat(rolledBack.halfWidths).isEqualTo(stored.halfWidths);
        assertThat(rolledBack.intervalScale).isEqualTo(stored.intervalScale);
    }

    /**
     * A key forecast exactly (a constant: every error 0, so every step's spread 0) continues from a state the release
     * before the interval widths stored as it would have under that release, which left the factor where the spread
     * was 0 when the event came: its factors stay 0. Its pending forecasts taken as set by the factor and judged so,
     * each event inside one narrowed its step's factor by 0.02 x 0.2 = 0.004 (at 80 %), step s's s times.
     */
    @Test
    void shouldLeaveTheFactorsOfAKeyForecastExactlyAsTheReleaseBeforeTheIntervalWidthsWould() {
        KeyStep step = new KeyStep(SETTINGS);
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        double[] constant = {100, 7, 100};
        for (int i = 0; i < 30; i++) {
            step.apply(stored, 1000L * i, constant, null, result);
        }
        assertThat(stored.forecastRows).isEqualTo(SPEC.horizon());
        assertThat(stored.halfWidths).as("intervals issued").doesNotContain(Double.NaN);
        assertThat(stored.absoluteErrors).as("every step's errors").containsOnly(0.0);
        assertThat(stored.intervalScale).as("the factors stored").containsOnly(0.0);
        KeyMemory upgraded = step.newMemory();

        assertThat(new KeyStateCodec().decode(withoutIntervalWidths().encode(stored), upgraded))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);
        for (int i = 30; i < 30 + SPEC.horizon(); i++) {
            step.apply(upgraded, 1000L * i, constant, null, result);
        }

        assertThat(upgraded.intervalScale).as("the factors once every row stored has been judged").containsOnly(0.0);
    }

    /**
     * New release, then the one before (a rollback, or an instance not yet upgraded taking the key over in a rolling
     * upgrade), then new again: the release before rewrote the state without the interval widths, and the new one
     * reads it whole, every pending forecast's width taken as set by the factor, none as it was before the first hop
     * (the forecast rows may have moved on under the release before).
     */
    @Test
    void shouldReadAStateThatWentThroughTheReleaseBeforeTheIntervalWidthsAndBackWhole() {
        KeyMemory memory = randomMemory(9, 9);
        Arrays.fill(memory.widthSetBy, IntervalCalibration.FIXED);
        KeyMemory before = new KeyStep(SETTINGS).newMemory();
        assertThat(withoutIntervalWidths().decode(new KeyStateCodec().encode(memory), before))
                .isEqualTo(SectionedCodec.Outcome.LOADED);
        KeyMemory back = new KeyStep(SETTINGS).newMemory();
        KeyStateCodec codec = new KeyStateCodec();

        assertThat(codec.decode(withoutIntervalWidths().encode(before), back)).isEqualTo(KeyStateCodec.Outcome.LOADED);

        assertThat(codec.unfitSections()).isEmpty();
        assertThat(back.widthSetBy).containsOnly(IntervalCalibration.SCALED);
        Arrays.fill(memory.widthSetBy, IntervalCalibration.SCALED);
        assertSameMemory(back, memory);
    }

    /** Fewer rows of widths than forecast rows (no release writes that): the rest are taken as set by the factor. */
    @Test
    void shouldTakeTheWidthsOfForecastRowsBeyondThoseStoredAsSetByTheFactor() {
        KeyMemory memory = randomMemory(7, 9);
        Arrays.fill(memory.widthSetBy, IntervalCalibration.FLOORED);
        BinaryWriter oneRow = new BinaryWriter();
        ForecastValues.write(memory, oneRow);
        oneRow.writeVarLong(1);
        oneRow.writeVarLong(SPEC.forecastSize());
        oneRow.writeBytes(memory.widthSetBy, 0, SPEC.forecastSize());
        byte[] stored = withSectionPayload(new KeyStateCodec().encode(memory), KeyStateSections.INTERVAL_WIDTHS,
                oneRow.toByteArray());
        KeyMemory back = new KeyStep(SETTINGS).newMemory();
        Arrays.fill(back.widthSetBy, IntervalCalibration.FIXED);

        assertThat(new KeyStateCodec().decode(stored, back)).isEqualTo(KeyStateCodec.Outcome.LOADED);

        int row = SPEC.forecastSize();
        assertThat(Arrays.copyOf(back.widthSetBy, row)).containsOnly(IntervalCalibration.FLOORED);
        assertThat(Arrays.copyOfRange(back.widthSetBy, row, back.widthSetBy.length))
                .containsOnly(IntervalCalibration.SCALED);
    }

    @Test
    void shouldRefuseAnIntervalWidthSetByNoReleaseKnows() {
        KeyMemory memory = randomMemory(8, 9);
        BinaryWriter unknown = new BinaryWriter();
        ForecastValues.write(memory, unknown);
        unknown.writeVarLong(1);
        unknown.writeVarLong(SPEC.forecastSize());
        for (int i = 0; i < SPEC.forecastSize(); i++) {
            unknown.writeByte(i == 2 ? 3 : IntervalCalibration.SCALED);
        }
        byte[] bad = withSectionPayload(new KeyStateCodec().encode(memory), KeyStateSections.INTERVAL_WIDTHS,
                unknown.toByteArray());

        assertThatThrownBy(() -> new KeyStateCodec().decode(bad, new KeyStep(SETTINGS).newMemory()))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("3 is no way a width was set");
    }

    @Test
    void shouldSkipTheLastDaysDeviationsOfAHalfHourNoEventTimeHas() {
        KeyMemory memory = randomMemory(9, 9);
        memory.weeklyDayLagHalfHour = Long.MAX_VALUE;
        Arrays.fill(memory.weeklyDayLag, 0.5f);
        KeyMemory back = new KeyStep(SETTINGS).newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(memory), back))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);
        assertThat(back.weeklyDayLagHalfHour).as("skipped as none").isEqualTo(DayLagDeviation.NONE);
        assertThat(back.pairMeans).as("the rest of the forecasters' record").isEqualTo(memory.pairMeans);
        long time = 1_767_225_600_000L;
        assertThat(DayLagDeviation.advance(back.weeklyDayLag, 2, back.weeklyDayLagHalfHour, time))
                .isEqualTo(time / (30 * 60_000L));
    }

    /**
     * A key kept without the weekly rhythm has no weekly profile, and no start of one (bytes no release wrote, such as
     * a start of 1970, are read whole). Its weekly forecasts looked up that profile past the start and failed its every
     * event with ArrayIndexOutOfBoundsException: each a processing-error dead letter, the state never stored again, so
     * the key was stuck for good. It forecasts, with no weekly forecast.
     */
    @Test
    void shouldForecastAKeyWithoutAWeeklyProfileWhoseStoredWeeklyStartIsSet() {
        KeyStep step = new KeyStep(SETTINGS.withWeeklyRhythm(false));
        KeyMemory stored = step.newMemory();
        StepResult result = step.newResult();
        long time = 1_767_225_600_000L;
        for (int i = 0; i < 10; i++) {
            step.apply(stored, time + i * 300_000L, new double[] {i, 2, 3}, null, result);
        }
        stored.weeklyStart = 0;
        KeyMemory memory = step.newMemory();

        assertThat(new KeyStateCodec().decode(new KeyStateCodec().encode(stored), memory))
                .isEqualTo(KeyStateCodec.Outcome.LOADED);
        step.apply(memory, time + 10 * 300_000L, new double[] {10, 2, 3}, null, result);
        assertThat(result.forecast(1, 0)).isEqualTo(10.0);
        assertThat(memory.weeklyForecasts).containsOnly(Double.NaN);
    }

    @Test
    void shouldRefuseBytesNoReleaseWrote() {
        KeyStateCodec codec = new KeyStateCodec();
        KeyMemory memory = new KeyStep(SETTINGS).newMemory();
        byte[] good = codec.encode(randomMemory(3, 7));

        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}, memory))
                .isInstanceOf(UndecodableStateException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {0, 0, 0, 0, 1, 9, 9}, memory))
                .isInstanceOf(UndecodableStateException.class).hasMessageContaining("registry-framed");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 1), memory))
                .isInstanceOf(UndecodableStateException.class);
    }
}

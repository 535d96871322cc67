package io.streamcast.recent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.anomaly.Scoring;
import io.streamcast.anomaly.Statistic;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputPosition;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.predict.StepResults;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's in-memory record of recent predictions, fed by the real per-key step. */
class RecentActivityTest {

    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, List.of(), 0.01);
    private final KeyStep step = new KeyStep(new PredictorSettings(SPEC, 8, 0, 0, AnomalySettings.defaults()));
    private final StepResult result = step.newResult();

    /** Applies {@code value} at {@code time} to {@code memory} with the persistence fallback and records it. */
    private void apply(RecentActivity recent, String key, KeyMemory memory, long time, double value) {
        apply(recent, key, memory, time, value, InputPosition.NONE, InputPosition.NONE);
    }

    /** The same, for the record read at {@code offset} of {@code partition}. */
    private void apply(RecentActivity recent, String key, KeyMemory memory, long time, double value, int partition,
                       long offset) {
        step.apply(memory, time, new double[] {value}, (ForecastModel) null, result);
        recent.record(key.getBytes(StandardCharsets.UTF_8), time, result, partition, offset);
    }

    @Test
    void shouldPairEachEventWithTheForecastMadeAtThePreviousOne() {
        RecentActivity recent = new RecentActivity(0, 4, 5, 3);
        KeyMemory memory = step.newMemory();
        double[] values = {10, 12, 11, 15, 14, 13, 20};
        for (int i = 0; i < values.length; i++) {
            apply(recent, "a", memory, 1_000L * i, values[i]);
        }

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        // The last five events; with the persistence fallback each forecast is the previous value.
        assertThat(series.times()).containsExactly(2_000, 3_000, 4_000, 5_000, 6_000);
        assertThat(series.actual()).containsExactly(11, 15, 14, 13, 20);
        assertThat(series.forecast()).containsExactly(12, 11, 15, 14, 13);
        assertThat(series.nextForecast()).isEqualTo(20);
        assertThat(java.util.Arrays.stream(series.lower()).allMatch(Double::isNaN)).isTrue();
        // Persistence is the forecast here, so both error sums are those of the changes between events.
        ForecastErrorTotals errors = recent.errors();
        assertThat(errors.events()).isEqualTo(6);
        assertThat(errors.modelAbsoluteError()).isEqualTo(2 + 1 + 4 + 1 + 1 + 7);
        assertThat(errors.persistenceAbsoluteError()).isEqualTo(errors.modelAbsoluteError());
    }

    /** A key's first events, in its learning period (3 events here), are marked as not scored, each in its place. */
    @Test
    void shouldMarkTheEventsOfTheKeysLearningPeriod() {
        KeyStep learning = new KeyStep(new PredictorSettings(SPEC, 8, 0, 0,
                AnomalySettings.defaults().toBuilder().learningPeriod(3).build()));
        StepResult stepped = learning.newResult();
        RecentActivity recent = new RecentActivity(0, 4, 4, 3);
        KeyMemory memory = learning.newMemory();
        for (int i = 0; i < 5; i++) {
            learning.apply(memory, 1_000L * i, new double[] {10 + i % 2}, (ForecastModel) null, stepped);
            recent.record(bytes("a"), 1_000L * i, stepped, 0, i);
        }

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.times()).containsExactly(1_000, 2_000, 3_000, 4_000);
        assertThat(series.scoring()).containsExactly(Scoring.LEARNING, Scoring.LEARNING, Scoring.SCORED,
                Scoring.SCORED);
        assertThat(series.anomaly()).containsOnly(false);
    }

    @Test
    void shouldMakeRoomForANewKeyByForgettingOneNotWrittenSinceTheHandPassed() {
        RecentActivity recent = new RecentActivity(0, 3, 4, 3);
        KeyMemory memory = step.newMemory();
        for (String key : List.of("a", "b", "c")) {
            apply(recent, key, memory, 1_000, 1);
        }
        // Every key was written since the hand last passed: the hand clears them all and takes the first.
        apply(recent, "d", memory, 2_000, 1);
        assertThat(recent.keys()).containsExactlyInAnyOrder("b", "c", "d");

        apply(recent, "b", memory, 3_000, 1);
        // c was not written since the hand cleared it; b was.
        apply(recent, "e", memory, 4_000, 1);
        assertThat(recent.keys()).containsExactlyInAnyOrder("b", "d", "e");
        assertThat(recent.series(bytes("c"))).isEmpty();
        assertThat(recent.series(bytes("e")).orElseThrow().times()).containsExactly(4_000);
    }

    @Test
    void shouldFindEveryKeyAfterManyAreForgotten() {
        RecentActivity recent = new RecentActivity(0, 16, 2, 3);
        KeyMemory memory = step.newMemory();
        for (int i = 0; i < 2_000; i++) {
            apply(recent, "key-" + i, memory, i, i);
            for (int back = 0; back < 16 && back <= i; back++) {
                if (recent.keys().contains("key-" + (i - back))) {
                    assertThat(recent.series(bytes("key-" + (i - back)))).isPresent();
                }
            }
        }
        assertThat(recent.keys()).hasSize(16).contains("key-1999");
    }

    @Test
    void shouldKeepTheLatestAnomaliesNewestFirst() {
        RecentActivity recent = new RecentActivity(0, 4, 4, 2);
        KeyMemory memory = step.newMemory();
        for (int i = 0; i < 300; i++) {
            apply(recent, "a", memory, i * 1_000L, 10 + (i % 2) * 0.01);
        }
        List<Long> flagged = new java.util.ArrayList<>();
        List<Statistic> causes = new java.util.ArrayList<>();
        List<Double> likelihoods = new java.util.ArrayList<>();
        // Each spike lies far outside every value the key has taken, and comes after the refractory period.
        for (int i = 300; i < 700; i++) {
            apply(recent, "a", memory, i * 1_000L, i == 320 ? 1_000 : i == 450 ? 10_000 : i == 580 ? 100_000 : 10);
            if (result.isAnomaly()) {
                flagged.add(i * 1_000L);
                causes.add(result.anomalyCause());
                likelihoods.add(result.likelihood());
            }
        }

        assertThat(flagged).as("the detector flags the jumps").hasSizeGreaterThanOrEqualTo(2);
        assertThat(recent.anomalies()).extracting(RecentAnomaly::eventTime)
                .containsExactly(flagged.get(flagged.size() - 1), flagged.get(flagged.size() - 2));
        assertThat(recent.anomalies()).allMatch(a -> Arrays.equals(a.key(), bytes("a")));
        assertThat(causes).doesNotContain(Statistic.NONE);
        assertThat(recent.anomalies()).extracting(RecentAnomaly::cause)
                .containsExactly(causes.get(causes.size() - 1), causes.get(causes.size() - 2));
        // The likelihood the alarm rule compared with the threshold, not the log-likelihood derived from it: the
        // console draws the threshold beside it.
        assertThat(recent.anomalies()).extracting(RecentAnomaly::likelihood)
                .containsExactly(likelihoods.get(likelihoods.size() - 1), likelihoods.get(likelihoods.size() - 2));
        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.likelihood()[series.size() - 1]).isEqualTo((float) result.likelihood());
    }

    /**
     * An aborted transaction's events are processed again from the key's committed state, at the offsets they were
     * read from: each shows once, in the series, the anomalies and the error sums alike. Before, the spike of the
     * aborted transaction was listed twice among the latest anomalies, and its key's chart drew it twice.
     */
    @Test
    void shouldShowAnEventProcessedAgainAfterAnAbortedTransactionOnce() {
        RecentActivity recent = new RecentActivity(0, 4, 400, 4);
        KeyMemory memory = step.newMemory();
        KeyMemory committed = step.newMemory();
        for (int i = 0; i < 300; i++) {
            double value = 10 + (i % 2) * 0.01;
            apply(recent, "a", memory, i * 1_000L, value, 0, i);
            step.apply(committed, i * 1_000L, new double[] {value}, (ForecastModel) null, result);
        }
        apply(recent, "a", memory, 300_000L, 1_000, 0, 300);
        assertThat(result.isAnomaly()).as("the spike").isTrue();
        apply(recent, "a", memory, 301_000L, 10, 0, 301);
        ForecastErrorTotals before = recent.errors();

        // aborted: read again from offset 300, with the key's state as committed at offset 299
        apply(recent, "a", committed, 300_000L, 1_000, 0, 300);
        apply(recent, "a", committed, 301_000L, 10, 0, 301);

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.size()).isEqualTo(302);
        assertThat(series.times()[301]).isEqualTo(301_000L);
        assertThat(recent.anomalies()).extracting(RecentAnomaly::eventTime).containsExactly(300_000L);
        assertThat(recent.errors()).isEqualTo(before);

        apply(recent, "a", committed, 302_000L, 10, 0, 302);
        assertThat(recent.series(bytes("a")).orElseThrow().size()).as("the next event").isEqualTo(303);
    }

    /**
     * An event processed again after an aborted transaction shows the figures of its replay, whose outputs were
     * committed: here a new model version (2) came into use between the two, and the aborted transaction's forecasts
     * (20 and 30) and anomaly (at its third event) are replaced by the replay's (12.5 and 13.5, and one at its fourth),
     * in the series, the forecast error and the latest anomalies. Before, they kept the aborted transaction's
     * figures.
     */
    @Test
    void shouldShowAnEventProcessedAgainWithTheFiguresOfItsReplay() {
        RecentActivity recent = new RecentActivity(0, 4, 8, 4);
        record(recent, 0, StepResults.of(SPEC, 10, 10, 0.1, false, Scoring.SCORED, 1));
        record(recent, 1, StepResults.of(SPEC, 11, 11, 0.1, false, Scoring.SCORED, 1));
        // aborted
        record(recent, 2, StepResults.of(SPEC, 12, 20, 0.9, true, Scoring.SCORED, 1));
        record(recent, 3, StepResults.of(SPEC, 13, 30, 0.8, false, Scoring.SCORED, 1));
        // read again from offset 2
        record(recent, 2, StepResults.of(SPEC, 12, 12.5, 0.2, false, Scoring.RELEARNING, 2));
        record(recent, 3, StepResults.of(SPEC, 13, 13.5, 0.95, true, Scoring.RELEARNING, 2));

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.actual()).containsExactly(10, 11, 12, 13);
        assertThat(series.forecast()).containsExactly(Double.NaN, 10, 11, 12.5);
        assertThat(series.nextForecast()).isEqualTo(13.5);
        assertThat(series.likelihood()).containsExactly(0.1f, 0.1f, 0.2f, 0.95f);
        assertThat(series.anomaly()).containsExactly(false, false, false, true);
        assertThat(recent.anomalies()).as("the replay's anomaly, not the aborted one's")
                .extracting(RecentAnomaly::eventTime, RecentAnomaly::likelihood, RecentAnomaly::forecast)
                .containsExactly(tuple(3_000L, 0.95, 12.5));
        assertThat(series.scoring()).containsExactly(Scoring.SCORED, Scoring.SCORED, Scoring.RELEARNING,
                Scoring.RELEARNING);
        assertThat(series.modelVersion()).containsExactly(1, 1, 2, 2);
        // |11 - 10| + |12 - 11| + |13 - 12.5| against persistence's 1 + 1 + 1; the aborted 20 counted |13 - 20|
        assertThat(recent.errors()).isEqualTo(new ForecastErrorTotals(3, 2.5, 3));

        record(recent, 4, StepResults.of(SPEC, 14, 14, 0, false, Scoring.RELEARNING, 2));
        assertThat(recent.series(bytes("a")).orElseThrow().forecast()).as("the next event's, made at the replay")
                .containsExactly(Double.NaN, 10, 11, 12.5, 13.5);
    }

    private static void record(RecentActivity recent, long offset, StepResult result) {
        recent.record(bytes("a"), 1_000L * offset, result, 0, offset);
    }

    /**
     * Offsets that go back are a replay only for events no later than the key's latest: a topic deleted and created
     * again numbers its records from 0 anew, and a key that moved to another partition is numbered there.
     */
    @Test
    void shouldShowEventsOfATopicCreatedAgainOrOfAnotherPartition() {
        RecentActivity recent = new RecentActivity(0, 4, 8, 4);
        KeyMemory memory = step.newMemory();
        apply(recent, "a", memory, 1_000, 1, 0, 500);
        apply(recent, "a", memory, 2_000, 2, 0, 501);
        apply(recent, "a", memory, 3_000, 3, 0, 0);
        apply(recent, "a", memory, 4_000, 4, 1, 7);
        apply(recent, "a", memory, 3_500, 5, 2, 3);

        assertThat(recent.series(bytes("a")).orElseThrow().size()).isEqualTo(5);
    }

    /**
     * The events topic made again numbers its records from 0 anew: a late event, accepted within the grace, read at
     * offset 0 of the new topic passes for a replay of the key's first (at offset 0 of the old one), but another event
     * than the one recorded there, which keeps its figures. Before, it took the late event's score and anomaly, and
     * the next point its forecast, in the forecast error too.
     */
    @Test
    void shouldKeepThePointOfAnotherEventAtTheOffsetOfATopicMadeAgain() {
        RecentActivity recent = new RecentActivity(0, 4, 8, 4);
        record(recent, 0, StepResults.of(SPEC, 10, 10, 0.1, false, Scoring.SCORED, 1));
        record(recent, 1, StepResults.of(SPEC, 11, 11, 0.1, false, Scoring.SCORED, 1));
        record(recent, 2, StepResults.of(SPEC, 12, 12, 0.1, false, Scoring.SCORED, 1));
        ForecastErrorTotals before = recent.errors();

        recent.record(bytes("a"), 1_500L, StepResults.of(SPEC, 50, 40, 0.99, true, Scoring.SCORED, 1), 0, 0);

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.likelihood()).containsExactly(0.1f, 0.1f, 0.1f);
        assertThat(series.forecast()).containsExactly(Double.NaN, 10, 11);
        assertThat(recent.anomalies()).isEmpty();
        assertThat(recent.errors()).isEqualTo(before);
    }

    @Test
    void shouldListAKeysPointsInTimeOrderWhenAnEventArrivedLate() {
        RecentActivity recent = new RecentActivity(0, 4, 4, 3);
        KeyMemory memory = step.newMemory();
        apply(recent, "a", memory, 0, 1);
        apply(recent, "a", memory, 600_000, 2);
        apply(recent, "a", memory, 1_200_000, 3);
        // Within the late-event policy's default grace of an hour: applied, after the later events.
        apply(recent, "a", memory, 300_000, 4);

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.times()).containsExactly(0, 300_000, 600_000, 1_200_000);
        assertThat(series.actual()).containsExactly(1, 4, 2, 3);
        // Each value keeps the forecast made at the event before it arrived: persistence's, the value before.
        assertThat(series.forecast()[1]).isEqualTo(3);
    }

    @Test
    void shouldWorkWithOneKeyTwoPointsAndOneAnomaly() {
        RecentActivity recent = new RecentActivity(0, 1, 2, 1);
        KeyMemory memory = step.newMemory();
        apply(recent, "a", memory, 1_000, 1);
        apply(recent, "a", memory, 2_000, 2);
        apply(recent, "a", memory, 3_000, 3);

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.size()).isEqualTo(2);
        assertThat(series.times()).containsExactly(2_000, 3_000);
    }

    @Test
    void shouldRefuseNoKeysFewerThanTwoPointsOrNoAnomalies() {
        assertThatThrownBy(() -> new RecentActivity(0, 0, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentActivity(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentActivity(0, 1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPairEachEventWithTheIntervalIssuedWithItsForecast() {
        int events = 30;
        RecentActivity recent = new RecentActivity(0, 4, events, 3);
        KeyMemory memory = step.newMemory();
        // issued[i]: the interval the step issued at event i - 1 for event i; none before the first event.
        double[] issuedLower = new double[events + 1];
        double[] issuedUpper = new double[events + 1];
        issuedLower[0] = Double.NaN;
        issuedUpper[0] = Double.NaN;
        int withInterval = 0;
        for (int i = 0; i < events; i++) {
            apply(recent, "a", memory, 1_000L * i, 10 + i % 3);
            // The track keeps floats, so what it returns is the step's bound rounded to a float.
            issuedLower[i + 1] = result.hasInterval() ? (float) result.lower(1, 0) : Double.NaN;
            issuedUpper[i + 1] = result.hasInterval() ? (float) result.upper(1, 0) : Double.NaN;
            withInterval += result.hasInterval() ? 1 : 0;
        }
        assertThat(withInterval).as("the step issues intervals at some events, not at the first ones")
                .isBetween(1, events - 1);

        KeySeries series = recent.series(bytes("a")).orElseThrow();
        assertThat(series.lower()).containsExactly(Arrays.copyOf(issuedLower, events));
        assertThat(series.upper()).containsExactly(Arrays.copyOf(issuedUpper, events));
        assertThat(series.nextLower()).isEqualTo(issuedLower[events]);
        assertThat(series.nextUpper()).isEqualTo(issuedUpper[events]);
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

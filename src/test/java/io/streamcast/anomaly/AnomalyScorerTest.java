package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import org.junit.jupiter.api.Test;

/**
 * The detector on events small enough to follow by hand. A key whose forecast errors all have magnitude 1 keeps
 * an error scale of exactly 1 (a running mean of ones), so its normalised errors are its errors.
 */
class AnomalyScorerTest {

    private static final double[] NO_ERRORS = {0};

    private static AnomalySettings settings(int learningPeriod, int window, int bucket, int refractory) {
        return new AnomalySettings(0.5, learningPeriod, window, bucket, refractory);
    }

    private static double update(AnomalyScorer scorer, DetectorState state, double value, double error) {
        return scorer.update(state, new double[] {value}, new double[] {error}, true);
    }

    @Test
    void shouldScoreAValueOutsideTheKeysRangeByItsDistanceFromTheMiddleInHalfWidths() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 100, 0), 1);
        DetectorState state = scorer.newState();
        assertThat(scorer.update(state, new double[] {0}, NO_ERRORS, false)).isZero();
        assertThat(scorer.update(state, new double[] {10}, NO_ERRORS, false)).as("no range before").isZero();

        // Middle 5, half-width 5: 15 lies 2 half-widths from the middle, so R = 2 and the score 1 - 1/2.
        assertThat(scorer.update(state, new double[] {15}, NO_ERRORS, false)).isEqualTo(0.5);
        // The range is now [0, 15]: 7.5 is its middle, and 12 lies inside it.
        assertThat(scorer.update(state, new double[] {12}, NO_ERRORS, false)).isZero();
        // -7.5 lies 15 / 7.5 = 2 half-widths from the middle.
        assertThat(scorer.update(state, new double[] {-7.5}, NO_ERRORS, false)).isEqualTo(0.5);
    }

    @Test
    void shouldScoreNothingDuringTheLearningPeriod() {
        AnomalyScorer scorer = new AnomalyScorer(settings(3, 1, 100, 0), 1);
        DetectorState state = scorer.newState();
        double[] scores = new double[5];
        double[] values = {0, 10, 1000, 1000, 3000};
        for (int i = 0; i < values.length; i++) {
            scores[i] = scorer.update(state, new double[] {values[i]}, NO_ERRORS, false);
        }
        // Events 0-2 learn; event 3 (1000, range [0, 1000]) breaks nothing; 3000 lies 5 half-widths out.
        assertThat(scores).containsExactly(0, 0, 0, 0, 0.8);
    }

    @Test
    void shouldScoreAnErrorTwiceTheKeysRecordAtOneHalf() {
        AnomalyScorer scorer = new AnomalyScorer(settings(0, 1, 1000, 0), 1);
        DetectorState state = scorer.newState();
        // Values stay within [-1, 1] once both have been seen, so the range says nothing.
        update(scorer, state, -1, 0);
        update(scorer, state, 1, 0);
        for (int i = 0; i < AnomalyScorer.WARM_ERRORS - 2; i++) {
            update(scorer, state, i % 2 == 0 ? -1 : 1, 1);
        }
        // The error scale is the mean magnitude of two zeros and eight ones: 0.8, so 0.8 normalises to 1 and
        // keeps the scale at 0.8. With a window of one event, drift and volatility are the error's magnitude.
        assertThat(update(scorer, state, 0, 0.8)).as("sets the record of 1").isZero();
        assertThat(update(scorer, state, 0, 0.8)).as("equals the record").isZero();
        assertThat(update(scorer, state, 0, 1.6)).as("twice the record").isCloseTo(0.5, within(1e-9));
        // The scale has become 0.8 + (1.6 - 0.8) / 13; the record is now 2.
        assertThat(update(scorer, state, 0, 0.8)).as("below the record").isZero();
    }

    @Test
    void shouldKeepARecordForOneToTwoBuckets() {
        StatisticRecord record = new StatisticRecord();
        assertThat(record.ratio(1, false)).as("no record, not yet armed").isZero();
        assertThat(record.ratio(1, true)).as("no record").isInfinite();
        record.fold(3);
        record.roll();
        record.fold(1);
        assertThat(record.ratio(1.5, true)).as("the previous bucket's 3").isEqualTo(0.5);
        record.roll();
        record.fold(1);
        assertThat(record.ratio(1.5, true)).as("3 is two buckets old").isEqualTo(1.5);
    }

    @Test
    void shouldRaiseOneAnomalyPerRefractoryPeriod() {
        AnomalyScorer scorer = new AnomalyScorer(new AnomalySettings(0.5, 0, 1, 100, 2), 1);
        DetectorState state = scorer.newState();
        boolean[] alarms = new boolean[6];
        double[] scores = {0.9, 0.9, 0.9, 0.9, 0.1, 0.9};
        for (int i = 0; i < scores.length; i++) {
            scorer.update(state, new double[] {0}, NO_ERRORS, false);
            alarms[i] = scorer.alarm(state, scores[i]);
        }
        // An alarm at event 0 keeps events 1 and 2 quiet; event 3 alarms and quiets 4 and 5.
        assertThat(alarms).containsExactly(true, false, false, true, false, false);
        assertThat(scorer.alarmScore(0.9, false)).isEqualTo(Math.nextDown(0.5));
        assertThat(scorer.alarmScore(0.9, true)).isEqualTo(0.9);
        assertThat(scorer.alarmScore(0.1, false)).isEqualTo(0.1);
    }

    @Test
    void shouldContinueAStoredStateExactlyAndRefuseAnotherVersion() {
        AnomalyScorer scorer = new AnomalyScorer(settings(5, 10, 50, 3), 2);
        DetectorState state = scorer.newState();
        DetectorState twin = scorer.newState();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            double[] values = {random.nextGaussian(), 100 + random.nextGaussian()};
            double[] errors = {random.nextGaussian(), random.nextGaussian()};
            double score = scorer.update(state, values, errors, i > 0);
            assertThat(scorer.update(twin, values, errors, i > 0)).isEqualTo(score);
            scorer.alarm(state, score);
            scorer.alarm(twin, score);
            if (i % 37 == 0) {
                BinaryWriter out = new BinaryWriter();
                state.write(out);
                DetectorState read = scorer.newState();
                assertThat(read.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                        DetectorState.VERSION)).isTrue();
                twin = read;
            }
        }
        BinaryWriter out = new BinaryWriter();
        state.write(out);
        assertThat(scorer.newState().read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                DetectorState.VERSION + 1)).isFalse();
        DetectorState otherWindow = new AnomalyScorer(settings(5, 9, 50, 3), 2).newState();
        assertThat(otherWindow.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()),
                DetectorState.VERSION)).isFalse();
    }
}

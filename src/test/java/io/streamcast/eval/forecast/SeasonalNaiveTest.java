package io.streamcast.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Seasonal naive forecasts of six rows with a season of 10 ms, the fourth row late (time 5, after time 20):
 * <pre>
 *   row    0    1    2    3    4    5
 *   time   0    10   20   5    15   25
 *   value  100  110  120  105  115  125
 * </pre>
 */
class SeasonalNaiveTest {

    private static final long[] TIMES = {0, 10, 20, 5, 15, 25};
    private static final double[] VALUES = {100, 110, 120, 105, 115, 125};
    private static final boolean[] ALL = {true, true, true, true, true, true};
    private static final double NaN = Double.NaN;

    /**
     * One step ahead (each row forecast after the row before it): row 1 by time 0's value, row 2 by time 10's; row 3,
     * at time 5, has no row at time -5; row 4 (15) by time 5's, the late row 3, known by then; row 5 by time 15's.
     */
    @Test
    void shouldForecastEachRowByTheRowTimestampedASeasonBefore() {
        double[] forecast = SeasonalNaive.forecasts(TIMES, VALUES, ALL, new int[] {-1, 0, 1, 2, 3, 4}, 10);

        assertThat(forecast).containsExactly(NaN, 100, 110, NaN, 105, 115);
    }

    /**
     * Two steps ahead: row 2 (time 20), forecast after row 0 (time 0), reaches two seasons back, to time 0; row 4
     * (time 15), forecast after row 2, would take time 5's value, but row 3 came after row 2, so it was not known:
     * no forecast; row 5 (time 25), forecast after row 3 (time 5), two seasons back, time 5's value.
     */
    @Test
    void shouldTakeOnlyAValueKnownWhenTheForecastWasMadeGoingBackWholeSeasonsToReachIt() {
        double[] forecast = SeasonalNaive.forecasts(TIMES, VALUES, ALL, new int[] {-1, -1, 0, 1, 2, 3}, 10);

        assertThat(forecast).containsExactly(NaN, NaN, 100, NaN, NaN, 105);
    }

    /** A refused row's value was never known: row 3 refused, row 4 has no value at time 5 to take. */
    @Test
    void shouldNotTakeTheValueOfARefusedRow() {
        boolean[] accepted = {true, true, true, false, true, true};

        double[] forecast = SeasonalNaive.forecasts(TIMES, VALUES, accepted, new int[] {-1, 0, 1, -1, 2, 4}, 10);

        assertThat(forecast).containsExactly(NaN, 100, 110, NaN, NaN, 115);
    }

    /**
     * A clock a little off its beat, readings about every 10 ms (gaps 11, 8, 13, 9, 8: median 9), season 30 ms: row 3
     * (time 32) takes the row at time 0, 2 ms from 32 - 30; rows 4 and 5 (41, 49) the rows at 11 and 19.
     */
    @Test
    void shouldTakeTheRowNearestASeasonBackOnAClockALittleOffItsBeat() {
        long[] times = {0, 11, 19, 32, 41, 49};
        double[] values = {100, 101, 102, 103, 104, 105};

        double[] forecast = SeasonalNaive.forecasts(times, values, ALL, new int[] {-1, 0, 1, 2, 3, 4}, 30);

        assertThat(forecast).containsExactly(NaN, NaN, NaN, 100, 101, 102);
    }

    /**
     * Readings every 10 ms with the one at 20 missing, season 30 ms: row 4 (time 50) has no reading a season back, and
     * the readings either side of 20 (10 and 30, each a whole gap away) are not taken in its place.
     */
    @Test
    void shouldNotTakeANeighbouringReadingForAMissingOne() {
        long[] times = {0, 10, 30, 40, 50};
        double[] values = {100, 110, 130, 140, 150};

        double[] forecast = SeasonalNaive.forecasts(times, values, new boolean[] {true, true, true, true, true},
                new int[] {-1, 0, 1, 2, 3}, 30);

        assertThat(forecast).containsExactly(NaN, NaN, 100, 110, NaN);
    }

    /**
     * Median gap 10 ms (gaps 10, 10, 15, 9), season 30 ms: row 3 (time 35) looks for time 5, half a gap from both 0
     * and 10, and takes neither; row 4 (44) looks for 14 and takes 10's value, 4 ms away.
     */
    @Test
    void shouldTakeOnlyAReadingLessThanHalfTheMedianGapAway() {
        long[] times = {0, 10, 20, 35, 44};
        double[] values = {100, 110, 120, 135, 144};

        double[] forecast = SeasonalNaive.forecasts(times, values, new boolean[] {true, true, true, true, true},
                new int[] {-1, 0, 1, 2, 3}, 30);

        assertThat(forecast).containsExactly(NaN, NaN, NaN, NaN, 110);
    }

    @Test
    void shouldTakeTheMedianOfThePositiveGapsBetweenAcceptedRows() {
        long[] times = {0, 10, 5, 30, 31, 50};
        boolean[] accepted = {true, true, true, true, false, true};

        // gaps between accepted rows in arrival order: 10, (5 before 10: none), 25, 20 -> median of 10, 20, 25
        assertThat(SeasonalNaive.medianSpacing(times, accepted)).isEqualTo(20);
    }
}

package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.schema.ValueTransform;
import org.junit.jupiter.api.Test;

class IntervalCalibrationTest {

    private final IntervalCalibration ninety = new IntervalCalibration(0.9);

    /**
     * A key at a billion forecast exactly (spread 0) still gets a positive interval: 1e-12 of its forecast, 0.001
     * either side, which doubles, 1.2e-7 apart there, can tell from the forecast.
     */
    @Test
    void shouldGiveAForecastMadeExactlyAtABillionAPositiveHalfWidth() {
        double halfWidth = ninety.halfWidth(0, 0, 1e9, IntervalCalibration.DOUBLE_RESOLUTION);

        assertThat(halfWidth).isCloseTo(1e-3, within(1e-12));
        assertThat(1e9 - halfWidth).isLessThan(1e9);
        assertThat(1e9 + halfWidth).isGreaterThan(1e9);
    }

    /**
     * A key at a billion whose forecasts miss by about 1 (spread 1) gets the normal quantile of 0.95, 1.6449, either
     * side, not the 1000 that a floor of a millionth of the forecast held it at.
     */
    @Test
    void shouldGiveAKeyAtABillionWhoseErrorsAreAboutOneAnIntervalOfItsErrors() {
        assertThat(ninety.halfWidth(1, 0, 1e9, IntervalCalibration.DOUBLE_RESOLUTION)).isCloseTo(1.6449, within(1e-4));
    }

    /**
     * On the signed-log scale a forecast of a billion is drawn around log(1 + 1e9) = 20.7233; forecast exactly, its
     * half-width there is 1e-12 of that, 2.07e-11, which transformed back is 1e9 x 2.07e-11 = 0.0207 either side:
     * positive, finite, and far above the spacing of doubles on either scale (3.6e-15 at 20.7, 1.2e-7 at 1e9).
     */
    @Test
    void shouldGiveAForecastMadeExactlyAtABillionAPositiveIntervalOnTheSignedLogScale() {
        double center = ValueTransforms.apply(ValueTransform.SIGNED_LOG, 1e9);
        double halfWidth = ninety.halfWidth(0, 0, center, IntervalCalibration.DOUBLE_RESOLUTION);

        double lower = ValueTransforms.invert(ValueTransform.SIGNED_LOG, center - halfWidth);
        double upper = ValueTransforms.invert(ValueTransform.SIGNED_LOG, center + halfWidth);
        assertThat(upper - 1e9).isCloseTo(0.0207, within(1e-4));
        assertThat(1e9 - lower).isCloseTo(0.0207, within(1e-4));
    }

    /**
     * A forecast made from single-precision values (the weekly rhythm's float means of logs, yesterday's float values)
     * carries their roundings, 6e-8 of the value each: exact but for them, a forecast of 79.52 keeps a millionth of it,
     * 7.952e-5, either side, which a few of them do not reach.
     */
    @Test
    void shouldKeepAMillionthOfAForecastMadeFromSinglePrecisionValues() {
        assertThat(ninety.halfWidth(0, 0, 79.52, IntervalCalibration.SINGLE_RESOLUTION))
                .isCloseTo(7.952e-5, within(1e-12));
    }

    @Test
    void shouldGiveNoHalfWidthWhileTheSpreadIsUnknown() {
        assertThat(ninety.halfWidth(Double.NaN, 0, 1e9, IntervalCalibration.DOUBLE_RESOLUTION)).isNaN();
    }

    /**
     * At a billion, forecast in double precision, the floor is 0.001 either side: a spread of 1e-4 times 1.6449 is
     * below it, times exp(2.5) = 12.18 too (0.0020) above it; a spread of 0 is at it whatever the factor.
     */
    @Test
    void shouldSayWhetherTheSpreadTimesTheFactorOrTheFloorSetAWidth() {
        double floor = IntervalCalibration.DOUBLE_RESOLUTION;
        assertThat(ninety.widthSetBy(1, 0, 1e9, floor)).isEqualTo(IntervalCalibration.SCALED);
        assertThat(ninety.widthSetBy(1e-4, 0, 1e9, floor)).isEqualTo(IntervalCalibration.FLOORED);
        assertThat(ninety.widthSetBy(1e-4, 2.5, 1e9, floor)).isEqualTo(IntervalCalibration.SCALED);
        assertThat(ninety.widthSetBy(0, IntervalCalibration.LIMIT, 1e9, floor)).isEqualTo(IntervalCalibration.FIXED);
        assertThat(ninety.widthSetBy(1e-4, 0, 0, floor)).as("a forecast of 0 has no floor")
                .isEqualTo(IntervalCalibration.SCALED);
    }

    /**
     * At 90 % the factor moves by 0.02 x (miss - 0.1): by -0.002 on an error inside an interval the factor set and
     * +0.018 on one outside; an error inside a floored interval leaves it, one outside widens it; nothing moves it
     * where the spread was 0.
     */
    @Test
    void shouldMoveTheFactorOnlyWhereItCouldHaveChangedWhetherTheErrorFellInside() {
        assertThat(updated(0.5, 1, IntervalCalibration.SCALED)).isCloseTo(-0.002, within(1e-15));
        assertThat(updated(2, 1, IntervalCalibration.SCALED)).isCloseTo(0.018, within(1e-15));
        assertThat(updated(0.5, 1, IntervalCalibration.FLOORED)).isZero();
        assertThat(updated(2, 1, IntervalCalibration.FLOORED)).isCloseTo(0.018, within(1e-15));
        assertThat(updated(0.5, 1, IntervalCalibration.FIXED)).isZero();
        assertThat(updated(2, 1, IntervalCalibration.FIXED)).isZero();
        assertThat(updated(2, Double.NaN, IntervalCalibration.SCALED)).as("no interval issued").isZero();
    }

    /**
     * Nor where the key's spread at the step is 0 or unknown when the event comes, as the release before the widths
     * were kept judged every interval, whose widths are taken as set by the factor.
     */
    @Test
    void shouldLeaveTheFactorWhereTheSpreadIsZeroOrUnknownWhenTheEventComes() {
        assertThat(updated(0.5, 1, IntervalCalibration.SCALED, 0)).isZero();
        assertThat(updated(2, 1, IntervalCalibration.SCALED, Double.NaN)).isZero();
        assertThat(updated(2, 1, IntervalCalibration.FLOORED, 0)).isZero();
    }

    /**
     * Where the factor had no say, an error inside still narrows a factor above 0 by the 0.002 an error inside
     * narrows it at 90 %, down to 0 and no further; an error outside leaves it, and one at or below 0 stays.
     */
    @Test
    void shouldNarrowAWideFactorToZeroOnAnErrorInsideAnIntervalItHadNoSayIn() {
        assertThat(updatedFrom(2, 0.5, 1, IntervalCalibration.FLOORED, 1)).isCloseTo(1.998, within(1e-15));
        assertThat(updatedFrom(2, 0.5, 1, IntervalCalibration.FIXED, 1)).isCloseTo(1.998, within(1e-15));
        assertThat(updatedFrom(2, 0.5, 1, IntervalCalibration.SCALED, 0)).isCloseTo(1.998, within(1e-15));
        assertThat(updatedFrom(0.001, 0.5, 1, IntervalCalibration.FLOORED, 1)).as("not below 0").isZero();
        assertThat(updatedFrom(-1, 0.5, 1, IntervalCalibration.FLOORED, 1)).isEqualTo(-1);
        assertThat(updatedFrom(2, 2, 1, IntervalCalibration.FIXED, 1)).as("outside a fixed width").isEqualTo(2);
        assertThat(updatedFrom(2, 0.5, Double.NaN, IntervalCalibration.FLOORED, 1)).as("no interval issued")
                .isEqualTo(2);
    }

    private double updated(double error, double halfWidth, byte setBy) {
        return updated(error, halfWidth, setBy, 1);
    }

    private double updated(double error, double halfWidth, byte setBy, double spread) {
        return updatedFrom(0, error, halfWidth, setBy, spread);
    }

    private double updatedFrom(double scale, double error, double halfWidth, byte setBy, double spread) {
        double[] scales = {scale};
        ninety.update(scales, 0, error, halfWidth, setBy, spread);
        return scales[0];
    }
}
